import * as assert from 'node:assert/strict';
import { currentMigration, migrationLine, migrationProgress, type VirtualMachineInstanceMigration } from '../../../src/model/migrationProgress';
import type { VirtualMachineInstance } from '../../../src/model/objects';

const migration = (name: string, phase: string, created: string, uid = name): VirtualMachineInstanceMigration => ({
  metadata: { name, uid, creationTimestamp: created }, spec: { vmiName: 'web-1' }, status: { phase },
});
const vmi = (state: NonNullable<NonNullable<VirtualMachineInstance['status']>['migrationState']>): VirtualMachineInstance => ({ metadata: { name: 'web-1' }, status: { phase: 'Running', migrationState: state } });

describe('migration progress model', () => {
  it('picks the running migration of the VMI over older ended ones', () => {
    const all = [migration('m1', 'Succeeded', '2026-04-12T10:00:00Z'), migration('m2', 'Running', '2026-04-12T11:00:00Z'), { ...migration('x', 'Running', '2026-04-12T12:00:00Z'), spec: { vmiName: 'db-1' } }];
    assert.equal(currentMigration(all, 'web-1')?.metadata.name, 'm2');
    assert.equal(currentMigration(all.slice(0, 1), 'web-1')?.metadata.name, 'm1');
  });

  it('a running post-copy migration: phase, mode, elapsed and nodes in one line', () => {
    const now = Date.parse('2026-04-12T11:01:05Z');
    const p = migrationProgress(vmi({ migrationUid: 'm2', mode: 'PostCopy', sourceNode: 'node-1', targetNode: 'node-2' }), migration('m2', 'Running', '2026-04-12T11:00:00Z'), now)!;
    assert.equal(p.outcome, 'running');
    assert.equal(migrationLine(p), 'Copying memory · post-copy · 65s · node-1 → node-2');
    const later = migrationProgress(vmi({ migrationUid: 'm2' }), migration('m2', 'Scheduling', '2026-04-12T11:00:00Z'), now + 10 * 60_000)!;
    assert.equal(migrationLine(later), 'Scheduling the target pod · 11m5s');
  });

  it('the VMI’s state of an older migration is not taken for the current one', () => {
    const p = migrationProgress(vmi({ migrationUid: 'old', completed: true, targetNode: 'node-9' }), migration('m2', 'Pending', '2026-04-12T11:00:00Z'), Date.parse('2026-04-12T11:00:01Z'))!;
    assert.equal(p.targetNode, undefined);
    assert.equal(p.words, 'Pending');
  });

  it('a failed migration says why; a cancelled one says so; an ended one counts to its end', () => {
    const failed = migrationProgress(vmi({ migrationUid: 'm', failed: true, failureReason: 'the target pod went away', startTimestamp: '2026-04-12T11:00:00Z', endTimestamp: '2026-04-12T11:00:30Z' }), migration('m', 'Failed', '2026-04-12T11:00:00Z'))!;
    assert.equal(failed.outcome, 'failed');
    assert.equal(failed.elapsedSeconds, 30);
    assert.equal(migrationLine(failed), 'Failed · 30s · the target pod went away');
    const cancelled = migrationProgress(vmi({ migrationUid: 'm', abortStatus: 'Succeeded', failed: true }), migration('m', 'Failed', '2026-04-12T11:00:00Z'))!;
    assert.equal(cancelled.outcome, 'cancelled');
    assert.equal(cancelled.words, 'Cancelled');
    assert.equal(migrationProgress(vmi({ migrationUid: 'm', abortRequested: true }), migration('m', 'Running', '2026-04-12T11:00:00Z'))!.words, 'Cancelling');
  });
});
