import * as assert from 'node:assert/strict';
import { permissionTokens, podActions, runStrategyOf, vmActions, vmiActions, withActionTokens, type Action } from '../../../src/model/actions';
import type { VirtualMachine, VirtualMachineInstance } from '../../../src/model/objects';
import { allowedActions, checkKey, checksFor, requiredChecks } from '../../../src/model/permissions';

const vm = (printableStatus: string, runStrategy = 'Always'): VirtualMachine => ({ metadata: { name: 'web-1', namespace: 'team-a' }, spec: { runStrategy }, status: { printableStatus } });
const vmi = (phase: string, paused = false): VirtualMachineInstance => ({
  metadata: { name: 'web-1', namespace: 'team-a', uid: 'u1' },
  status: { phase, conditions: paused ? [{ type: 'Paused', status: 'True' }] : [] },
});

describe('actions offered by state', () => {
  const cases: [string, string, VirtualMachineInstance | undefined, Action[]][] = [
    ['Stopped', 'Halted', undefined, ['start']],
    ['Stopped', 'Manual', undefined, ['start']],
    ['Stopped', 'RerunOnFailure', vmi('Succeeded'), ['start']],
    ['Running', 'Always', vmi('Running'), ['stop', 'forceStop', 'restart', 'pause', 'migrate', 'console', 'softReboot', 'vnc', 'ssh', 'logs']],
    ['Running', 'Manual', vmi('Running'), ['stop', 'forceStop', 'restart', 'pause', 'migrate', 'console', 'softReboot', 'vnc', 'ssh', 'logs']],
    ['Paused', 'Always', vmi('Running', true), ['unpause', 'stop', 'forceStop', 'logs']],
    ['Stopping', 'Halted', vmi('Running'), ['forceStop', 'logs']],
    ['Stopping', 'Manual', vmi('Running'), ['forceStop', 'logs']],
    ['Terminating', 'Always', vmi('Running'), ['forceStop', 'logs']],
    ['Migrating', 'Always', vmi('Running'), ['cancelMigration', 'console', 'vnc', 'ssh', 'logs']],
    ['Starting', 'Always', vmi('Scheduling'), ['stop', 'forceStop', 'logs']],
    ['Provisioning', 'Always', undefined, ['stop', 'forceStop']],
    ['WaitingForVolumeBinding', 'Always', undefined, ['stop', 'forceStop']],
    ['ErrorUnschedulable', 'Always', vmi('Scheduling'), ['stop', 'logs']],
    ['ErrorUnschedulable', 'Manual', vmi('Pending'), ['stop', 'logs']],
    ['CrashLoopBackOff', 'Always', undefined, ['stop']],
    ['CrashLoopBackOff', 'Manual', vmi('Failed'), ['start', 'logs']],
    ['ErrImagePull', 'Always', vmi('Scheduled'), ['stop', 'logs']],
    ['ImagePullBackOff', 'Always', vmi('Scheduled'), ['stop', 'logs']],
    ['DataVolumeError', 'Manual', undefined, ['start']],
    ['ErrorPvcNotFound', 'Always', vmi('Pending'), ['stop', 'logs']],
    ['WaitingForReceiver', 'WaitAsReceiver', undefined, []],
    ['Unknown', 'Always', vmi('Unknown'), []],
    ['SomethingNew', 'Always', vmi('Running'), []],
  ];
  for (const [status, strategy, instance, expected] of cases) {
    it(`${status} (${strategy}${instance ? `, VMI ${instance.status?.phase}` : ', no VMI'}) → ${expected.join(', ') || 'nothing'} + edit, delete`, () => {
      assert.deepEqual(vmActions(vm(status, strategy), instance), [...expected, 'edit', 'delete']);
    });
  }

  it('never offers what virt-api rejects with 409 (reference §1.3)', () => {
    // Always/Once: "Always does not support manual start requests"
    assert.ok(!vmActions(vm('Stopped', 'Always'), undefined).includes('start'));
    assert.ok(!vmActions(vm('Stopped', 'Once'), undefined).includes('start'));
    // Once: "RunStategy Halted does not support manual restart requests" covers Halted and Once
    assert.ok(!vmActions(vm('Running', 'Once'), vmi('Running')).includes('restart'));
    // RerunOnFailure after a failure: "does not support starting VM from failed state"
    assert.ok(!vmActions(vm('Stopped', 'RerunOnFailure'), vmi('Failed')).includes('start'));
    // Halted without a shorter grace period: plain stop refused, force stop accepted
    assert.deepEqual(vmActions(vm('Paused', 'Halted'), vmi('Running', true)).slice(0, 3), ['unpause', 'forceStop', 'logs']);
    // Manual without a VMI: "VM is not running"
    assert.deepEqual(vmActions(vm('Starting', 'Manual'), undefined), ['edit', 'delete']);
  });

  it('reads deprecated spec.running as Always/Halted', () => {
    assert.equal(runStrategyOf({ metadata: { name: 'a' }, spec: { running: true } }), 'Always');
    assert.equal(runStrategyOf({ metadata: { name: 'a' }, spec: { running: false } }), 'Halted');
    assert.equal(runStrategyOf({ metadata: { name: 'a' } }), 'Halted');
    assert.deepEqual(vmActions({ metadata: { name: 'a' }, spec: { running: false }, status: { printableStatus: 'Stopped' } }, undefined), ['start', 'edit', 'delete']);
  });

  it('offers a lone VMI only its own subresources', () => {
    assert.deepEqual(vmiActions(vmi('Running')), ['pause', 'softReboot', 'console', 'logs', 'edit', 'delete']);
    assert.deepEqual(vmiActions(vmi('Running', true)), ['unpause', 'logs', 'edit', 'delete']);
    assert.deepEqual(vmiActions(vmi('Scheduling')), ['logs', 'edit', 'delete']);
  });
});

