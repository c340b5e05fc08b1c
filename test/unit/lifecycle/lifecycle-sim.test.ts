// Lifecycle actions against a cluster over HTTPS — the simulator, or kube-apiserver with virt-api behind its
// aggregator (test/backends/fleet.ts): the requests sent, the state they lead to, and the exact virt-api errors
// surfaced.
import * as assert from 'node:assert/strict';
import type { LifecycleAction } from '../../../src/model/actions';
import { KubeApiError } from '../../../src/cluster/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeHttp } from '../../../src/cluster/kubeHttp';
import { describeOutcome, NoActiveMigrationError, runAction, UnsupportedActionError, type ActionRequest } from '../../../src/cluster/lifecycle';
import { observe, waitForAction, WaitTimeoutError, type WaitResult } from '../../../src/cluster/waitFor';
import { bulk } from '../../../src/cluster/bulk';
import { forgetSubresourceSupport, servesSubresources } from '../../../src/cluster/kubevirtPaths';
import { FLEET_START_TIMEOUT_MS, simOnly, startTestFleet } from '../../backends/fleet';
import { eventually, labScenario, NS, startLab, vm, type Lab } from './simEnv';
import type { KubeObject } from '../../sim/store';

const VMIS = 'virtualmachineinstances.kubevirt.io';
const VMS = 'virtualmachines.kubevirt.io';
const MIGRATIONS = 'virtualmachineinstancemigrations.kubevirt.io';

/** Runs the action, then waits (by watch) for its target state; fails with the wait's own message. */
async function act(http: KubeHttp, name: string, action: LifecycleAction, extra: Partial<ActionRequest> = {}, timeoutMs = 60_000): Promise<WaitResult> {
  const target = { namespace: NS, name, kind: extra.kind };
  const baseline = await observe(http, target);
  await runAction(http, { ...target, action, ...extra });
  // A bound, not an expectation: on kube-apiserver a foreground delete waits for kube-controller-manager's garbage
  // collector, on a loaded machine for a while.
  return waitForAction(http, target, action, baseline, { timeoutMs, startPaused: extra.startPaused });
}

async function rejection(promise: Promise<unknown>): Promise<KubeApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof KubeApiError, `expected a KubeApiError, got ${String(error)}`);
  return error;
}

