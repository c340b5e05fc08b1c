// Take, list, restore and delete snapshots against the simulated snapshot and restore controllers (in-process, and on a
// real API server in the real layer).
import * as assert from 'node:assert/strict';
import { AccessCache } from '../../../src/cluster/actionAccess';
import { KubeApiError } from '../../../src/cluster/errors';
import type { KubeHttp } from '../../../src/cluster/kubeHttp';
import { kubevirtPath } from '../../../src/cluster/kubevirtPaths';
import { ObjectWaitTimeoutError, type ObjectWaitOptions } from '../../../src/cluster/objectWatch';
import { restoreVm } from '../../../src/cluster/restore';
import { deleteSnapshot, listSnapshots, snapshotEach, restoreSnapshot, takeSnapshot, waitForRestore, waitForSnapshot } from '../../../src/cluster/snapshots';
import type { VirtualMachine } from '../../../src/model/objects';
import { restoreNeedsStop, snapshotRow } from '../../../src/model/snapshots';
import { act, eventually, NS, startOpsLab, TOKENS, vm, type Lab } from './opsEnv';

/**
 * Runs a wait until its progress matches `pattern`, then cancels it through its signal; resolves with that progress.
 * Rejects if the wait ends first (it must not: the object is stuck by design) or times out.
 */
async function progressUntil(wait: (options: ObjectWaitOptions) => Promise<unknown>, pattern: RegExp): Promise<string> {
  const cancel = new AbortController();
  let matched: string | undefined;
  const outcome = await wait({
    timeoutMs: 20_000,
    signal: cancel.signal,
    onProgress: (progress) => {
      if (progress && pattern.test(progress)) {
        matched = progress;
        cancel.abort(new Error('seen'));
      }
    },
  }).catch((e: unknown) => e);
  if (matched === undefined) throw new Error(`no progress matched ${pattern}; the wait ended with ${String(outcome instanceof ObjectWaitTimeoutError ? outcome.message : JSON.stringify(outcome))}`);
  return matched;
}

describe('snapshots and restores', function () {
  this.timeout(60_000);
  let lab: Lab;
  let http: KubeHttp;
  const target = { namespace: NS, name: 'snap-1' };

  before(async () => {
    lab = await startOpsLab([vm('snap-1', { runStrategy: 'Always' }), vm('snap-2')]);
    http = lab.client('lab');
    await eventually('snap-1 to run', async () => ((await http.find<VirtualMachine>(kubevirtPath('virtualmachines', NS, 'snap-1')))?.status?.printableStatus === 'Running' ? true : undefined), 20_000);
  });
  after(() => lab?.stop());

  it('a running VM is snapshotted: the wait follows it to readyToUse, the row says how it was taken', async () => {
    const created = await takeSnapshot(http, target, 'snap-1-first', 'before the upgrade');
    assert.equal(created.metadata.name, 'snap-1-first');
    const progress: (string | undefined)[] = [];
    const ending = await waitForSnapshot(http, NS, 'snap-1-first', { timeoutMs: 20_000, onProgress: (p) => progress.push(p) });
    assert.deepEqual(ending, { outcome: 'ok' });
    const [listed] = await listSnapshots(http, NS, 'snap-1');
    const row = snapshotRow(listed);
    assert.equal(row.state, 'Ready');
    assert.equal(row.description, 'before the upgrade');
    assert.ok(row.created);
    assert.ok(row.indications.includes('taken while running'), row.indications.join());
  });

  it('a restore of a running VM waits for it to be stopped; stopped, it completes', async () => {
    const vmNow = await http.call<VirtualMachine>('GET', kubevirtPath('virtualmachines', NS, 'snap-1'));
    assert.equal(restoreNeedsStop(vmNow), true);
    await restoreSnapshot(http, target, 'snap-1-first', 'snap-1-restore-early');
    const early = await progressUntil((options) => waitForRestore(http, NS, 'snap-1-restore-early', options), /powered off|stop the restore target/);
    assert.match(early, /powered off|stop the restore target/);
    const second = await restoreSnapshot(http, target, 'snap-1-first', 'snap-1-restore-twice').catch((e: unknown) => e);
    assert.ok(second instanceof KubeApiError, String(second));
    assert.match(second.message, /VirtualMachineRestore "snap-1-restore-early" in progress/);

    await act(http, 'snap-1', 'stop');
    assert.deepEqual(await waitForRestore(http, NS, 'snap-1-restore-early', { timeoutMs: 20_000 }), { outcome: 'ok' });
    await act(http, 'snap-1', 'start');
  });

  it('deleting a snapshot removes it from the list', async () => {
    await takeSnapshot(http, target, 'snap-1-second');
    await waitForSnapshot(http, NS, 'snap-1-second', { timeoutMs: 20_000 });
    assert.deepEqual((await listSnapshots(http, NS, 'snap-1')).map((s) => s.metadata.name).sort(), ['snap-1-first', 'snap-1-second']);
    await deleteSnapshot(http, NS, 'snap-1-second');
    await eventually('the deleted snapshot to leave the list', async () => ((await listSnapshots(http, NS, 'snap-1')).length === 1 ? true : undefined), 20_000);
  });

  it('a snapshot of a VM that does not exist is accepted and stays in progress, saying why', async () => {
    await takeSnapshot(http, { namespace: NS, name: 'no-such-vm' }, 'orphan');
    assert.match(await progressUntil((options) => waitForSnapshot(http, NS, 'orphan', options), /Source does not exist/), /^In progress: Source does not exist$/);
  });

  it('a developer without snapshot rights is neither offered nor allowed to take one (403)', async () => {
    const dev = lab.client('lab', TOKENS.dev);
    const access = await new AccessCache().forNamespace(dev, NS);
    assert.equal(access.capabilities.snapshots, true);
    assert.ok(!access.allowed('vm').has('takeSnapshot'));
    const admin = await new AccessCache().forNamespace(http, NS);
    assert.ok(admin.allowed('vm').has('takeSnapshot') && admin.allowed('vm').has('clone'));
    const error = await takeSnapshot(dev, target, 'not-mine').catch((e: unknown) => e);
    assert.ok(error instanceof KubeApiError && error.code === 403, String(error));
  });

  it('Take Snapshot on several VMs: one each, and a summary of what succeeded and what failed with the server’s words', async () => {
    const summary = await snapshotEach(http, [target, { namespace: NS, name: 'snap-2' }, { namespace: 'no-such-namespace', name: 'x' }], new Date('2026-04-12T02:00:09Z'));
    assert.deepEqual(summary.succeeded, [`${NS}/snap-1`, `${NS}/snap-2`]);
    assert.equal(summary.failed.length, 1);
    assert.match(summary.failed[0].message, /no-such-namespace/);
    assert.deepEqual(await waitForSnapshot(http, NS, 'snap-2-snapshot-20260412-020009', { timeoutMs: 20_000 }), { outcome: 'ok' });
  });

  it('Restore… of a running VM in one step: stop it first, then restore to complete', async () => {
    const lines: string[] = [];
    const ending = await restoreVm(http, target, 'snap-1-first', 'snap-1-restore-whole', { stopFirst: true, timeoutMs: 30_000, onProgress: (line) => lines.push(line) });
    assert.deepEqual(ending, { outcome: 'ok' }, lines.join('\n'));
    assert.equal(lines[0], 'Stopping snap-1');
    assert.ok(lines.includes('Restoring snap-1-first'), lines.join('\n'));
    assert.equal((await http.call<VirtualMachine>('GET', kubevirtPath('virtualmachines', NS, 'snap-1'))).status?.printableStatus, 'Stopped');
  });
});
