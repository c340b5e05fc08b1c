import * as assert from 'node:assert/strict';
import { primaryIp, statusGroup, vmiPrintableStatus } from '../../../src/model/vmStatus';

describe('VM status groups', () => {
  it('groups every printableStatus KubeVirt documents', () => {
    const expected: Record<string, string> = {
      Running: 'running',
      Paused: 'paused',
      Stopped: 'stopped',
      Starting: 'transitional',
      Stopping: 'transitional',
      Terminating: 'transitional',
      Migrating: 'transitional',
      Provisioning: 'transitional',
      WaitingForVolumeBinding: 'transitional',
      WaitingForReceiver: 'transitional',
      ErrorUnschedulable: 'error',
      ErrorPvcNotFound: 'error',
      DataVolumeError: 'error',
      ErrImagePull: 'error',
      ImagePullBackOff: 'error',
      CrashLoopBackOff: 'error',
      Unknown: 'unknown',
    };
    for (const [status, group] of Object.entries(expected)) assert.equal(statusGroup(status), group, status);
  });

  it('treats a future Error* status as an error and anything else unknown as unknown', () => {
    assert.equal(statusGroup('ErrorSomethingNew'), 'error');
    assert.equal(statusGroup('Hibernating'), 'unknown');
    assert.equal(statusGroup(undefined), 'unknown');
  });
});

describe('status of a VMI without a VM', () => {
  it('follows phase, pause, migration and deletion', () => {
    assert.equal(vmiPrintableStatus({ status: { phase: 'Scheduling' } }), 'Starting');
    assert.equal(vmiPrintableStatus({ status: { phase: 'Running' } }), 'Running');
    assert.equal(vmiPrintableStatus({ status: { phase: 'Running', conditions: [{ type: 'Paused', status: 'True' }] } }), 'Paused');
    assert.equal(vmiPrintableStatus({ status: { phase: 'Running', conditions: [{ type: 'Paused', status: 'False' }] } }), 'Running');
    assert.equal(vmiPrintableStatus({ status: { phase: 'Running', migrationState: { completed: false } } }), 'Migrating');
    assert.equal(vmiPrintableStatus({ status: { phase: 'Running', migrationState: { completed: true } } }), 'Running');
    assert.equal(vmiPrintableStatus({ status: { phase: 'Running', migrationState: { failed: true, endTimestamp: '2026-11-22T10:00:00Z' } } }), 'Running');
    assert.equal(vmiPrintableStatus({ status: { phase: 'Succeeded' } }), 'Stopped');
    assert.equal(vmiPrintableStatus({ status: { phase: 'Failed' } }), 'Failed');
    assert.equal(statusGroup(vmiPrintableStatus({ status: { phase: 'Failed' } })), 'error');
    assert.equal(vmiPrintableStatus({ metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' }, status: { phase: 'Running' } }), 'Terminating');
  });
});

describe('primary IP', () => {
  it('strips the prefix length the guest agent reports', () => {
    assert.equal(primaryIp({ interfaces: [{ name: 'default', ipAddress: '10.244.0.23/24' }] }), '10.244.0.23');
    assert.equal(primaryIp({ interfaces: [{ name: 'a' }, { name: 'b', ipAddresses: ['fd00::5/64'] }] }), 'fd00::5');
    assert.equal(primaryIp({}), undefined);
  });
});
