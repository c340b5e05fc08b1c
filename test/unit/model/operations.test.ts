import * as assert from 'node:assert/strict';
import type { VirtualMachine, VirtualMachineInstance } from '../../../src/model/objects';
import { restartRequired, vmiOperations, vmOperations } from '../../../src/model/operations';
import { checkKey, requiredChecks } from '../../../src/model/permissions';
import type { Condition } from '../../../src/model/vmStatus';

const vm = (printableStatus: string, extra: { conditions?: Condition[]; snapshotInProgress?: string; hotplugged?: boolean; runStrategy?: string } = {}): VirtualMachine => ({
  metadata: { name: 'web-1', namespace: 'team-a' },
  spec: {
    runStrategy: extra.runStrategy ?? 'Always',
    template: { spec: { volumes: [{ name: 'root', containerDisk: { image: 'fedora' } }, ...(extra.hotplugged ? [{ name: 'logs', persistentVolumeClaim: { claimName: 'logs', hotpluggable: true } }] : [])] } },
  },
  status: { printableStatus, conditions: extra.conditions, snapshotInProgress: extra.snapshotInProgress },
});
const vmi = (phase: string, types: string[] = []): VirtualMachineInstance => ({
  metadata: { name: 'web-1', namespace: 'team-a', uid: 'u1' },
  status: { phase, conditions: types.map((type) => ({ type, status: 'True' })) },
});

describe('everyday operations offered by state', () => {
  it('a running VM with its guest agent: snapshot, restore, clone, guest details, volumes, port-forward, diagnose', () => {
    assert.deepEqual(vmOperations(vm('Running'), vmi('Running', ['AgentConnected'])), ['takeSnapshot', 'restoreSnapshot', 'clone', 'guestDetails', 'addVolume', 'portForward', 'diagnose']);
  });

  it('guest details only with AgentConnected; port-forward not while paused (virt-api: 409 VMI is paused)', () => {
    assert.ok(!vmOperations(vm('Running'), vmi('Running')).includes('guestDetails'));
    const paused = vmOperations(vm('Paused'), vmi('Running', ['Paused', 'AgentConnected']));
    assert.ok(!paused.includes('portForward'));
    assert.ok(paused.includes('takeSnapshot'));
  });

  it('a stopped VM: snapshot, restore, clone and add volume; Remove Volume only with a hotplugged volume', () => {
    assert.deepEqual(vmOperations(vm('Stopped'), undefined), ['takeSnapshot', 'restoreSnapshot', 'clone', 'addVolume', 'diagnose']);
    assert.ok(vmOperations(vm('Stopped', { hotplugged: true }), undefined).includes('removeVolume'));
  });

  it('nothing that takes the snapshot lock while a snapshot of the VM runs', () => {
    const ops = vmOperations(vm('Running', { snapshotInProgress: 'snap-1' }), vmi('Running'));
    assert.ok(!ops.includes('takeSnapshot') && !ops.includes('restoreSnapshot') && !ops.includes('clone'), ops.join());
  });

  it('a VM in transit or in trouble: only Diagnose, and first for an error status', () => {
    assert.deepEqual(vmOperations(vm('Starting'), vmi('Scheduling')), ['diagnose']);
    assert.deepEqual(vmOperations(vm('Migrating'), vmi('Running', ['AgentConnected'])), ['guestDetails', 'diagnose']);
    assert.deepEqual(vmOperations(vm('ErrorUnschedulable'), vmi('Scheduling')), ['diagnose']);
    assert.equal(vmOperations(vm('CrashLoopBackOff'), undefined)[0], 'diagnose');
  });

  it('Restart to Apply for RestartRequired, when virt-api accepts a restart', () => {
    const pending = [{ type: 'RestartRequired', status: 'True', message: 'a non-live-updatable field was changed in the template spec' }];
    assert.ok(vmOperations(vm('Running', { conditions: pending }), vmi('Running')).includes('restartToApply'));
    assert.ok(!vmOperations(vm('Running'), vmi('Running')).includes('restartToApply'));
    // Halted: "RunStategy Halted does not support manual restart requests"
    assert.ok(!vmOperations(vm('Running', { conditions: pending, runStrategy: 'Halted' }), vmi('Running')).includes('restartToApply'));
    assert.equal(restartRequired(vm('Running', { conditions: pending })), 'a non-live-updatable field was changed in the template spec');
    assert.match(restartRequired(vm('Running', { conditions: [{ type: 'RestartRequired', status: 'True' }] })) ?? '', /restart applies the change/);
    assert.equal(restartRequired(vm('Running', { conditions: [{ type: 'RestartRequired', status: 'False' }] })), undefined);
  });

  it('a lone VMI: VNC, guest details, volumes and port-forward while it runs; no snapshot or clone', () => {
    assert.deepEqual(vmiOperations(vmi('Running', ['AgentConnected'])), ['vnc', 'guestDetails', 'addVolume', 'portForward', 'diagnose']);
    assert.deepEqual(vmiOperations(vmi('Scheduling')), ['diagnose']);
    assert.deepEqual(vmiOperations(vmi('Failed')), ['diagnose']);
  });
});

describe('RBAC checks of the everyday operations', () => {
  const all = { subresources: true, snapshots: true, clones: true };
  it('asks for exactly the (sub)resource each calls', () => {
    const keys = (action: Parameters<typeof requiredChecks>[0], kind: 'vm' | 'vmi' = 'vm') => requiredChecks(action, kind, all)?.map(checkKey);
    assert.deepEqual(keys('takeSnapshot'), ['create virtualmachinesnapshots.snapshot.kubevirt.io']);
    assert.deepEqual(keys('restoreSnapshot'), ['create virtualmachinerestores.snapshot.kubevirt.io']);
    assert.deepEqual(keys('deleteSnapshot'), ['delete virtualmachinesnapshots.snapshot.kubevirt.io']);
    assert.deepEqual(keys('clone'), ['create virtualmachineclones.clone.kubevirt.io']);
    assert.deepEqual(keys('guestDetails'), [
      'get virtualmachineinstances/guestosinfo.subresources.kubevirt.io',
      'get virtualmachineinstances/userlist.subresources.kubevirt.io',
      'get virtualmachineinstances/filesystemlist.subresources.kubevirt.io',
    ]);
    assert.deepEqual(keys('addVolume'), ['update virtualmachines/addvolume.subresources.kubevirt.io']);
    assert.deepEqual(keys('removeVolume', 'vmi'), ['update virtualmachineinstances/removevolume.subresources.kubevirt.io']);
    assert.deepEqual(keys('portForward'), ['get virtualmachines/portforward.subresources.kubevirt.io']);
    assert.deepEqual(keys('restartToApply'), ['update virtualmachines/restart.subresources.kubevirt.io']);
    assert.deepEqual(keys('diagnose'), ['get virtualmachines.kubevirt.io']);
  });

  it('an operation the cluster does not serve is never allowed', () => {
    assert.equal(requiredChecks('takeSnapshot', 'vm', { ...all, snapshots: false }), undefined);
    assert.equal(requiredChecks('clone', 'vm', { ...all, clones: false }), undefined);
    assert.equal(requiredChecks('guestDetails', 'vm', false), undefined);
    assert.equal(requiredChecks('takeSnapshot', 'vmi', all), undefined);
  });
});