describe('RBAC intersection', () => {
  it('keeps only actions that are both offered and allowed, as can: tokens after the node tokens', () => {
    const offered = vmActions(vm('Running', 'Always'), vmi('Running'));
    const allowed = new Set<Action>(['start', 'stop', 'restart', 'console', 'delete']);
    assert.deepEqual(permissionTokens(offered, allowed), ['can:stop', 'can:restart', 'can:console', 'can:delete']);
    assert.equal(
      withActionTokens('kind:vm status:Running group:running has:vmi', offered, allowed),
      'kind:vm status:Running group:running has:vmi can:stop can:restart can:console can:delete',
    );
    assert.match(withActionTokens('kind:vm', offered, allowed), /\bcan:stop\b/);
    assert.doesNotMatch(withActionTokens('kind:vm', ['forceStop'], new Set(['forceStop'])), /\bcan:stop\b/);
  });

  it('offers a pod its logs and deletion, checked on the pods resource', () => {
    assert.deepEqual(podActions(), ['logs', 'delete']);
    assert.deepEqual(requiredChecks('logs', 'pod', true)?.map(checkKey), ['get pods/log']);
    assert.deepEqual(requiredChecks('delete', 'pod', false)?.map(checkKey), ['delete pods']);
    assert.equal(requiredChecks('start', 'pod', true), undefined);
  });

  it('checks the exact subresource, or the kubevirt.io fallback verbs without the subresource API', () => {
    assert.deepEqual(requiredChecks('start', 'vm', true)?.map(checkKey), ['update virtualmachines/start.subresources.kubevirt.io']);
    assert.deepEqual(requiredChecks('forceStop', 'vm', true)?.map(checkKey), ['update virtualmachines/stop.subresources.kubevirt.io']);
    assert.deepEqual(requiredChecks('console', 'vmi', true)?.map(checkKey), ['get virtualmachineinstances/console.subresources.kubevirt.io']);
    assert.deepEqual(requiredChecks('softReboot', 'vm', true)?.map(checkKey), ['update virtualmachineinstances/softreboot.subresources.kubevirt.io']);
    assert.deepEqual(requiredChecks('logs', 'vm', true)?.map(checkKey), ['get pods/log']);
    assert.deepEqual(requiredChecks('start', 'vm', false)?.map(checkKey), ['patch virtualmachines.kubevirt.io']);
    assert.deepEqual(requiredChecks('restart', 'vm', false)?.map(checkKey), ['delete virtualmachineinstances.kubevirt.io']);
    assert.deepEqual(requiredChecks('migrate', 'vm', false)?.map(checkKey), ['create virtualmachineinstancemigrations.kubevirt.io']);
    assert.equal(requiredChecks('pause', 'vm', false), undefined);
    assert.equal(requiredChecks('start', 'vmi', true), undefined);
  });

  it('allows an action only when every check is granted, and unsupported actions never', () => {
    const granted = new Set(['patch virtualmachines.kubevirt.io', 'update virtualmachineinstances/pause.subresources.kubevirt.io']);
    const allowed = allowedActions(['start', 'forceStop', 'pause'], 'vm', false, (c) => granted.has(checkKey(c)));
    assert.deepEqual([...allowed], ['start']);
  });

  it('asks each distinct check once for a namespace', () => {
    const keys = checksFor(['start', 'stop', 'forceStop', 'delete'], ['vm', 'vmi'], true).map(checkKey);
    assert.deepEqual(keys, [
      'update virtualmachines/start.subresources.kubevirt.io',
      'update virtualmachines/stop.subresources.kubevirt.io',
      'delete virtualmachines.kubevirt.io',
      'delete virtualmachineinstances.kubevirt.io',
    ]);
  });
});
