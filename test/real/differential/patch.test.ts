// Differential: merge, JSON and strategic merge patches (and their errors), on a ConfigMap, a Deployment's keyed
// container list and a CRD kind, against the simulator and kube-apiserver.
import { START_TIMEOUT_MS } from '../support';
import { assertSame, namespaceOnBoth, onBoth, outcome, stable, useBackends } from './backends';

const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';

describe('differential: patches', function () {
  this.timeout(START_TIMEOUT_MS);
  const backends = useBackends('diff-patch');

  it('merge and JSON patches on a ConfigMap, a failed test operation, a malformed patch, a missing object', async () => {
    const ns = await namespaceOnBoth(backends(), 'patch');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      const steps: unknown[] = [];
      await admin.post(base, { metadata: { name: 'p', labels: { a: '1', b: '2' } }, data: { x: '1', y: '2' } });
      const merged = await admin.patch(`${base}/p`, { metadata: { labels: { b: null, c: '3' } }, data: { x: '10' } }, MERGE);
      steps.push(outcome(merged), stable(merged.json()));
      const patched = await admin.patch(`${base}/p`, [{ op: 'add', path: '/data/z', value: '3' }, { op: 'remove', path: '/data/y' }, { op: 'replace', path: '/metadata/labels/a', value: 'one' }], JSON_PATCH);
      steps.push(outcome(patched), stable(patched.json()));
      steps.push(outcome(await admin.patch(`${base}/p`, [{ op: 'test', path: '/data/x', value: 'nope' }], JSON_PATCH)));
      steps.push(outcome(await admin.patch(`${base}/p`, [{ op: 'remove', path: '/data/absent' }], JSON_PATCH)));
      steps.push(outcome(await admin.patch(`${base}/p`, { op: 'add' }, JSON_PATCH)));
      steps.push(outcome(await admin.patch(`${base}/p`, '[1, 2', MERGE)));
      steps.push(outcome(await admin.patch(`${base}/missing`, { data: { x: '1' } }, MERGE)));
      steps.push(outcome(await admin.patch(`${base}/p`, { data: { x: '1' } }, 'application/xml')));
      const strategic = await admin.patch(`${base}/p`, { data: { w: '0' } }, STRATEGIC);
      steps.push(outcome(strategic), stable(strategic.json()));
      return steps;
    });
    assertSame(sim, real);
  });

  it('a strategic merge patch merges a Deployment\'s containers by name and deletes one with $patch', async () => {
    const ns = await namespaceOnBoth(backends(), 'smp');
    const base = `/apis/apps/v1/namespaces/${ns}/deployments`;
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      const deployment = {
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }, { name: 'sidecar', image: 'envoy:1' }] } },
        },
      };
      await admin.post(base, deployment);
      const containers = (r: { json: <T>() => T }) => r.json<{ spec: { template: { spec: { containers: { name: string; image: string }[] } } } }>().spec.template.spec.containers.map((c) => `${c.name}=${c.image}`);
      const steps: unknown[] = [];
      const merged = await admin.patch(`${base}/web`, { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:2', env: [{ name: 'B', value: '2' }] }, { name: 'extra', image: 'busybox' }] } } } }, STRATEGIC);
      const env = merged.json<{ spec: { template: { spec: { containers: { env?: unknown[] }[] } } } }>().spec.template.spec.containers[0].env;
      steps.push(outcome(merged), containers(merged), env);
      const deleted = await admin.patch(`${base}/web`, { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } }, STRATEGIC);
      steps.push(outcome(deleted), containers(deleted));
      const replacedByMerge = await admin.patch(`${base}/web`, { spec: { template: { spec: { containers: [{ name: 'only', image: 'x' }] } } } }, MERGE);
      steps.push(outcome(replacedByMerge), containers(replacedByMerge));
      return steps;
    });
    assertSame(sim, real);
  });

  it('a CRD kind takes merge and JSON patches, refuses a strategic merge patch with 415', async () => {
    const ns = await namespaceOnBoth(backends(), 'crdpatch');
    const base = `/apis/instancetype.kubevirt.io/v1beta1/namespaces/${ns}/virtualmachineinstancetypes`;
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      await admin.post(base, { apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineInstancetype', metadata: { name: 't' }, spec: { cpu: { guest: 1 }, memory: { guest: '1Gi' } } });
      const steps: unknown[] = [];
      const merged = await admin.patch(`${base}/t`, { spec: { cpu: { guest: 2 } } }, MERGE);
      steps.push(outcome(merged), stable(merged.json()));
      const patched = await admin.patch(`${base}/t`, [{ op: 'replace', path: '/spec/memory/guest', value: '2Gi' }], JSON_PATCH);
      steps.push(outcome(patched), stable(patched.json()));
      steps.push(outcome(await admin.patch(`${base}/t`, { spec: { cpu: { guest: 4 } } }, STRATEGIC)));
      return steps;
    });
    assertSame(sim, real);
  });
});