describe('lifecycle actions', function () {
  this.timeout(60_000);
  let lab: Lab;
  let http: KubeHttp;
  const vmiOf = (name: string) => lab.api('lab').get(VMIS, NS, name);
  const nodeOf = async (name: string) => ((await vmiOf(name))?.status as { nodeName?: string } | undefined)?.nodeName;

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    const pinned = vm('pinned-1');
    (pinned.spec as { template: { spec: Record<string, unknown> } }).template.spec.nodeSelector = { 'kubernetes.io/hostname': 'node-1' };
    const nowhere = vm('nowhere-1');
    (nowhere.spec as { template: { spec: Record<string, unknown> } }).template.spec.nodeSelector = { 'kubernetes.io/hostname': 'nowhere' };
    lab = await startLab(labScenario([vm('web-1'), vm('web-2'), vm('web-3'), vm('always-1', { runStrategy: 'Always' }), pinned, nowhere, vm('bulk-1'), vm('bulk-2')]));
    http = lab.client('lab');
  });
  after(() => lab?.stop());

  it('start: PUT …/virtualmachines/web-1/start answers 202 and the VM gets Running with a VMI', async () => {
    const outcome = await runAction(http, { namespace: NS, name: 'web-1', action: 'start' });
    assert.equal(outcome.path, 'subresource');
    assert.deepEqual(outcome.calls, [`PUT /apis/subresources.kubevirt.io/v1/namespaces/${NS}/virtualmachines/web-1/start 202`]);
    assert.match(describeOutcome(outcome), /^Start team-a\/web-1 via subresource: PUT .*\/start 202$/);
    const result = await waitForAction(http, { namespace: NS, name: 'web-1' }, 'start', { exists: true, status: 'Stopped' }, { timeoutMs: 60_000 });
    assert.deepEqual(result, { verdict: 'reached', status: 'Running' });
    assert.equal(((await vmiOf('web-1'))?.status as { phase?: string }).phase, 'Running');
  });

  it('start: a VM that lands in an error status ends the wait with that status', async () => {
    const result = await act(http, 'nowhere-1', 'start');
    assert.equal(result.verdict, 'error');
    assert.equal(result.status, 'ErrorUnschedulable');
    assert.equal(result.reason, 'the VM is ErrorUnschedulable');
  });

  it('start on a running VM surfaces virt-api\'s 409 message', async () => {
    const error = await rejection(runAction(http, { namespace: NS, name: 'web-1', action: 'start' }));
    assert.equal(error.code, 409);
    assert.equal(error.reason, 'Conflict');
    assert.equal(error.message, 'Operation cannot be fulfilled on virtualmachine.kubevirt.io "web-1": VM is already running');
  });

  it('start on a runStrategy Always VM is refused (its VMI is checked first)', async () => {
    await eventually('always-1 to run', () => vmiOf('always-1'));
    const error = await rejection(runAction(http, { namespace: NS, name: 'always-1', action: 'start' }));
    assert.equal(error.code, 409);
    assert.equal(error.message, 'Operation cannot be fulfilled on virtualmachine.kubevirt.io "always-1": VM is already running');
  });

  it('pause → Paused, unpause → Running, soft reboot 200', async () => {
    assert.deepEqual(await act(http, 'web-1', 'pause'), { verdict: 'reached', status: 'Paused' });
    const again = await rejection(runAction(http, { namespace: NS, name: 'web-1', action: 'pause' }));
    assert.equal(again.code, 409);
    assert.match(again.message, /VMI is already paused/);
    assert.deepEqual(await act(http, 'web-1', 'unpause'), { verdict: 'reached', status: 'Running' });
    const reboot = await runAction(http, { namespace: NS, name: 'web-1', action: 'softReboot' });
    assert.deepEqual(reboot.calls, [`PUT /apis/subresources.kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/web-1/softreboot 200`]);
  });

  it('migrate: the VMI ends up Running on the other node', async () => {
    const before = await nodeOf('web-1');
    assert.ok(before);
    assert.deepEqual(await act(http, 'web-1', 'migrate'), { verdict: 'reached', status: 'Running' });
    const after = await nodeOf('web-1');
    assert.ok(after && after !== before, `expected a node other than ${before}, got ${after}`);
  });

  it('restart: a new VMI (new uid) ends up Running', async () => {
    const before = (await vmiOf('web-1'))?.metadata.uid;
    assert.deepEqual(await act(http, 'web-1', 'restart'), { verdict: 'reached', status: 'Running' });
    const after = await eventually('a VMI with a new uid', async () => {
      const uid = (await vmiOf('web-1'))?.metadata.uid;
      return uid && uid !== before ? uid : undefined;
    });
    assert.notEqual(after, before);
  });

  it('stop → Stopped (VMI gone); stop again → 409 "VM is not running"', async () => {
    assert.deepEqual(await act(http, 'web-1', 'stop'), { verdict: 'reached', status: 'Stopped' });
    // On a real API server the simulation's VM status can reach the server a moment before the deletion of the VMI
    // it already dropped (writes of different objects go out side by side), so the VMI is given a few seconds.
    await eventually('the VMI to be gone', async () => ((await vmiOf('web-1')) === undefined ? true : undefined), 5_000);
    const error = await rejection(runAction(http, { namespace: NS, name: 'web-1', action: 'stop' }));
    assert.equal(error.code, 409);
    assert.equal(error.message, 'Operation cannot be fulfilled on virtualmachine.kubevirt.io "web-1": VM is not running');
  });

  it('restart of a stopped (Halted) VM is refused', async () => {
    const error = await rejection(runAction(http, { namespace: NS, name: 'web-1', action: 'restart' }));
    assert.equal(error.code, 409);
    assert.match(error.message, /Halted does not support manual restart requests/);
  });

  it('force stop: stop with gracePeriod 0 ends Stopped', async () => {
    assert.deepEqual(await act(http, 'web-2', 'start'), { verdict: 'reached', status: 'Running' });
    assert.deepEqual(await act(http, 'web-2', 'forceStop'), { verdict: 'reached', status: 'Stopped' });
  });

  it('start paused → Paused', async () => {
    assert.deepEqual(await act(http, 'web-3', 'start', { startPaused: true }), { verdict: 'reached', status: 'Paused' });
    assert.deepEqual(await act(http, 'web-3', 'stop'), { verdict: 'reached', status: 'Stopped' });
  });

  it('cancel migration deletes the active VirtualMachineInstanceMigration', async () => {
    assert.deepEqual(await act(http, 'pinned-1', 'start'), { verdict: 'reached', status: 'Running' });
    await assert.rejects(runAction(http, { namespace: NS, name: 'pinned-1', action: 'cancelMigration' }), NoActiveMigrationError);
    await runAction(http, { namespace: NS, name: 'pinned-1', action: 'migrate' });
    const active = await eventually('a migration of pinned-1', async () => (await lab.api('lab').list(MIGRATIONS, NS)).find((m) => (m.spec as { vmiName?: string }).vmiName === 'pinned-1'));
    const outcome = await runAction(http, { namespace: NS, name: 'pinned-1', action: 'cancelMigration' });
    assert.equal(outcome.path, 'object');
    assert.deepEqual(outcome.migrations, [active.metadata.name]);
    assert.ok(outcome.calls.at(-1)?.startsWith(`DELETE /apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstancemigrations/${active.metadata.name} `));
    await eventually('the migration to be gone', async () => ((await lab.api('lab').get(MIGRATIONS, NS, active.metadata.name!)) ? undefined : true));
  });

  it('delete: foreground deletion removes the VM, its VMI follows', async function () {
    this.timeout(180_000);
    const result = await act(http, 'pinned-1', 'delete', {}, 150_000).catch(async (error: Error) => {
      // What holds the deletion up: the objects left, their finalizers and owners.
      const left = await Promise.all([VMS, VMIS, MIGRATIONS, 'pods'].map(async (r) => (await lab.api('lab').list(r, NS)).filter((o) => o.metadata.name?.includes('pinned-1') || o.metadata.ownerReferences?.some((ref) => ref.name === 'pinned-1'))));
      const describe = (o: KubeObject) => `${o.kind} ${o.metadata.name} deleting=${o.metadata.deletionTimestamp ?? '-'} finalizers=${JSON.stringify(o.metadata.finalizers ?? [])} owners=${JSON.stringify(o.metadata.ownerReferences?.map((ref) => `${ref.kind}/${ref.name}`) ?? [])}`;
      assert.fail(`${error.message}\n${left.flat().map(describe).join('\n')}`);
    });
    assert.deepEqual(result, { verdict: 'reached', status: 'Deleted' });
    assert.equal(await lab.api('lab').get(VMS, NS, 'pinned-1'), undefined);
    assert.equal(await vmiOf('pinned-1'), undefined);
  });

  it('bulk: per-item summary with the server\'s messages', async () => {
    const summary = await bulk(http, ['bulk-1', 'bulk-2', 'always-1', 'missing'].map((name) => ({ namespace: NS, name, action: 'start' as const })), 2);
    assert.deepEqual(summary.succeeded, [`${NS}/bulk-1`, `${NS}/bulk-2`]);
    assert.deepEqual(summary.failed.map((f) => f.name), [`${NS}/always-1`, `${NS}/missing`]);
    assert.match(summary.failed[0].message, /VM is already running/);
    assert.match(summary.failed[1].message, /"missing" not found/);
  });

  it('a wait survives dropped and expired watches (it lists and watches again)', async function () {
    simOnly(this, 'drops and expires watches');
    const target = { namespace: NS, name: 'web-2' };
    const baseline = await observe(http, target);
    const from = lab.lines.length;
    const waiting = waitForAction(http, target, 'start', baseline, { timeoutMs: 10_000 });
    const opened = () => lab.lines.slice(from).filter((l) => l.startsWith('WATCH ') && l.includes('web-2') && l.endsWith(' 200')).length;
    await eventually('both watches to be open', () => (opened() >= 2 ? true : undefined));
    lab.cluster('lab').sim!.faults.expireNextWatch(2);
    lab.cluster('lab').sim!.faults.dropWatches(true);
    await eventually('the watches to be opened again', () => (opened() >= 4 ? true : undefined));
    await runAction(http, { ...target, action: 'start' });
    assert.deepEqual(await waiting, { verdict: 'reached', status: 'Running' });
    assert.ok(lab.lines.slice(from).some((l) => /^WATCH .*web-2\b.* ended: /.test(l)));
    assert.deepEqual(await act(http, 'web-2', 'stop'), { verdict: 'reached', status: 'Stopped' });
  });

  it('VM-only actions on a lone VMI are refused before any request', async () => {
    const before = lab.lines.length;
    await assert.rejects(runAction(http, { namespace: NS, name: 'web-2', kind: 'vmi', action: 'start' }), UnsupportedActionError);
    assert.equal(lab.lines.length, before);
  });

  it('a wait can be cancelled and times out with the last status', async () => {
    const target = { namespace: NS, name: 'web-2' };
    const baseline = await observe(http, target);
    const abort = new AbortController();
    const waiting = waitForAction(http, target, 'start', baseline, { signal: abort.signal, timeoutMs: 60_000 });
    abort.abort(new Error('cancelled by the user'));
    await assert.rejects(waiting, /cancelled by the user/);
    await assert.rejects(waitForAction(http, target, 'start', baseline, { timeoutMs: 300 }), /did not get there within .* \(last status: Stopped\)/);
  });
});

