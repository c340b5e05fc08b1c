// A launcher pod kube-apiserver refuses (here a LimitRange whose default memory limit is below the pod's request):
// the KubeVirt simulation does what virt-controller does — the VMI stays Pending with Synchronized=False reason
// FailedCreate and the server's message, the VM reads Starting, a Warning event says why — and tries again later and
// later instead of at once; once the namespace lets the pod in, the next attempt runs the VM.
import * as assert from 'node:assert/strict';
import { startTestFleet, type TestFleet } from '../backends/fleet';
import type { ClusterApi } from '../backends/clusterApi';
import type { KubeObject } from '../sim/store';
import { labScenario, NS, vm } from '../unit/lifecycle/simEnv';
import { START_TIMEOUT_MS, until } from './support';

const VMIS = 'virtualmachineinstances.kubevirt.io';
const VMS = 'virtualmachines.kubevirt.io';

const limitRange: KubeObject = {
  apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'tenant-defaults', namespace: NS },
  spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] },
};

interface Condition { type: string; status: string; reason?: string; message?: string }

describe('real control plane: a launcher pod the API refuses', function () {
  this.timeout(START_TIMEOUT_MS);
  let fleet: TestFleet;
  let api: ClusterApi;

  before(async () => {
    const lab = labScenario([]).clusters[0];
    const big = vm('big-db', { runStrategy: 'Always' });
    (big.spec as { template: { spec: { domain: { memory: { guest: string } } } } }).template.spec.domain.memory.guest = '4Gi';
    fleet = await startTestFleet({ name: 'launcher-refused', clusters: [{ ...lab, objects: [...lab.objects, limitRange, big] }] }, { backend: 'real' });
    api = fleet.cluster('lab').api!;
  });
  after(async () => fleet?.stop());

  const failedCreates = async () => (await api.list('events', NS)).filter((e) => (e as { reason?: string }).reason === 'FailedCreate');

  it('leaves the VMI Pending with FailedCreate and the server\'s message, the VM Starting, and backs off between attempts', async () => {
    const synchronized = await until('the VMI says FailedCreate', async () => {
      const vmi = await api.get(VMIS, NS, 'big-db');
      const condition = ((vmi?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Synchronized');
      return condition?.reason === 'FailedCreate' && condition;
    }, 60_000);
    assert.equal(synchronized.status, 'False');
    assert.match(synchronized.message ?? '', /Invalid value: "4Gi": must be less than or equal to memory limit of 512Mi/);
    const vmiStatus = (await api.get(VMIS, NS, 'big-db'))!.status as { phase?: string };
    assert.ok(['Pending', 'Scheduling'].includes(vmiStatus.phase ?? ''), `VMI phase ${vmiStatus.phase}`);
    await until('the VM reads Starting', async () => ((await api.get(VMS, NS, 'big-db'))?.status as { printableStatus?: string } | undefined)?.printableStatus === 'Starting');

    const events = await until('three refusals', async () => {
      const found = await failedCreates();
      return found.length >= 3 && found;
    }, 60_000);
    // The retries wait 1 s, then 2 s: the third refusal comes 3 s after the first (2 s at least in whole-second
    // timestamps). A hot loop sends them all within the same second.
    const at = events.map((e) => Date.parse((e as { firstTimestamp?: string }).firstTimestamp ?? '')).sort((x, y) => x - y);
    assert.ok(at[2] - at[0] >= 2_000, `refusals at ${events.map((e) => (e as { firstTimestamp?: string }).firstTimestamp).join(', ')}`);
    assert.match((events[0] as { message?: string }).message ?? '', /^Error creating pod: .*must be less than or equal to memory limit of 512Mi/);
    assert.equal((events[0] as { type?: string }).type, 'Warning');
  });

  it('runs the VM once the namespace admits its launcher pod', async () => {
    assert.ok(await api.delete('limitranges', NS, 'tenant-defaults'));
    await until('big-db Running', async () => ((await api.get(VMS, NS, 'big-db'))?.status as { printableStatus?: string } | undefined)?.printableStatus === 'Running', 120_000);
    const vmi = await api.get(VMIS, NS, 'big-db');
    const conditions = (vmi?.status as { conditions?: Condition[] }).conditions ?? [];
    assert.ok(!conditions.some((c) => c.reason === 'FailedCreate'), JSON.stringify(conditions));
  });
});
