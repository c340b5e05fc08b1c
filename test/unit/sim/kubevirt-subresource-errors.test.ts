import * as assert from 'node:assert/strict';
import { ApiError } from '../../sim/api-error';
import type { KubeObject } from '../../sim/store';
import { FakeHooks, vm, withKubeVirt } from './kubevirt-fake-hooks';

const VMS = 'virtualmachines.kubevirt.io';
const VMIS = 'virtualmachineinstances.kubevirt.io';

/** A VMI in a given phase, stored directly (frozen by a pin so the controller leaves it alone). */
function vmiIn(name: string, phase: string, conditions: unknown[] = [], spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name, namespace: 'team-a', annotations: { 'sim.kubevirt-workbench.io/pin-status': 'frozen' } },
    spec: { domain: {}, ...spec },
    status: { phase, conditions },
  };
}

describe('kubevirt subresource errors (reference §1.3)', () => {
  let hooks: FakeHooks;
  let dispose: () => void;
  beforeEach(() => ({ hooks, dispose } = withKubeVirt(1)));
  afterEach(() => dispose());

  const expectError = async (promise: Promise<unknown>, code: number, message: string) => {
    const reply = await promise;
    assert.ok(reply instanceof ApiError, `expected an error, got ${JSON.stringify(reply)}`);
    assert.equal(reply.code, code);
    assert.equal(reply.message, message);
  };
  const put = (resource: string, sub: string, name: string, body?: unknown) => hooks.call('PUT', resource, sub, 'team-a', name, body);
  const vmWith = (name: string, runStrategy: string, status?: Record<string, unknown>) => {
    const object = vm(name, { runStrategy });
    if (status) object.status = status;
    return hooks.store.create(VMS, object);
  };
  const conflictMessage = (name: string, why: string) => `Operation cannot be fulfilled on virtualmachine.kubevirt.io "${name}": ${why}`;
  const vmiConflict = (name: string, why: string) => `Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "${name}": ${why}`;

  it('404 for an unknown VM on every VM action', async () => {
    for (const sub of ['start', 'stop', 'restart', 'migrate']) await expectError(put('virtualmachines', sub, 'nope'), 404, 'virtualmachine.kubevirt.io "nope" not found');
  });

  it('404 for an unknown VMI on VMI actions', async () => {
    await expectError(put('virtualmachineinstances', 'pause', 'nope'), 404, 'virtualmachineinstance.kubevirt.io "nope" not found');
  });

  it('start: 409 VM is already running', async () => {
    vmWith('vm1', 'Manual');
    hooks.store.create(VMIS, vmiIn('vm1', 'Running'));
    await expectError(put('virtualmachines', 'start', 'vm1'), 409, conflictMessage('vm1', 'VM is already running'));
  });

  it('start: 409 for Always and Once', async () => {
    vmWith('a', 'Always');
    vmWith('o', 'Once');
    await expectError(put('virtualmachines', 'start', 'a'), 409, conflictMessage('a', 'Always does not support manual start requests'));
    await expectError(put('virtualmachines', 'start', 'o'), 409, conflictMessage('o', 'Once does not support manual start requests'));
  });

  it('start: 409 for RerunOnFailure from a failed VMI', async () => {
    vmWith('vm1', 'RerunOnFailure');
    hooks.store.create(VMIS, vmiIn('vm1', 'Failed'));
    await expectError(put('virtualmachines', 'start', 'vm1'), 409, conflictMessage('vm1', 'RerunOnFailure does not support starting VM from failed state'));
  });

  it('start: 500 when a state change is already pending', async () => {
    vmWith('vm1', 'Manual', { stateChangeRequests: [{ action: 'Start' }] });
    await expectError(put('virtualmachines', 'start', 'vm1'), 500, 'Internal error occurred: unable to complete request: stop/start already underway');
  });

  it('start: 500 when running and runStrategy are both set', async () => {
    hooks.store.create(VMS, vm('vm1', { runStrategy: 'Always', running: true }));
    const reply = await put('virtualmachines', 'start', 'vm1');
    assert.ok(reply instanceof ApiError && reply.code === 500 && /mutually exclusive/.test(reply.message));
  });

  it('start: 400 on a body of the wrong shape', async () => {
    vmWith('vm1', 'Halted');
    await expectError(put('virtualmachines', 'start', 'vm1', { paused: 'yes' }), 400, 'Can not unmarshal Request body to struct, error: json: cannot unmarshal string into Go struct field StartOptions.paused of type bool');
    await expectError(put('virtualmachines', 'start', 'vm1', [1]), 400, 'Can not unmarshal Request body to struct, error: json: cannot unmarshal array into Go value of type v1.StartOptions');
  });

  it('stop: 409 VM is not running for Halted, Manual and RerunOnFailure without a VMI', async () => {
    for (const strategy of ['Halted', 'Manual', 'RerunOnFailure']) {
      const name = strategy.toLowerCase();
      vmWith(name, strategy);
      await expectError(put('virtualmachines', 'stop', name), 409, conflictMessage(name, 'VM is not running'));
    }
  });

  it('stop: 409 for Halted with a running VMI unless a shorter grace period is given', async () => {
    vmWith('vm1', 'Halted');
    hooks.store.create(VMIS, vmiIn('vm1', 'Running', [], { terminationGracePeriodSeconds: 30 }));
    await expectError(put('virtualmachines', 'stop', 'vm1'), 409, conflictMessage('vm1', 'Halted only supports manual stop requests with a shorter graceperiod'));
    await expectError(put('virtualmachines', 'stop', 'vm1', { gracePeriod: 30 }), 409, conflictMessage('vm1', 'Halted only supports manual stop requests with a shorter graceperiod'));
    assert.deepEqual(await put('virtualmachines', 'stop', 'vm1', { gracePeriod: 0 }), { code: 202 });
    assert.equal((hooks.store.get(VMIS, 'team-a', 'vm1')!.spec as { terminationGracePeriodSeconds: number }).terminationGracePeriodSeconds, 0);
  });

  it('restart: 400 for a grace period other than 0', async () => {
    vmWith('vm1', 'Always');
    await expectError(put('virtualmachines', 'restart', 'vm1', { gracePeriodSeconds: 5 }), 400, 'For force restart, only gracePeriod=0 is supported for now');
    const negative = await put('virtualmachines', 'restart', 'vm1', { gracePeriodSeconds: -1 });
    assert.ok(negative instanceof ApiError && negative.code === 400);
  });

  it('restart: 409 for Halted and Once, and without a VMI', async () => {
    vmWith('h', 'Halted');
    vmWith('o', 'Once');
    vmWith('m', 'Manual');
    await expectError(put('virtualmachines', 'restart', 'h'), 409, conflictMessage('h', 'RunStategy Halted does not support manual restart requests'));
    await expectError(put('virtualmachines', 'restart', 'o'), 409, conflictMessage('o', 'RunStategy Once does not support manual restart requests'));
    await expectError(put('virtualmachines', 'restart', 'm'), 409, conflictMessage('m', 'VM is not running: Halted'));
  });

  it('restart: 500 when a state change is already pending', async () => {
    vmWith('vm1', 'Manual', { stateChangeRequests: [{ action: 'Start' }] });
    hooks.store.create(VMIS, vmiIn('vm1', 'Running'));
    await expectError(put('virtualmachines', 'restart', 'vm1'), 500, 'Internal error occurred: unable to complete request: stop/start already underway');
  });

  it('migrate: 404 without a VMI, 409 when the VMI is not running', async () => {
    vmWith('vm1', 'Manual');
    await expectError(put('virtualmachines', 'migrate', 'vm1'), 404, 'virtualmachineinstance.kubevirt.io "vm1" not found');
    hooks.store.create(VMIS, vmiIn('vm1', 'Scheduling'));
    await expectError(put('virtualmachines', 'migrate', 'vm1'), 409, conflictMessage('vm1', 'VM is not running'));
  });

  it('pause: 409 not running, 403 non-GuestAgentPing liveness probe, 409 already paused', async () => {
    hooks.store.create(VMIS, vmiIn('pending', 'Pending'));
    hooks.store.create(VMIS, vmiIn('probed', 'Running', [], { livenessProbe: { httpGet: { port: 80 } } }));
    hooks.store.create(VMIS, vmiIn('paused', 'Running', [{ type: 'Paused', status: 'True' }]));
    await expectError(put('virtualmachineinstances', 'pause', 'pending'), 409, vmiConflict('pending', 'VM is not running'));
    await expectError(put('virtualmachineinstances', 'pause', 'probed'), 403, 'Pausing VMIs with a non-GuestAgentPing LivenessProbe is not supported');
    await expectError(put('virtualmachineinstances', 'pause', 'paused'), 409, vmiConflict('paused', 'VMI is already paused'));
  });

  it('unpause: 409 not running, not paused, snapshot in progress', async () => {
    hooks.store.create(VMIS, vmiIn('pending', 'Pending'));
    hooks.store.create(VMIS, vmiIn('running', 'Running'));
    vmWith('snap', 'Always', { snapshotInProgress: 'snap-1' });
    hooks.store.create(VMIS, vmiIn('snap', 'Running', [{ type: 'Paused', status: 'True' }]));
    await expectError(put('virtualmachineinstances', 'unpause', 'pending'), 409, vmiConflict('pending', 'VMI is not running'));
    await expectError(put('virtualmachineinstances', 'unpause', 'running'), 409, vmiConflict('running', 'VMI is not paused'));
    await expectError(put('virtualmachineinstances', 'unpause', 'snap'), 409, vmiConflict('snap', 'VM snapshot is in progress'));
  });

  it('softreboot: 409 not running, paused, no agent and no ACPI; 200 otherwise', async () => {
    hooks.store.create(VMIS, vmiIn('pending', 'Pending'));
    hooks.store.create(VMIS, vmiIn('paused', 'Running', [{ type: 'Paused', status: 'True' }]));
    hooks.store.create(VMIS, vmiIn('noacpi', 'Running', [], { domain: { features: { acpi: { enabled: false } } } }));
    hooks.store.create(VMIS, vmiIn('ok', 'Running'));
    await expectError(put('virtualmachineinstances', 'softreboot', 'pending'), 409, vmiConflict('pending', 'VM is not running'));
    await expectError(put('virtualmachineinstances', 'softreboot', 'paused'), 409, vmiConflict('paused', 'VMI is paused'));
    await expectError(put('virtualmachineinstances', 'softreboot', 'noacpi'), 409, vmiConflict('noacpi', 'VMI neither have the agent connected nor the ACPI feature enabled'));
    assert.deepEqual(await put('virtualmachineinstances', 'softreboot', 'ok'), { code: 200 });
  });

  // virt-api writes these validation errors with go-restful's WriteError: HTTP 500, the Status message as text
  // (KubeVirt's own unit test expects 500 and "VMI does not have guest agent connected").
  it('guestosinfo, userlist, filesystemlist: 500 with the conflict as text without a running VMI with the agent', async () => {
    hooks.store.create(VMIS, vmiIn('vm1', 'Running'));
    hooks.store.create(VMIS, vmiIn('pending', 'Pending', [{ type: 'AgentConnected', status: 'True' }]));
    const text = (message: string) => ({ code: 500, body: message, contentType: 'text/plain; charset=utf-8' });
    for (const sub of ['guestosinfo', 'userlist', 'filesystemlist']) {
      assert.deepEqual(await hooks.call('GET', 'virtualmachineinstances', sub, 'team-a', 'vm1'), text(vmiConflict('vm1', 'VMI does not have guest agent connected')));
      assert.deepEqual(await hooks.call('GET', 'virtualmachineinstances', sub, 'team-a', 'pending'), text(vmiConflict('pending', 'VMI is not running')));
      assert.deepEqual(await hooks.call('GET', 'virtualmachineinstances', sub, 'team-a', 'nope'), text('virtualmachineinstance.kubevirt.io "nope" not found'));
    }
  });
});