describe('lifecycle fallback without subresources.kubevirt.io', function () {
  this.timeout(60_000);
  let lab: Lab;
  let http: KubeHttp;
  const spec = async (name: string) => (await lab.api('legacy').get(VMS, NS, name))?.spec as { running?: boolean; runStrategy?: string } | undefined;

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    const old = vm('old-1');
    const spec = old.spec as Record<string, unknown>;
    delete spec.runStrategy;
    spec.running = false;
    lab = await startLab(labScenario([], [vm('new-1'), old]));
    http = lab.client('legacy');
  });
  after(() => lab?.stop());

  it('start merge-patches runStrategy Always and the VM runs', async () => {
    const outcome = await runAction(http, { namespace: NS, name: 'new-1', action: 'start' });
    assert.equal(outcome.path, 'fallback');
    assert.deepEqual(outcome.calls, [
      `GET /apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/new-1 200`,
      `PATCH /apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/new-1 200`,
    ]);
    assert.equal((await spec('new-1'))?.runStrategy, 'Always');
    await waitForAction(http, { namespace: NS, name: 'new-1' }, 'start', { exists: true, status: 'Stopped' }, { timeoutMs: 60_000 });
  });

  it('a VM on deprecated spec.running gets running cleared and runStrategy set', async () => {
    await runAction(http, { namespace: NS, name: 'old-1', action: 'start' });
    const old = await spec('old-1');
    assert.equal(old?.running, undefined);
    assert.equal(old?.runStrategy, 'Always');
  });

  it('restart deletes the VMI, migrate creates a VirtualMachineInstanceMigration', async () => {
    const before = (await lab.api('legacy').get(VMIS, NS, 'new-1'))?.metadata.uid;
    const restart = await runAction(http, { namespace: NS, name: 'new-1', action: 'restart' });
    assert.deepEqual(restart.calls, [`DELETE /apis/kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/new-1 200`]);
    await eventually('a new Running VMI', async () => {
      const vmi = await lab.api('legacy').get(VMIS, NS, 'new-1');
      return vmi && vmi.metadata.uid !== before && (vmi.status as { phase?: string } | undefined)?.phase === 'Running' ? vmi : undefined;
    });
    const migrate = await runAction(http, { namespace: NS, name: 'new-1', action: 'migrate' });
    assert.equal(migrate.path, 'fallback');
    assert.match(migrate.migrations?.[0] ?? '', /^kubevirt-migrate-vm-/);
    assert.ok(await lab.api('legacy').get(MIGRATIONS, NS, migrate.migrations![0]));
  });

  it('a 404 for the group itself (stale discovery) falls back too', async () => {
    forgetSubresourceSupport(http, true);
    const outcome = await runAction(http, { namespace: NS, name: 'new-1', action: 'stop' });
    assert.equal(outcome.path, 'fallback');
    assert.match(outcome.calls[0], /^PUT \/apis\/subresources\.kubevirt\.io\/v1\/.*\/stop 404$/);
    assert.equal((await spec('new-1'))?.runStrategy, 'Halted');
    assert.equal(await servesSubresources(http), false);
    await runAction(http, { namespace: NS, name: 'new-1', action: 'start' });
  });

  it('stop patches Halted; pause, unpause and soft reboot are unsupported with a clear error', async () => {
    const stop = await runAction(http, { namespace: NS, name: 'new-1', action: 'stop' });
    assert.equal(stop.path, 'fallback');
    assert.equal((await spec('new-1'))?.runStrategy, 'Halted');
    for (const action of ['pause', 'unpause', 'softReboot'] as const) {
      await assert.rejects(runAction(http, { namespace: NS, name: 'old-1', action }), (e: unknown) => e instanceof UnsupportedActionError && /subresources\.kubevirt\.io/.test(e.message));
    }
  });
});

