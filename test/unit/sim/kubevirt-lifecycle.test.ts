import * as assert from 'node:assert/strict';
import { ApiError } from '../../sim/api-error';
import type { KubeObject, Store } from '../../sim/store';
import { FakeHooks, vm, withKubeVirt } from './kubevirt-fake-hooks';

const VMS = 'virtualmachines.kubevirt.io';
const VMIS = 'virtualmachineinstances.kubevirt.io';
const MIGRATIONS = 'virtualmachineinstancemigrations.kubevirt.io';

const status = (store: Store, name: string) => (store.get(VMS, 'team-a', name)?.status ?? {}) as { printableStatus?: string; stateChangeRequests?: unknown[]; conditions?: { type: string; status: string }[]; ready?: boolean };
const printable = (store: Store, name: string) => status(store, name).printableStatus;
const vmiOf = (store: Store, name: string) => store.get(VMIS, 'team-a', name);
const launcherPods = (store: Store, vmi: KubeObject) => store.list('pods', 'team-a').filter((p) => p.metadata.labels?.['kubevirt.io/created-by'] === vmi.metadata.uid);
const spec = (store: Store, name: string) => store.get(VMS, 'team-a', name)!.spec as { runStrategy?: string; running?: boolean };

describe('kubevirt lifecycle (controller + subresources)', () => {
  let hooks: FakeHooks;
  let dispose: () => void;
  beforeEach(() => ({ hooks, dispose } = withKubeVirt(2)));
  afterEach(() => dispose());

  const runningVm = async (name: string) => {
    hooks.create(VMS, vm(name, { runStrategy: 'Always' }));
    await hooks.until((s) => printable(s, name) === 'Running' && !!vmiOf(s, name)?.status && (vmiOf(s, name)!.status as { conditions: { type: string }[] }).conditions.some((c) => c.type === 'AgentConnected'));
  };

  it('gives a new VM printableStatus Stopped and the controller finalizer', async () => {
    hooks.create(VMS, vm('vm1'));
    await hooks.until((s) => printable(s, 'vm1') === 'Stopped' && !!s.get(VMS, 'team-a', 'vm1')?.metadata.finalizers?.includes('kubevirt.io/virtualMachineControllerFinalize'));
  });

  it('start on a Halted VM sets Always and walks Starting → Running with a VMI and a launcher pod', async () => {
    hooks.create(VMS, vm('vm1'));
    const seen: string[] = [];
    const phases: string[] = [];
    hooks.store.subscribe((c) => {
      if (c.resource === VMS) seen.push((c.object.status as { printableStatus?: string } | undefined)?.printableStatus ?? '');
      if (c.resource === VMIS) phases.push((c.object.status as { phase?: string } | undefined)?.phase ?? '');
    });
    const reply = await hooks.call('PUT', 'virtualmachines', 'start', 'team-a', 'vm1');
    assert.deepEqual(reply, { code: 202 });
    assert.equal(spec(hooks.store, 'vm1').runStrategy, 'Always');
    await hooks.until((s) => printable(s, 'vm1') === 'Running');
    assert.ok(seen.indexOf('Starting') < seen.indexOf('Running') && seen.includes('Starting'));
    assert.deepEqual([...new Set(phases)].slice(0, 4), ['Pending', 'Scheduling', 'Scheduled', 'Running']);
    const vmi = vmiOf(hooks.store, 'vm1')!;
    const vmiStatus = vmi.status as { nodeName: string; interfaces: { ipAddress: string }[] };
    assert.match(vmiStatus.interfaces[0].ipAddress, /^10\.244\.\d+\.\d+$/);
    assert.equal(vmi.metadata.labels?.['kubevirt.io/nodeName'], vmiStatus.nodeName);
    assert.equal(vmi.metadata.ownerReferences?.[0].kind, 'VirtualMachine');
    const [pod] = launcherPods(hooks.store, vmi);
    assert.match(pod.metadata.name!, /^virt-launcher-vm1-[a-z0-9]{5}$/);
    assert.equal(pod.metadata.labels?.['kubevirt.io'], 'virt-launcher');
    assert.equal(pod.metadata.labels?.['vm.kubevirt.io/name'], 'vm1');
    assert.equal((pod.spec as { nodeName: string }).nodeName, vmiStatus.nodeName);
    assert.equal((pod.status as { phase: string }).phase, 'Running');
    assert.equal(pod.metadata.ownerReferences?.[0].uid, vmi.metadata.uid);
    await hooks.until((s) => status(s, 'vm1').conditions?.some((c) => c.type === 'AgentConnected' && c.status === 'True') === true);
    assert.equal(status(hooks.store, 'vm1').ready, true);
    const events = hooks.store.list('events', 'team-a').map((e) => e.reason);
    assert.ok(events.includes('SuccessfulCreate') && events.includes('Started'));
  });

  it('stop on an Always VM sets Halted, shows Stopping, and removes the VMI and its pod', async () => {
    await runningVm('vm1');
    const vmi = vmiOf(hooks.store, 'vm1')!;
    const seen: string[] = [];
    hooks.store.subscribe((c) => c.resource === VMS && seen.push((c.object.status as { printableStatus: string }).printableStatus));
    assert.deepEqual(await hooks.call('PUT', 'virtualmachines', 'stop', 'team-a', 'vm1', {}), { code: 202 });
    assert.equal(spec(hooks.store, 'vm1').runStrategy, 'Halted');
    await hooks.until((s) => printable(s, 'vm1') === 'Stopped' && !vmiOf(s, 'vm1'));
    assert.ok(seen.includes('Stopping'));
    assert.equal(launcherPods(hooks.store, vmi).length, 0);
  });

  it('start with paused:true on a Halted VM goes through a state change request and ends Paused', async () => {
    hooks.create(VMS, vm('vm1'));
    assert.deepEqual(await hooks.call('PUT', 'virtualmachines', 'start', 'team-a', 'vm1', { paused: true }), { code: 202 });
    assert.deepEqual(status(hooks.store, 'vm1').stateChangeRequests, [{ action: 'Start', data: { paused: 'true' } }]);
    await hooks.until((s) => printable(s, 'vm1') === 'Paused');
    assert.equal(spec(hooks.store, 'vm1').runStrategy, 'Always');
    assert.equal(status(hooks.store, 'vm1').stateChangeRequests, undefined);
  });

  it('start and stop on a Manual VM use state change requests and keep the strategy', async () => {
    hooks.create(VMS, vm('vm1', { runStrategy: 'Manual' }));
    await hooks.call('PUT', 'virtualmachines', 'start', 'team-a', 'vm1');
    assert.deepEqual(status(hooks.store, 'vm1').stateChangeRequests, [{ action: 'Start' }]);
    await hooks.until((s) => printable(s, 'vm1') === 'Running');
    const uid = vmiOf(hooks.store, 'vm1')!.metadata.uid;
    await hooks.call('PUT', 'virtualmachines', 'stop', 'team-a', 'vm1');
    assert.deepEqual(status(hooks.store, 'vm1').stateChangeRequests, [{ action: 'Stop', uid }]);
    await hooks.until((s) => printable(s, 'vm1') === 'Stopped' && !status(s, 'vm1').stateChangeRequests);
    assert.equal(spec(hooks.store, 'vm1').runStrategy, 'Manual');
  });

  it('restart replaces the VMI (new uid) and the VM keeps Always', async () => {
    await runningVm('vm1');
    const before = vmiOf(hooks.store, 'vm1')!.metadata.uid;
    assert.deepEqual(await hooks.call('PUT', 'virtualmachines', 'restart', 'team-a', 'vm1', { gracePeriodSeconds: 0 }), { code: 202 });
    await hooks.until((s) => printable(s, 'vm1') === 'Running' && vmiOf(s, 'vm1')?.metadata.uid !== before && !status(s, 'vm1').stateChangeRequests);
    assert.equal(spec(hooks.store, 'vm1').runStrategy, 'Always');
  });

  it('uses spec.running for VMs that still carry the deprecated field', async () => {
    hooks.create(VMS, vm('vm1', { runStrategy: undefined, running: false }));
    await hooks.call('PUT', 'virtualmachines', 'start', 'team-a', 'vm1');
    assert.deepEqual([spec(hooks.store, 'vm1').running, spec(hooks.store, 'vm1').runStrategy], [true, undefined]);
    await hooks.until((s) => printable(s, 'vm1') === 'Running');
    await hooks.call('PUT', 'virtualmachines', 'stop', 'team-a', 'vm1');
    assert.equal(spec(hooks.store, 'vm1').running, false);
  });

  it('runStrategy Always recreates a VMI that is deleted', async () => {
    await runningVm('vm1');
    const before = vmiOf(hooks.store, 'vm1')!.metadata.uid;
    hooks.store.delete(VMIS, 'team-a', 'vm1');
    await hooks.until((s) => printable(s, 'vm1') === 'Running' && !!vmiOf(s, 'vm1') && vmiOf(s, 'vm1')!.metadata.uid !== before);
  });

  it('runStrategy Manual does not recreate a deleted VMI', async () => {
    hooks.create(VMS, vm('vm1', { runStrategy: 'Manual' }));
    await hooks.call('PUT', 'virtualmachines', 'start', 'team-a', 'vm1');
    await hooks.until((s) => printable(s, 'vm1') === 'Running');
    hooks.create(VMS, vm('marker', { runStrategy: 'Always' }));
    hooks.store.delete(VMIS, 'team-a', 'vm1');
    // The Always VM reaching Running proves the controller ran long after the deletion.
    await hooks.until((s) => printable(s, 'marker') === 'Running' && printable(s, 'vm1') === 'Stopped');
    assert.equal(vmiOf(hooks.store, 'vm1'), undefined);
  });

  it('pause and unpause toggle the Paused condition on the VMI and the VM status', async () => {
    await runningVm('vm1');
    assert.deepEqual(await hooks.call('PUT', 'virtualmachineinstances', 'pause', 'team-a', 'vm1', {}), { code: 200 });
    await hooks.until((s) => printable(s, 'vm1') === 'Paused');
    assert.ok(status(hooks.store, 'vm1').conditions?.some((c) => c.type === 'Paused' && c.status === 'True'));
    assert.deepEqual(await hooks.call('PUT', 'virtualmachineinstances', 'unpause', 'team-a', 'vm1'), { code: 200 });
    await hooks.until((s) => printable(s, 'vm1') === 'Running');
  });

  it('migrate creates a migration that moves the VMI to another node and removes the old pod', async () => {
    await runningVm('vm1');
    const vmi = vmiOf(hooks.store, 'vm1')!;
    const source = (vmi.status as { nodeName: string }).nodeName;
    const [oldPod] = launcherPods(hooks.store, vmi);
    const seen: string[] = [];
    const phases: string[] = [];
    hooks.store.subscribe((c) => {
      if (c.resource === VMS) seen.push((c.object.status as { printableStatus?: string } | undefined)?.printableStatus ?? '');
      if (c.resource === MIGRATIONS) phases.push((c.object.status as { phase?: string } | undefined)?.phase ?? '');
    });
    assert.deepEqual(await hooks.call('PUT', 'virtualmachines', 'migrate', 'team-a', 'vm1', {}), { code: 202 });
    const [migration] = hooks.store.list(MIGRATIONS, 'team-a');
    assert.match(migration.metadata.name!, /^kubevirt-migrate-vm-/);
    await hooks.until((s) => (s.get(MIGRATIONS, 'team-a', migration.metadata.name!)?.status as { phase?: string } | undefined)?.phase === 'Succeeded' && printable(s, 'vm1') === 'Running');
    assert.deepEqual([...new Set(phases)].filter(Boolean), ['Pending', 'Scheduling', 'Scheduled', 'PreparingTarget', 'TargetReady', 'Running', 'Succeeded']);
    assert.ok(seen.includes('Migrating'));
    const after = vmiOf(hooks.store, 'vm1')!;
    const target = (after.status as { nodeName: string; migrationState: { completed: boolean } });
    assert.notEqual(target.nodeName, source);
    assert.equal(target.migrationState.completed, true);
    assert.equal(after.metadata.labels?.['kubevirt.io/nodeName'], target.nodeName);
    const pods = launcherPods(hooks.store, after);
    assert.equal(pods.length, 1);
    assert.notEqual(pods[0].metadata.name, oldPod.metadata.name);
    assert.equal((pods[0].spec as { nodeName: string }).nodeName, target.nodeName);
  });

  it('deleting a VM shows Terminating until its VMI has stopped, then the VM disappears', async () => {
    await runningVm('vm1');
    const seen: string[] = [];
    hooks.store.subscribe((c) => c.resource === VMS && seen.push((c.object.status as { printableStatus: string }).printableStatus));
    hooks.store.delete(VMS, 'team-a', 'vm1');
    assert.ok(hooks.store.get(VMS, 'team-a', 'vm1'), 'the finalizer keeps the VM');
    await hooks.until((s) => !s.get(VMS, 'team-a', 'vm1'));
    assert.ok(seen.includes('Terminating'));
    assert.equal(vmiOf(hooks.store, 'vm1'), undefined);
  });

  it('a VMI whose PVC is missing reports ErrorPvcNotFound', async () => {
    const spec = vm('vm1').spec as { template: { spec: { volumes: unknown[] } } };
    spec.template.spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'missing' } }];
    hooks.create(VMS, vm('vm1', { runStrategy: 'Always', template: spec.template }));
    await hooks.until((s) => printable(s, 'vm1') === 'ErrorPvcNotFound');
  });

  it('dataVolumeTemplates are imported (Provisioning) before the VMI starts', async () => {
    const seen: string[] = [];
    hooks.store.subscribe((c) => c.resource === VMS && seen.push((c.object.status as { printableStatus?: string } | undefined)?.printableStatus ?? ''));
    hooks.create(VMS, vm('vm1', { runStrategy: 'Always', dataVolumeTemplates: [{ metadata: { name: 'vm1-root' }, spec: { source: { http: { url: 'https://example.invalid/disk.img' } }, storage: { resources: { requests: { storage: '5Gi' } } } } }] }));
    await hooks.until((s) => printable(s, 'vm1') === 'Running');
    assert.ok(seen.includes('Provisioning'));
    assert.equal((hooks.store.get('persistentvolumeclaims', 'team-a', 'vm1-root')!.status as { phase: string }).phase, 'Bound');
  });

  it('guestosinfo answers once the agent is connected', async () => {
    await runningVm('vm1');
    const reply = await hooks.call('GET', 'virtualmachineinstances', 'guestosinfo', 'team-a', 'vm1');
    assert.ok(!(reply instanceof ApiError));
    assert.equal((reply.body as { os: { id: string } }).os.id, 'fedora');
  });

  it('dryRun validates without changing anything', async () => {
    hooks.create(VMS, vm('vm1'));
    await hooks.until((s) => !!s.get(VMS, 'team-a', 'vm1')?.metadata.finalizers);
    const before = hooks.store.get(VMS, 'team-a', 'vm1')!.metadata.resourceVersion;
    assert.deepEqual(await hooks.call('PUT', 'virtualmachines', 'start', 'team-a', 'vm1', { dryRun: ['All'] }), { code: 202 });
    assert.deepEqual(await hooks.call('PUT', 'virtualmachines', 'start', 'team-a', 'vm1', {}, true), { code: 202 });
    assert.equal(hooks.store.get(VMS, 'team-a', 'vm1')!.metadata.resourceVersion, before);
    assert.equal(spec(hooks.store, 'vm1').runStrategy, 'Halted');
  });
});
