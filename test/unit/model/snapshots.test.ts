import * as assert from 'node:assert/strict';
import { restoreJudgement, restoreName, defaultSnapshotName, snapshotJudgement, snapshotManifest, snapshotRow, snapshotsOf, type VirtualMachineSnapshot } from '../../../src/model/snapshots';

const failed: VirtualMachineSnapshot = {
  metadata: { name: 'web-1-nightly', namespace: 'team-a', creationTimestamp: '2026-04-12T02:00:09Z' },
  spec: { source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'web-1' } },
  status: {
    phase: 'Failed', readyToUse: false,
    error: { message: 'Internal error occurred: failed to freeze VMI filesystems' },
    indications: ['Online', 'GuestAgent'],
    conditions: [{ type: 'Progressing', status: 'False', reason: 'Operation failed' }, { type: 'Failure', status: 'True', reason: 'snapshot deadline exceeded' }],
  },
};
const ready: VirtualMachineSnapshot = {
  metadata: { name: 'web-1-before', namespace: 'team-a', creationTimestamp: '2026-04-13T10:00:00Z', annotations: { description: 'Before the upgrade' } },
  spec: { source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'web-1' } },
  status: { phase: 'Succeeded', readyToUse: true, creationTime: '2026-04-13T10:00:04Z', indications: ['Online', 'NoGuestAgent'] },
};

describe('snapshot model', () => {
  it('names a snapshot after the VM and the time, within 63 characters', () => {
    assert.equal(defaultSnapshotName('web-1', new Date('2026-04-12T02:00:09.123Z')), 'web-1-snapshot-20260412-020009');
    const long = defaultSnapshotName('x'.repeat(80), new Date('2026-04-12T02:00:09Z'));
    assert.ok(long.length <= 63 && long.endsWith('-snapshot-20260412-020009'), long);
    const restore = restoreName(long, new Date('2026-04-12T02:00:09Z'));
    assert.ok(restore.length <= 63 && /^x{38}-s-restore-[a-z0-9]+$/.test(restore), restore);
  });

  it('a snapshot manifest names its VM and keeps the description as an annotation', () => {
    const manifest = snapshotManifest({ namespace: 'team-a', name: 'web-1' }, 'snap', 'why');
    assert.deepEqual(manifest.spec?.source, { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'web-1' });
    assert.equal(manifest.metadata.annotations?.description, 'why');
    assert.equal(snapshotManifest({ namespace: 'team-a', name: 'web-1' }, 'snap').metadata.annotations, undefined);
  });

  it('rows say the state, the indications and the error in words', () => {
    assert.deepEqual(snapshotRow(failed), {
      name: 'web-1-nightly', state: 'Failed', phase: 'Failed', readyToUse: false, created: '2026-04-12T02:00:09Z',
      indications: ['taken while running', 'filesystems frozen by the guest agent'], error: 'Internal error occurred: failed to freeze VMI filesystems',
    });
    const row = snapshotRow(ready);
    assert.equal(row.state, 'Ready');
    assert.equal(row.created, '2026-04-13T10:00:04Z');
    assert.equal(row.description, 'Before the upgrade');
    assert.deepEqual(row.indications, ['taken while running', 'no guest agent: crash-consistent']);
  });

  it('lists only the VM’s own snapshots, newest first', () => {
    const other = { ...ready, metadata: { ...ready.metadata, name: 'db-1-snap' }, spec: { source: { kind: 'VirtualMachine', name: 'db-1' } } };
    assert.deepEqual(snapshotsOf([failed, other, ready], 'web-1').map((s) => s.metadata.name), ['web-1-before', 'web-1-nightly']);
  });

  it('a snapshot wait ends at readyToUse or the error; a restore at complete or its Failure', () => {
    assert.deepEqual(snapshotJudgement(ready), { done: true, result: { outcome: 'ok' } });
    assert.deepEqual(snapshotJudgement(failed), { done: true, result: { outcome: 'failed', message: 'Internal error occurred: failed to freeze VMI filesystems' } });
    assert.deepEqual(snapshotJudgement(undefined), { done: true, result: { outcome: 'gone', message: 'The snapshot was deleted.' } });
    const inProgress = { ...ready, status: { phase: 'InProgress', conditions: [{ type: 'Progressing', status: 'False', reason: 'Source locked' }] } };
    assert.deepEqual(snapshotJudgement(inProgress), { done: false, progress: 'In progress: Source locked' });
    const restore = { metadata: { name: 'r' } };
    assert.deepEqual(restoreJudgement({ ...restore, status: { complete: true } }), { done: true, result: { outcome: 'ok' } });
    assert.deepEqual(restoreJudgement({ ...restore, status: { complete: false, conditions: [{ type: 'Ready', status: 'False', reason: 'Waiting for target VM to be powered off' }] } }), { done: false, progress: 'Waiting for target VM to be powered off' });
    assert.equal(restoreJudgement({ ...restore, status: { conditions: [{ type: 'Failure', status: 'True', reason: 'Restore target failed to be ready within 5m0s' }] } }).done, true);
  });
});