describe('waiting on a cluster that cannot answer', function () {
  this.timeout(60_000);
  let lab: Lab;

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    lab = await startLab(labScenario([vm('slow-1')]));
  });
  after(() => lab?.stop());

  it('ends at once when the resource is not served (404), instead of retrying until the timeout', async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    // A cluster without KubeVirt: the VM collection answers 404, so the wait cannot succeed, and says so.
    const plain = await startTestFleet({ name: 'plain', clusters: [{ name: 'plain', users: [{ name: 'admin', token: 'plain-token', groups: ['system:masters'] }], contextUser: 'admin', objects: [] }] });
    try {
      const config = new KubeConfig();
      config.loadFromString(plain.kubeconfig());
      const started = Date.now();
      const waiting = waitForAction(KubeHttp.forContext(config, 'plain'), { namespace: NS, name: 'slow-1' }, 'start', { exists: true, status: 'Stopped' }, { timeoutMs: 8000 });
      await assert.rejects(waiting, (error: Error) => error instanceof KubeApiError && error.code === 404);
      assert.ok(Date.now() - started < 4000, `${Date.now() - started} ms`);
      const requests = plain.clusters[0].sim?.stats.requests.filter((r) => r.user === 'admin').length;
      if (requests !== undefined) assert.ok(requests <= 4, `${requests} requests`);
    } finally {
      await plain.stop();
    }
  });

  it('backs off while the server keeps failing', async function () {
    simOnly(this, 'injects 500s');
    const http = lab.client('lab');
    const cluster = lab.cluster('lab').sim!;
    cluster.faults.set({ errorRate: 1, errorCode: 500 });
    cluster.resetStats();
    const waiting = waitForAction(http, { namespace: NS, name: 'slow-1' }, 'start', { exists: true, status: 'Stopped' }, { timeoutMs: 3000 });
    await assert.rejects(waiting, WaitTimeoutError);
    const lists = cluster.stats.requests.filter((r) => !r.watch && r.path.includes('fieldSelector')).length;
    cluster.faults.reset();
    console.log(`      ${lists} lists in 3 s of failures`);
    assert.ok(lists <= 10, `${lists} lists in 3 s (every 500 ms would be about 14)`);
  });
});
