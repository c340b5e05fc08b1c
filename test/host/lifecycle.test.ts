import * as assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import * as vscode from 'vscode';
import { parse, stringify } from 'yaml';
import { openSerialConsole } from '../../src/cluster/console';
import { KubeHttp } from '../../src/cluster/kubeHttp';
import type { ActionRun } from '../../src/commands/lifecycle';
import { SerialConsoleTerminal } from '../../src/views/consoleTerminal';
import { manifestUri } from '../../src/views/manifestContent';
import type { FleetNode } from '../../src/views/nodes';
import { loadScenario } from '../sim/scenarios';
import { labScenario, vm } from '../unit/lifecycle/simEnv';
import { ScriptedInput, withInput } from './scriptedInput';
import { callCluster, contextValue, description, eventually, FLEET_START_TIMEOUT_MS, onRealToo, startFleet, workloadNode, type DemoFleet } from './demoFleet';

const ADMIN = 'demo-prod-east-admin';
const ALPHA = 'tenant-alpha';
const SUBRESOURCES = `/apis/subresources.kubevirt.io/v1/namespaces/${ALPHA}`;

function single(run: ActionRun | undefined) {
  assert.ok(run?.kind === 'single', `expected a single action, got ${JSON.stringify(run)}`);
  return run;
}

