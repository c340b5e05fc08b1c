import * as assert from 'node:assert/strict';
import { PIN_ANNOTATION } from '../../sim/kubevirt';
import type { Store } from '../../sim/store';
import { FakeHooks, vm, withKubeVirt } from './kubevirt-fake-hooks';

const VMS = 'virtualmachines.kubevirt.io';
const printable = (store: Store, name: string) => (store.get(VMS, 'team-a', name)?.status as { printableStatus?: string } | undefined)?.printableStatus;

/** A VM whose template references a DataVolume template and a PVC, so every volume-related pin applies. */
function pinnedVm(pin: string) {
  const name = pin.toLowerCase();
  const object = vm(name, { runStrategy: 'Always', dataVolumeTemplates: [{ metadata: { name: `${name}-root` }, spec: { source: { http: { url: 'https://example.invalid/disk.qcow2' } }, storage: { resources: { requests: { storage: '10Gi' } } } } }] }, { [PIN_ANNOTATION]: pin });
  const template = (object.spec as { template: { spec: { volumes: unknown[] } } }).template.spec;
  template.volumes = [{ name: 'root', dataVolume: { name: `${name}-root` } }, { name: 'data', persistentVolumeClaim: { claimName: `${name}-data` } }];
  if (pin !== 'DataVolumeError' && pin !== 'Provisioning') {
    (object.spec as { dataVolumeTemplates?: unknown }).dataVolumeTemplates = undefined;
    template.volumes = pin === 'WaitingForVolumeBinding' ? [template.volumes[1]] : [{ name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } }];
  }
  return object;
}

describe('kubevirt pinned states', () => {
  let hooks: FakeHooks;
  let dispose: () => void;
  beforeEach(() => ({ hooks, dispose } = withKubeVirt(2)));
  afterEach(() => dispose());

  const pins = ['Starting', 'Stopping', 'Migrating', 'Terminating', 'ErrorUnschedulable', 'CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'DataVolumeError', 'WaitingForVolumeBinding', 'ErrorPvcNotFound', 'Provisioning'];
  for (const pin of pins) {
    it(`builds the state behind ${pin}`, async () => {
      hooks.create(VMS, pinnedVm(pin));
      await hooks.until((s) => printable(s, pin.toLowerCase()) === pin);
    });
  }

  it('ErrorUnschedulable comes from an Unschedulable PodScheduled condition on the VMI and a pending pod', async () => {
    hooks.create(VMS, pinnedVm('ErrorUnschedulable'));
    await hooks.until((s) => printable(s, 'errorunschedulable') === 'ErrorUnschedulable');
    const vmi = hooks.store.get('virtualmachineinstances.kubevirt.io', 'team-a', 'errorunschedulable')!;
    const conditions = (vmi.status as { conditions: { type: string; status: string; reason: string }[] }).conditions;
    assert.ok(conditions.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable'));
    const pods = hooks.store.list('pods', 'team-a');
    assert.equal(pods.length, 1);
    assert.equal((pods[0].status as { phase: string }).phase, 'Pending');
  });

  it('a stop request lifts the pin and the VM ends Stopped', async () => {
    hooks.create(VMS, pinnedVm('ErrImagePull'));
    await hooks.until((s) => printable(s, 'errimagepull') === 'ErrImagePull');
    assert.deepEqual(await hooks.call('PUT', 'virtualmachines', 'stop', 'team-a', 'errimagepull'), { code: 202 });
    await hooks.until((s) => printable(s, 'errimagepull') === 'Stopped' && !s.get('virtualmachineinstances.kubevirt.io', 'team-a', 'errimagepull'));
    assert.equal(hooks.store.get(VMS, 'team-a', 'errimagepull')!.metadata.annotations?.[PIN_ANNOTATION], undefined);
    assert.equal(hooks.store.list('pods', 'team-a').length, 0);
  });
});
