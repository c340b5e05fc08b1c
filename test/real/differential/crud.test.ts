// Differential: create / get / update / delete and their errors, on a built-in kind (ConfigMap), a namespace and a
// CRD kind, against the simulator and kube-apiserver; codes, Status reasons, messages and details must agree.
import { START_TIMEOUT_MS } from '../support';
import { assertSame, namespaceOnBoth, onBoth, outcome, stable, useBackends } from './backends';

describe('differential: create, get, update, delete', function () {
  this.timeout(START_TIMEOUT_MS);
  const backends = useBackends('diff-crud');

  it('/version names the same Kubernetes release', async () => {
    const { sim, real } = await onBoth(backends(), async (b) => {
      const { major, minor, gitVersion, emulationMajor, emulationMinor, minCompatibilityMajor, minCompatibilityMinor } = (await b.admin.get('/version')).json();
      return [{ major, minor, gitVersion, emulationMajor, emulationMinor, minCompatibilityMajor, minCompatibilityMinor }];
    });
    assertSame(sim, real);
  });

  it('a ConfigMap: create, AlreadyExists, get, NotFound, stale update Conflict, name mismatch, delete', async () => {
    const ns = await namespaceOnBoth(backends(), 'crud');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', labels: { app: 'x' } }, data: { a: '1' } };
      const steps: unknown[] = [];
      const created = await admin.post(base, cm);
      steps.push(outcome(created), stable(created.json()));
      steps.push(outcome(await admin.post(base, cm)));
      const got = await admin.get(`${base}/settings`);
      steps.push(outcome(got), stable(got.json()));
      steps.push(outcome(await admin.get(`${base}/missing`)));
      const current = got.json<{ metadata: { resourceVersion: string } }>();
      const updated = await admin.put(`${base}/settings`, { ...cm, metadata: { ...cm.metadata, resourceVersion: current.metadata.resourceVersion }, data: { a: '2' } });
      steps.push(outcome(updated), stable(updated.json()));
      steps.push(outcome(await admin.put(`${base}/settings`, { ...cm, metadata: { ...cm.metadata, resourceVersion: current.metadata.resourceVersion }, data: { a: '3' } })));
      steps.push(outcome(await admin.put(`${base}/settings`, { ...cm, metadata: { name: 'other' } })));
      steps.push(outcome(await admin.put(`${base}/missing`, { ...cm, metadata: { name: 'missing' } })));
      steps.push(outcome(await admin.post(base, { ...cm, metadata: { name: 'Not_Valid' } })));
      steps.push(outcome(await admin.post(base, { ...cm, metadata: { name: 'elsewhere', namespace: 'other' } })));
      steps.push(outcome(await admin.post('/api/v1/namespaces/no-such-namespace/configmaps', cm)));
      const deleted = await admin.delete(`${base}/settings`);
      const body = deleted.json<{ kind: string; status?: string; details?: Record<string, unknown> }>();
      steps.push(outcome(deleted), { kind: body.kind, status: body.status, details: { ...body.details, uid: typeof body.details?.uid } });
      steps.push(outcome(await admin.delete(`${base}/settings`)));
      return steps;
    });
    assertSame(sim, real);
  });

  it('a CRD kind: create, errors, kind and apiVersion mismatches, delete answers with a Success Status', async () => {
    const ns = await namespaceOnBoth(backends(), 'crd');
    const base = `/apis/instancetype.kubevirt.io/v1beta1/namespaces/${ns}/virtualmachineinstancetypes`;
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      const it = { apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineInstancetype', metadata: { name: 'small' }, spec: { cpu: { guest: 1 }, memory: { guest: '1Gi' } } };
      const steps: unknown[] = [];
      const created = await admin.post(base, it);
      steps.push(outcome(created), stable(created.json()));
      steps.push(outcome(await admin.post(base, it)));
      steps.push(outcome(await admin.get(`${base}/missing`)));
      steps.push(outcome(await admin.post(base, { ...it, kind: 'VirtualMachinePreference', metadata: { name: 'wrong-kind' } })));
      steps.push(outcome(await admin.post(base, { ...it, apiVersion: 'instancetype.kubevirt.io/v1', metadata: { name: 'wrong-version' } })));
      const deleted = await admin.delete(`${base}/small`);
      steps.push(outcome(deleted), stable(deleted.json()));
      steps.push(outcome(await admin.delete(`${base}/small`)));
      return steps;
    });
    assertSame(sim, real);
  });

  it('namespaces: create, the default namespace cannot be deleted, deletion answers Terminating', async () => {
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      const steps: unknown[] = [];
      const created = await admin.post('/api/v1/namespaces', { metadata: { name: 'doomed' } });
      steps.push(outcome(created), stable(created.json()));
      steps.push(outcome(await admin.delete('/api/v1/namespaces/default')));
      const deleted = await admin.delete('/api/v1/namespaces/doomed');
      const body = deleted.json<{ status: { phase: string }; metadata: { deletionTimestamp?: string } }>();
      steps.push(outcome(deleted), body.status.phase, typeof body.metadata.deletionTimestamp);
      return steps;
    });
    assertSame(sim, real);
  });

  it('a Pod and a Service answer a delete with the object; a Secret with a Success Status', async () => {
    const ns = await namespaceOnBoth(backends(), 'deletes');
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      // Pods need their namespace's default service account (ServiceAccount admission).
      await admin.post(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: 'default' } });
      const steps: unknown[] = [];
      const kinds = [
        ['pods', { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }],
        ['services', { metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } }],
        ['secrets', { metadata: { name: 'x' }, stringData: { k: 'v' } }],
      ] as const;
      for (const [resource, body] of kinds) {
        const created = await admin.post(`/api/v1/namespaces/${ns}/${resource}`, body);
        steps.push(outcome(created));
        const deleted = await admin.delete(`/api/v1/namespaces/${ns}/${resource}/${body.metadata.name}`);
        const answer = deleted.json<{ kind: string; status?: string; metadata?: { name?: string } }>();
        steps.push(outcome(deleted), { kind: answer.kind, status: answer.kind === 'Status' ? answer.status : undefined, name: answer.metadata?.name });
      }
      return steps;
    });
    assertSame(sim, real);
  });

  it('dryRun=All answers as a create would and stores nothing', async () => {
    const ns = await namespaceOnBoth(backends(), 'dry');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      const dry = await admin.post(`${base}?dryRun=All`, { metadata: { name: 'ghost' }, data: { a: '1' } });
      return [outcome(dry), stable(dry.json()), outcome(await admin.get(`${base}/ghost`))];
    });
    assertSame(sim, real);
  });
});