describe('VM lifecycle from the Fleet tree (demo scenario)', function () {
  onRealToo(this);
  this.timeout(90_000);
  let demo: DemoFleet;
  const node = (name: string) => workloadNode(demo.tree, 'prod-east', ALPHA, name);
  const statusOf = async (name: string) => description(demo.tree, await node(name)).split(' · ')[0];
  const becomes = (name: string, status: string) => eventually(`${name} shows ${status}`, async () => (await statusOf(name)) === status);
  const run = async (command: string, name: string, second?: unknown) => (await vscode.commands.executeCommand(`kubevirtWorkbench.${command}`, await node(name), second)) as ActionRun | undefined;

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    demo = await startFleet(loadScenario('demo'));
  });
  after(async () => demo?.stop());

  it('offers an admin the actions of each state, as can: tokens learned from access reviews', async () => {
    await eventually('the access review of tenant-alpha is folded into the nodes', async () => /\bcan:/.test(contextValue(demo.tree, await node('batch-worker'))));
    const stopped = contextValue(demo.tree, await node('batch-worker'));
    assert.match(stopped, /\bcan:start\b/);
    assert.doesNotMatch(stopped, /\bcan:stop\b/);
    const running = contextValue(demo.tree, await node('web-frontend-1'));
    for (const action of ['stop', 'restart', 'pause', 'migrate', 'console', 'edit', 'delete']) assert.match(running, new RegExp(`\\bcan:${action}\\b`));
    assert.doesNotMatch(running, /\bcan:start\b/);
  });

  it('Start sends the start subresource and the tree shows Running', async () => {
    const result = single(await run('start', 'batch-worker'));
    assert.deepEqual(result.outcome.calls, [`PUT ${SUBRESOURCES}/virtualmachines/batch-worker/start 202`]);
    assert.equal(result.outcome.path, 'subresource');
    assert.equal(result.result?.verdict, 'reached');
    await becomes('batch-worker', 'Running');
  });

  it('Start on a running VM shows the Status message of the 409', async () => {
    const result = await run('start', 'web-frontend-1');
    assert.ok(result?.kind === 'failed', JSON.stringify(result));
    assert.match(result.error, /already running/i);
  });

  it('Pause, Unpause and Soft Reboot act on the VMI', async () => {
    const paused = single(await run('pause', 'web-frontend-2'));
    assert.deepEqual(paused.outcome.calls, [`PUT ${SUBRESOURCES}/virtualmachineinstances/web-frontend-2/pause 200`]);
    await becomes('web-frontend-2', 'Paused');
    const resumed = single(await run('unpause', 'web-frontend-2'));
    assert.match(resumed.outcome.calls[0], /virtualmachineinstances\/web-frontend-2\/unpause 200$/);
    await becomes('web-frontend-2', 'Running');
    const reboot = single(await run('softReboot', 'web-frontend-2'));
    assert.match(reboot.outcome.calls[0], /virtualmachineinstances\/web-frontend-2\/softreboot 200$/);
  });

  it('Restart, Migrate, Stop and Force Stop reach their target status (asking first where the guest goes down)', async () => {
    const script = new ScriptedInput().expect(
      { kind: 'confirm', match: /^Restart tenant-alpha\/web-frontend-1 on prod-east\?$/, answer: 'Restart' },
      // cache is Starting: no guest is running yet, so Stop does not ask.
      { kind: 'confirm', match: /^Force Stop tenant-alpha\/db-replica on prod-east\?$/, answer: 'Force Stop' },
    );
    await withInput(script, () => restartMigrateStop());
    script.assertDone();
  });

  async function restartMigrateStop() {
    const restart = single(await run('restart', 'web-frontend-1'));
    assert.match(restart.outcome.calls[0], /^PUT .*\/virtualmachines\/web-frontend-1\/restart 202$/);
    assert.equal(restart.result?.verdict, 'reached');
    const migrate = single(await run('migrate', 'api-gateway'));
    assert.match(migrate.outcome.calls[0], /^PUT .*\/virtualmachines\/api-gateway\/migrate 202$/);
    assert.equal(migrate.result?.verdict, 'reached');
    const stop = single(await run('stop', 'cache'));
    assert.match(stop.outcome.calls[0], /^PUT .*\/virtualmachines\/cache\/stop 202$/);
    await becomes('cache', 'Stopped');
    single(await run('forceStop', 'db-replica'));
    await becomes('db-replica', 'Stopped');
  }

  it('Stop on several selected VMs asks once, then runs as one bulk action with a summary', async () => {
    const selection: FleetNode[] = [await node('web-frontend-1'), await node('batch-worker')];
    const script = new ScriptedInput().expect({ kind: 'confirm', match: /^Stop 2 VMs on prod-east\?$/, answer: 'Stop' });
    const result = await withInput(script, () => run('stop', 'web-frontend-1', selection));
    script.assertDone();
    assert.ok(result?.kind === 'bulk', JSON.stringify(result));
    assert.deepEqual(result.summary, { succeeded: [`${ALPHA}/web-frontend-1`, `${ALPHA}/batch-worker`], failed: [] });
    await becomes('web-frontend-1', 'Stopped');
    await becomes('batch-worker', 'Stopped');
  });

  it('Delete asks first, then removes a stopped VM from the tree', async () => {
    const script = new ScriptedInput().expect({ kind: 'confirm', match: /^Delete VirtualMachine tenant-alpha\/legacy-app on prod-east\?$/, answer: 'Delete' });
    const deleted = single(await withInput(script, () => run('delete', 'legacy-app')));
    script.assertDone();
    assert.match(deleted.outcome.calls[0], /^DELETE \/apis\/kubevirt\.io\/v1\/namespaces\/tenant-alpha\/virtualmachines\/legacy-app 200$/);
    assert.equal(deleted.result?.status, 'Deleted');
    await eventually('legacy-app is gone from the tree', () => demo.tree.findWorkload('prod-east', ALPHA, 'VirtualMachine', 'legacy-app') === undefined || description(demo.tree, demo.tree.findWorkload('prod-east', ALPHA, 'VirtualMachine', 'legacy-app')!) === 'deleted');
  });

  it('a save that hits 409 fails and keeps the text; the next save after a fresh load works', async () => {
    const doc = (await vscode.commands.executeCommand('kubevirtWorkbench.edit', await node('db-primary'))) as vscode.TextDocument;
    assert.equal(doc.uri.scheme, 'kubevirt-edit');
    assert.doesNotMatch(doc.getText(), /^status:|managedFields/m);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), '# my change\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const mine = doc.getText();
    assert.equal(await callCluster(demo.fleet, 'prod-east', ADMIN, 'PUT', `${SUBRESOURCES}/virtualmachines/db-primary/stop`, {}), 202);
    await eventually('the stop reached the VM spec', async () => /runStrategy: Halted/.test((await vscode.workspace.openTextDocument(manifestUri('prod-east', ALPHA, 'VirtualMachine', 'db-primary'))).getText()));
    // VS Code's own conflict notification is the only one: the extension asks and shows nothing of its own.
    const script = new ScriptedInput();
    await withInput(script, async () => assert.equal(await doc.save(), false));
    assert.deepEqual(script.asked, []);
    assert.deepEqual(script.shown, []);
    assert.ok(doc.isDirty);
    assert.equal(doc.getText(), mine);
  });

  it('an edit saved without conflict is stored on the cluster', async () => {
    const doc = (await vscode.commands.executeCommand('kubevirtWorkbench.edit', await node('web-frontend-2'))) as vscode.TextDocument;
    const object = parse(doc.getText()) as { metadata: { labels?: Record<string, string> } };
    object.metadata.labels = { ...object.metadata.labels, edited: 'by-test' };
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), stringify(object));
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(await doc.save(), true);
    await eventually('the label reaches the tree cache', async () => /edited: by-test/.test((await vscode.workspace.openTextDocument(manifestUri('prod-east', ALPHA, 'VirtualMachine', 'web-frontend-2'))).getText()));
  });

  it('the serial console terminal shows the login prompt and echoes a typed line', async () => {
    const config = new KubeConfig();
    config.loadFromString(demo.fleet.kubeconfig());
    const session = await openSerialConsole(KubeHttp.forContext(config, 'prod-east'), ALPHA, 'api-gateway');
    const pty = new SerialConsoleTerminal(session, 'api-gateway');
    let text = '';
    pty.onDidWrite((data) => (text += data));
    pty.open();
    pty.handleInput('\r');
    await eventually('a login prompt', () => /login: $/.test(text));
    pty.handleInput('fedora\r');
    await eventually('the typed name echoed', () => /login: fedora\r\n/.test(text));
    session.close();
    await eventually('a closing line', () => /console of api-gateway closed \(1000/.test(text));
    pty.close();
  });
});

