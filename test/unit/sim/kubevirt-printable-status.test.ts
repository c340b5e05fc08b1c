import * as assert from 'node:assert/strict';
import { printableStatus, type PrintableStatusInput } from '../../sim/kubevirt/printable-status';
import type { KubeObject } from '../../sim/store';

const vm = (runStrategy: string, status: Record<string, unknown> = {}, deleting = false): KubeObject => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'vm1', namespace: 'ns', uid: 'vm-uid', ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  spec: { runStrategy, template: { spec: {} } },
  status,
});

const cond = (type: string, status: string, reason?: string) => ({ type, status, ...(reason ? { reason } : {}) });

const vmi = (phase: string, conditions: unknown[] = [], extra: Record<string, unknown> = {}, deleting = false): KubeObject => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstance',
  metadata: { name: 'vm1', namespace: 'ns', uid: 'vmi-uid', ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  status: { phase, conditions, ...extra },
});

const dv = (phase: string, conditions: unknown[] = []): KubeObject => ({ metadata: { name: 'dv', namespace: 'ns' }, status: { phase, conditions } });
const pvc = (phase: string): KubeObject => ({ metadata: { name: 'pvc', namespace: 'ns' }, status: { phase } });

describe('kubevirt printableStatus', () => {
  const cases: [string, PrintableStatusInput][] = [
    ['Terminating', { vm: vm('Always', {}, true), vmi: vmi('Running', [cond('Paused', 'True')]) }],
    ['Stopping', { vm: vm('Halted'), vmi: vmi('Running') }],
    ['Stopping', { vm: vm('Always'), vmi: vmi('Running', [], {}, true) }],
    ['Stopping', { vm: vm('Manual', { stateChangeRequests: [{ action: 'Stop', uid: 'vmi-uid' }] }), vmi: vmi('Running') }],
    ['Migrating', { vm: vm('Always'), vmi: vmi('Running', [cond('Paused', 'True')], { migrationState: { startTimestamp: 'x' } }) }],
    ['Paused', { vm: vm('Always'), vmi: vmi('Running', [cond('Paused', 'True')]) }],
    ['Running', { vm: vm('Always'), vmi: vmi('Running', [cond('Ready', 'True')], { migrationState: { completed: true } }) }],
    ['ErrorPvcNotFound', { vm: vm('Always'), vmi: vmi('Pending', [cond('Synchronized', 'False', 'FailedPvcNotFound'), cond('PodScheduled', 'False', 'Unschedulable')]) }],
    ['DataVolumeError', { vm: vm('Always'), dataVolumes: [dv('Failed')], vmi: vmi('Scheduling', [cond('PodScheduled', 'False', 'Unschedulable')]) }],
    ['DataVolumeError', { vm: vm('Always'), dataVolumes: [dv('ImportInProgress', [cond('Running', 'False', 'ImagePullFailed')])] }],
    ['ErrorUnschedulable', { vm: vm('Always'), dataVolumes: [dv('ImportInProgress')], vmi: vmi('Scheduling', [cond('PodScheduled', 'False', 'Unschedulable')]) }],
    ['Provisioning', { vm: vm('Always'), dataVolumes: [dv('ImportInProgress')], pvcs: [pvc('Pending')] }],
    ['WaitingForVolumeBinding', { vm: vm('Always'), pvcs: [pvc('Pending')], vmi: vmi('Pending', [cond('Synchronized', 'False', 'ErrImagePull')]) }],
    ['WaitingForVolumeBinding', { vm: vm('Always'), dataVolumes: [dv('WaitForFirstConsumer')] }],
    ['ErrImagePull', { vm: vm('Always'), vmi: vmi('Scheduling', [cond('Synchronized', 'False', 'ErrImagePull')]) }],
    ['ImagePullBackOff', { vm: vm('Always'), vmi: vmi('Scheduling', [cond('Synchronized', 'False', 'ImagePullBackOff')]) }],
    ['Starting', { vm: vm('Always'), vmi: vmi('Scheduled') }],
    ['Starting', { vm: vm('Always') }],
    ['Starting', { vm: vm('Manual', { stateChangeRequests: [{ action: 'Start' }] }) }],
    ['CrashLoopBackOff', { vm: vm('Always', { startFailure: { consecutiveFailCount: 2 } }) }],
    ['CrashLoopBackOff', { vm: vm('RerunOnFailure', { startFailure: { consecutiveFailCount: 1 } }), vmi: vmi('Failed') }],
    ['Stopped', { vm: vm('Manual', { startFailure: { consecutiveFailCount: 1 } }) }],
    ['Stopped', { vm: vm('Halted') }],
    ['Stopped', { vm: vm('Once'), vmi: vmi('Succeeded') }],
    ['Stopped', { vm: vm('Halted'), pvcs: [pvc('Pending')] }],
    ['WaitingForReceiver', { vm: vm('WaitAsReceiver') }],
    ['WaitingForReceiver', { vm: vm('WaitAsReceiver'), vmi: vmi('WaitingForSync') }],
    ['Unknown', { vm: vm('Always'), vmi: vmi('Unknown') }],
  ];
  for (const [expected, input] of cases) {
    const what = `${input.vm.spec && (input.vm.spec as { runStrategy: string }).runStrategy} VM, VMI ${input.vmi ? (input.vmi.status as { phase: string }).phase : 'absent'}`;
    it(`${expected} for a ${what}`, () => assert.equal(printableStatus(input), expected));
  }

  it('treats deprecated running:true as Always and running:false as Halted', () => {
    const running = (value: boolean): KubeObject => ({ ...vm('x'), spec: { running: value, template: {} } });
    assert.equal(printableStatus({ vm: running(true) }), 'Starting');
    assert.equal(printableStatus({ vm: running(false) }), 'Stopped');
  });
});
