// Differential: server-side apply — create by apply, field ownership in managedFields, a conflict with another
// manager (Apply or Update), force, fields a manager stops applying, the required fieldManager — against the
// simulator and kube-apiserver.
import { START_TIMEOUT_MS } from '../support';
import { assertSame, namespaceOnBoth, onBoth, outcome, stable, useBackends, type Outcome } from './backends';

const APPLY = 'application/apply-patch+yaml';

/** A YAML syntax error up to go-yaml's own wording, which the simulator's YAML parser cannot reproduce (README.md). */
const yamlError = (o: Outcome): Outcome => ({ ...o, message: o.message?.replace(/(yaml: line \d+:).*$/s, '$1 …') });

describe('differential: server-side apply', function () {
  this.timeout(START_TIMEOUT_MS);
  const backends = useBackends('diff-apply');

  it('apply creates, records ownership, conflicts with another applier, force takes the field over', async () => {
    const ns = await namespaceOnBoth(backends(), 'ssa');
    const path = `/api/v1/namespaces/${ns}/configmaps/cfg`;
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      const cm = (data: Record<string, string>, labels?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', ...(labels ? { labels } : {}) }, data });
      const steps: unknown[] = [];
      const created = await admin.patch(`${path}?fieldManager=alpha`, cm({ a: '1', b: '2' }, { team: 'x' }), APPLY);
      steps.push(outcome(created), stable(created.json()));
      const again = await admin.patch(`${path}?fieldManager=alpha`, cm({ a: '1', b: '2' }, { team: 'x' }), APPLY);
      steps.push(outcome(again), stable(again.json()));
      const shared = await admin.patch(`${path}?fieldManager=beta`, cm({ a: '1', c: '3' }), APPLY);
      steps.push(outcome(shared), stable(shared.json()));
      steps.push(outcome(await admin.patch(`${path}?fieldManager=beta`, cm({ a: 'changed' }), APPLY)));
      steps.push(outcome(await admin.patch(`${path}?fieldManager=beta`, cm({ a: 'changed', b: 'changed' }), APPLY)));
      const forced = await admin.patch(`${path}?fieldManager=beta&force=true`, cm({ a: 'changed', c: '3' }), APPLY);
      steps.push(outcome(forced), stable(forced.json()));
      return steps;
    });
    assertSame(sim, real);
  });

  it('an update takes fields from an applier; the applier then conflicts with the updater', async () => {
    const ns = await namespaceOnBoth(backends(), 'ssa-update');
    const path = `/api/v1/namespaces/${ns}/configmaps/cfg`;
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      const steps: unknown[] = [];
      await admin.patch(`${path}?fieldManager=applier`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1', b: '2' } }, APPLY);
      const edited = await admin.patch(`${path}?fieldManager=editor`, { data: { a: 'edited' } }, 'application/merge-patch+json');
      steps.push(outcome(edited), stable(edited.json()));
      steps.push(outcome(await admin.patch(`${path}?fieldManager=applier`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1', b: '2' } }, APPLY)));
      const dropped = await admin.patch(`${path}?fieldManager=applier`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'edited' } }, APPLY);
      steps.push(outcome(dropped), stable(dropped.json()));
      return steps;
    });
    assertSame(sim, real);
  });

  it('an apply needs a fieldManager, a matching name and kind', async () => {
    const ns = await namespaceOnBoth(backends(), 'ssa-errors');
    const path = `/api/v1/namespaces/${ns}/configmaps/cfg`;
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } };
      return [
        outcome(await admin.patch(path, cm, APPLY)),
        outcome(await admin.patch(`${path}?fieldManager=m`, { ...cm, metadata: { name: 'other' } }, APPLY)),
        yamlError(outcome(await admin.patch(`${path}?fieldManager=m`, 'data: [unclosed', APPLY))),
        outcome(await admin.patch(`${path}/status?fieldManager=m`, cm, APPLY)),
      ];
    });
    assertSame(sim, real);
  });

  it('apply on a CRD kind: create, managedFields, conflict, and a status subresource owned separately', async () => {
    const ns = await namespaceOnBoth(backends(), 'ssa-crd');
    const path = `/apis/pool.kubevirt.io/v1beta1/namespaces/${ns}/virtualmachinepools/pool`;
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      const pool = (replicas: number) => ({
        apiVersion: 'pool.kubevirt.io/v1beta1', kind: 'VirtualMachinePool', metadata: { name: 'pool' },
        // No labels in the template's metadata: that is a free-form object in the CRD schema, whose maps kube-apiserver
        // records as owned nodes (see README.md, intended differences).
        spec: { replicas, selector: { matchLabels: { app: 'p' } }, virtualMachineTemplate: { spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {} } } } } } },
      });
      const steps: unknown[] = [];
      const created = await admin.patch(`${path}?fieldManager=ops`, pool(2), APPLY);
      steps.push(outcome(created), stable(created.json()));
      steps.push(outcome(await admin.patch(`${path}?fieldManager=autoscaler`, pool(5), APPLY)));
      const status = await admin.patch(`${path}/status?fieldManager=controller`, { apiVersion: 'pool.kubevirt.io/v1beta1', kind: 'VirtualMachinePool', metadata: { name: 'pool' }, status: { replicas: 2, readyReplicas: 1 } }, APPLY);
      steps.push(outcome(status), stable(status.json()));
      return steps;
    });
    assertSame(sim, real);
  });
});