describe('VM actions by permission (demo scenario)', function () {
  onRealToo(this);
  // Each test starts a fleet of its own (another user's kubeconfig).
  this.timeout(FLEET_START_TIMEOUT_MS);

  it('the tenant developer on shared-dev may stop but not migrate', async () => {
    const demo = await startFleet(loadScenario('demo'));
    try {
      const app = () => workloadNode(demo.tree, 'shared-dev', 'oil-dev', 'oil-dev-app');
      // Console is offered on a running VMI: on a real control plane the demo VM may still be starting.
      await eventually('the access review of oil-dev is folded in and the VM runs', async () => {
        const tokens = contextValue(demo.tree, await app());
        return /\bcan:/.test(tokens) && /\bstatus:Running\b/.test(tokens);
      }, 60_000);
      const tokens = contextValue(demo.tree, await app());
      assert.match(tokens, /\bcan:stop\b/);
      assert.match(tokens, /\bcan:console\b/);
      assert.doesNotMatch(tokens, /\bcan:migrate\b/);
    } finally {
      await demo.stop();
    }
  });

  it('a viewer on shared-dev is offered no start or stop', async () => {
    const asVictor = (text: string) => {
      const config = parse(text) as { contexts: { name: string; context: { user: string } }[]; users: { name: string; user: { token: string } }[] };
      const user = config.contexts.find((c) => c.name === 'shared-dev')!.context.user;
      config.users.find((u) => u.name === user)!.user.token = 'demo-shared-dev-victor';
      return stringify(config);
    };
    const demo = await startFleet(loadScenario('demo'), (fleet) => asVictor(fleet.kubeconfig()));
    try {
      const app = () => workloadNode(demo.tree, 'shared-dev', 'oil-dev', 'oil-dev-app');
      await eventually('the access review of oil-dev is known', async () => {
        await app();
        return demo.permissions.allowed('shared-dev', 'oil-dev', 'vm') !== undefined;
      });
      const tokens = contextValue(demo.tree, await app());
      assert.match(tokens, /\bkind:vm\b/);
      assert.doesNotMatch(tokens, /\bcan:(start|stop|restart|delete)\b/);
    } finally {
      await demo.stop();
    }
  });
});

describe('VM actions on a cluster without subresources.kubevirt.io', function () {
  onRealToo(this);
  this.timeout(90_000);
  let demo: DemoFleet;

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    demo = await startFleet(labScenario([], [vm('old-1')]));
  });
  after(async () => demo?.stop());

  it('Start takes the kubevirt.io fallback and the VM runs', async () => {
    const target = await workloadNode(demo.tree, 'legacy', 'team-a', 'old-1');
    const result = single((await vscode.commands.executeCommand('kubevirtWorkbench.start', target)) as ActionRun);
    assert.equal(result.outcome.path, 'fallback');
    assert.ok(result.outcome.calls.some((c) => /^PATCH \/apis\/kubevirt\.io\/v1\/namespaces\/team-a\/virtualmachines\/old-1 200$/.test(c)), result.outcome.calls.join(', '));
    await eventually('old-1 shows Running', () => description(demo.tree, target).startsWith('Running'));
  });
});
