// Issue 14 in the real extension host, on the demo scenario: confirmations that cannot be skipped, targets that
// cannot be forged, edits that write only where and when they should, and a kubeconfig rewrite that rebuilds
// nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse, stringify } from 'yaml';
import type { ActionRun } from '../../src/commands/lifecycle';
import type { FleetHost } from '../../src/views/fleetHost';
import type { FleetNode } from '../../src/views/nodes';
import type { SimCluster } from '../sim/cluster';
import { loadScenario } from '../sim/scenarios';
import { callCluster, child, description, descendants, eventually, saveOverwriting, startFleet, workloadNode, type DemoFleet } from './demoFleet';
import { activatedExtension } from './extension';
import { ScriptedInput, withInput, type Expected } from './scriptedInput';

const ALPHA = 'tenant-alpha';
const ADMIN = 'demo-prod-east-admin';

interface TestExports {
  fleetHost: FleetHost;
  outputLines: string[];
}

// Simulator only: these tests count the requests each confirmation sends (or holds back), slow a cluster down and
// change objects in its store behind the caches' back, which only the in-process simulator allows.
describe('confirmations, targets and edits (demo scenario)', function () {
  this.timeout(90_000);
  let demo: DemoFleet;
  let prod: SimCluster;
  let shared: SimCluster;
  const node = (name: string) => workloadNode(demo.tree, 'prod-east', ALPHA, name);
  const run = async (command: string, target: unknown, selection?: unknown) => vscode.commands.executeCommand<ActionRun | undefined>(`kubevirtWorkbench.${command}`, target, selection);
  /** Runs `body` with `answers` scripted; every answer must have been asked for. */
  const scripted = async <T>(answers: Expected[], body: (script: ScriptedInput) => Promise<T>): Promise<T> => {
    const script = new ScriptedInput().expect(...answers);
    const result = await withInput(script, () => body(script));
    script.assertDone();
    return result;
  };
  const calls = (cluster: SimCluster, pattern: RegExp) => cluster.stats.requests.filter((r) => pattern.test(`${r.method} ${r.path}`));
  const vmSpec = (name: string) => prod.store.get('virtualmachines.kubevirt.io', ALPHA, name)!;

  before(async () => {
    demo = await startFleet(loadScenario('demo'));
    prod = demo.fleet.cluster('prod-east').sim!;
    shared = demo.fleet.cluster('shared-dev').sim!;
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await demo?.stop();
  });

  it('Delete of a VM the caches do not hold (yet again) reads it and asks for its name', async () => {
    const target = await workloadNode(demo.tree, 'shared-dev', 'oil-dev', 'oil-dev-db');
    const host = ((await activatedExtension()).exports as TestExports).fleetHost;
    // The row is still shown while shared-dev connects again (a Retry), its lists slowed down: nothing is cached.
    shared.faults.set({ latencyMs: 1500 });
    const reconnecting = host.fleet!.retry('shared-dev');
    try {
      assert.deepEqual(host.fleet!.vms('shared-dev', 'oil-dev'), []);
      const result = await scripted(
        [
          { kind: 'confirm', match: /^Delete VirtualMachine oil-dev\/oil-dev-db on shared-dev\?$/, answer: 'Delete' },
          { kind: 'input', match: /^Delete oil-dev-db oil-dev-db is running or has persistent volumes/, answer: undefined },
        ],
        () => run('delete', target),
      );
      assert.deepEqual(result, { kind: 'cancelled' });
    } finally {
      shared.faults.reset();
      await reconnecting;
    }
    assert.ok(shared.store.get('virtualmachines.kubevirt.io', 'oil-dev', 'oil-dev-db'), 'still there');
  });

  it('Force Stop and Stop of a running VM ask first; dismissing sends nothing', async () => {
    const web = await node('web-frontend-1');
    prod.resetStats();
    const results = await scripted(
      [
        { kind: 'confirm', match: /^Force Stop tenant-alpha\/web-frontend-1 on prod-east\?$/, answer: undefined },
        { kind: 'confirm', match: /^Stop tenant-alpha\/web-frontend-1 on prod-east\?$/, answer: undefined },
        { kind: 'confirm', match: /^Restart tenant-alpha\/web-frontend-1 on prod-east\?$/, answer: undefined },
      ],
      async () => [await run('forceStop', web), await run('stop', web), await run('restart', web)],
    );
    assert.deepEqual(results, [{ kind: 'cancelled' }, { kind: 'cancelled' }, { kind: 'cancelled' }]);
    assert.deepEqual(calls(prod, /^PUT .*\/(stop|restart)$/), []);
  });

  it('Stop runs without asking once the user turned the question off (Force Stop still asks)', async () => {
    const config = vscode.workspace.getConfiguration('kubevirtWorkbench');
    await config.update('confirmStopRestart', false, vscode.ConfigurationTarget.Global);
    try {
      const script = new ScriptedInput();
      const result = await withInput(script, async () => run('stop', await node('web-frontend-2')));
      assert.deepEqual(script.asked.filter((a) => a.startsWith('confirm')), []);
      assert.ok(result?.kind === 'single', JSON.stringify(result));
      const forced = await scripted([{ kind: 'confirm', match: /^Force Stop tenant-alpha\/web-frontend-1 on prod-east\?$/, answer: undefined }], async () => run('forceStop', await node('web-frontend-1')));
      assert.deepEqual(forced, { kind: 'cancelled' });
    } finally {
      await config.update('confirmStopRestart', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('an action on several VMs across clusters asks once with the count per cluster and what it skips', async () => {
    const selection: FleetNode[] = [
      await node('web-frontend-1'),
      await node('api-gateway'),
      await workloadNode(demo.tree, 'shared-dev', 'oil-dev', 'oil-dev-app'),
      await node('batch-worker'),
      demo.tree.findWorkload('prod-east', ALPHA, 'Pod', 'payments-worker')!,
    ];
    prod.resetStats();
    shared.resetStats();
    let detail = '';
    const result = await scripted([{ kind: 'confirm', match: /^Stop 3 VMs on 2 clusters\?$/, answer: undefined }], async (script) => {
      const outcome = await run('stop', selection[0], selection);
      detail = script.shown[0]?.text ?? '';
      return outcome;
    });
    assert.deepEqual(result, { kind: 'cancelled' });
    assert.match(detail, /^prod-east: 2 \(tenant-alpha\/web-frontend-1, tenant-alpha\/api-gateway\)$/m);
    assert.match(detail, /^shared-dev: 1 \(oil-dev\/oil-dev-app\)$/m);
    assert.match(detail, /^Skipped 2: tenant-alpha\/batch-worker \(Stop does not apply to a Stopped VM\), payments-worker \(not a VM\)$/m);
    assert.deepEqual([...calls(prod, /^PUT .*\/stop$/), ...calls(shared, /^PUT .*\/stop$/)], []);
  });

  it('an action that takes one VM is refused on a multi-selection instead of running on the clicked VM alone', async () => {
    const selection = [await node('web-frontend-1'), await node('api-gateway')];
    prod.resetStats();
    const result = await scripted([{ kind: 'notify', match: /^Soft Reboot acts on one VM at a time; 2 are selected/, answer: undefined }], () => run('softReboot', selection[0], selection));
    assert.deepEqual(result, { kind: 'cancelled' });
    assert.deepEqual(calls(prod, /softreboot/), []);
  });

  it('ignores targets the tree did not show, and no argument skips a confirmation', async () => {
    const forged = { type: 'workload', id: 'forged', context: 'prod-east', namespace: ALPHA, kind: 'VirtualMachine', name: 'db-primary' };
    const real = await node('web-frontend-1');
    prod.resetStats();
    const results = await scripted(
      [
        // A real id with another name: the tree's own node (web-frontend-1) is the target, never the argument's name.
        { kind: 'confirm', match: /^Force Stop tenant-alpha\/web-frontend-1 on prod-east\?$/, answer: undefined },
        { kind: 'confirm', match: /^Delete VirtualMachine tenant-alpha\/web-frontend-1 on prod-east\?$/, answer: undefined },
      ],
      async () => [
        await run('delete', forged),
        await run('forceStop', forged, [forged]),
        await vscode.commands.executeCommand('kubevirtWorkbench.edit', forged),
        await run('forceStop', { ...real, name: 'db-primary', namespace: 'kube-system' }),
        await run('delete', real, { confirmed: true }),
      ],
    );
    assert.deepEqual(results, [undefined, undefined, undefined, { kind: 'cancelled' }, { kind: 'cancelled' }]);
    assert.deepEqual(calls(prod, /^(PUT|DELETE|PATCH) /), []);
  });

  it('Apply names the namespace an object without one lands in', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: stringify({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'no-namespace' }, spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {} } } } } }) });
    const result = await scripted(
      [
        { kind: 'pick', match: /^Cluster context/, answer: 'prod-east' },
        { kind: 'confirm', match: /^Apply VirtualMachine no-namespace to tenant-alpha on prod-east\?$/, answer: undefined },
      ],
      async () => vscode.commands.executeCommand('kubevirtWorkbench.apply', doc.uri),
    );
    assert.equal(result, undefined);
  });

  /** Opens the edit document of a VM and replaces its text with `change(parsed)`. */
  async function editVm(name: string, change: (object: { metadata: Record<string, unknown> & { labels?: Record<string, string> } }) => void): Promise<vscode.TextDocument> {
    const doc = (await vscode.commands.executeCommand('kubevirtWorkbench.edit', await node(name))) as vscode.TextDocument;
    await rewrite(doc, change);
    return doc;
  }

  async function rewrite(doc: vscode.TextDocument, change: (object: { metadata: Record<string, unknown> & { labels?: Record<string, string> } }) => void): Promise<void> {
    const object = parse(doc.getText()) as { metadata: Record<string, unknown> & { labels?: Record<string, string> } };
    change(object);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), stringify(object));
    assert.ok(await vscode.workspace.applyEdit(edit));
  }

  it('a save writes only the object the tab shows: a renamed object is refused (Overwrite included), a removed namespace filled in', async () => {
    const before = vmSpec('api-gateway').metadata.resourceVersion;
    // Before the fix the save hit 409 (another object's resourceVersion) and re-applying then replaced api-gateway.
    const script = new ScriptedInput();
    await withInput(script, async () => {
      const renamed = await editVm('legacy-app', (o) => {
        o.metadata.name = 'api-gateway';
        o.metadata.labels = { ...o.metadata.labels, hijacked: 'yes' };
      });
      assert.equal(await renamed.save(), false);
      assert.equal(await saveOverwriting(renamed), false);
      await new Promise((resolve) => setTimeout(resolve, 1500));
    });
    assert.deepEqual(script.asked, [], 'refused before any conflict: nothing to re-apply');
    assert.equal(vmSpec('api-gateway').metadata.resourceVersion, before, 'api-gateway was not written');
    assert.equal(vmSpec('api-gateway').metadata.labels?.hijacked, undefined);
    assert.equal(vmSpec('legacy-app').metadata.labels?.hijacked, undefined);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const unnamespaced = await editVm('legacy-app', (o) => {
      delete o.metadata.namespace;
      o.metadata.labels = { ...o.metadata.labels, pinned: 'here' };
    });
    assert.equal(await unnamespaced.save(), true);
    assert.equal(vmSpec('legacy-app').metadata.labels?.pinned, 'here');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('auto-save never writes to the cluster; an explicit save does', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSaveDelay', 100, vscode.ConfigurationTarget.Global);
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    try {
      const doc = await editVm('legacy-app', (o) => (o.metadata.labels = { ...o.metadata.labels, typing: 'half-fin' }));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(vmSpec('legacy-app').metadata.labels?.typing, undefined, 'nothing written while typing');
      assert.ok(doc.isDirty);
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await rewrite(doc, (o) => (o.metadata.labels = { ...o.metadata.labels, typing: 'finished' }));
      assert.equal(await doc.save(), true);
      assert.equal(vmSpec('legacy-app').metadata.labels?.typing, 'finished');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Overwrite after a conflict puts the editor text as it is then onto the live object: later edits included, the other change kept', async () => {
    const doc = await editVm('legacy-app', (o) => (o.metadata.labels = { ...o.metadata.labels, first: 'edit' }));
    const spec = () => JSON.stringify(vmSpec('legacy-app').spec);
    const before = spec();
    // Someone else changes the VM meanwhile.
    assert.equal(await callCluster(demo.fleet, 'prod-east', ADMIN, 'PUT', `/apis/subresources.kubevirt.io/v1/namespaces/${ALPHA}/virtualmachines/legacy-app/start`, {}), 202);
    await eventually('the start reached the VM spec', () => spec() !== before);
    const started = spec();
    const script = new ScriptedInput();
    await withInput(script, async () => {
      assert.equal(await doc.save(), false, 'refused: the cluster has a newer version');
      await rewrite(doc, (o) => (o.metadata.labels = { ...o.metadata.labels, later: 'edit' }));
      assert.equal(await saveOverwriting(doc), true);
    });
    assert.deepEqual([script.asked, script.shown], [[], []], "VS Code's own notification is the only one");
    assert.equal(vmSpec('legacy-app').metadata.labels?.first, 'edit');
    assert.equal(vmSpec('legacy-app').metadata.labels?.later, 'edit');
    assert.equal(spec(), started, "the other writer's change stays");
    await eventually('the editor shows what the server stored', () => !doc.isDirty && /running: true/.test(doc.getText()));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a save is refused once the context points at another user than the one the object was loaded as', async () => {
    const doc = await editVm('web-frontend-2', (o) => (o.metadata.labels = { ...o.metadata.labels, as: 'someone-else' }));
    const original = fs.readFileSync(demo.kubeconfigFile, 'utf8');
    const config = parse(original) as { contexts: { name: string; context: { user: string } }[]; users: { name: string; user: unknown }[] };
    const context = config.contexts.find((c) => c.name === 'prod-east')!;
    config.users.push({ name: 'second-admin', user: config.users.find((u) => u.name === context.context.user)!.user });
    context.context.user = 'second-admin';
    fs.writeFileSync(demo.kubeconfigFile, stringify(config));
    const host = ((await activatedExtension()).exports as TestExports).fleetHost;
    try {
      await eventually('the reloaded context', () => host.fleet?.contexts().find((c) => c.name === 'prod-east')?.user === 'second-admin');
      assert.equal(await doc.save(), false);
      assert.equal(vmSpec('web-frontend-2').metadata.labels?.as, undefined);
    } finally {
      fs.writeFileSync(demo.kubeconfigFile, original);
      await eventually('the original context', () => host.fleet?.contexts().find((c) => c.name === 'prod-east')?.user !== 'second-admin');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('virtctl is given the context\'s own kubeconfig file when several files are read', async function () {
        const extra = path.join(path.dirname(demo.kubeconfigFile), 'extra.yaml');
    fs.writeFileSync(extra, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] }));
    const previous = process.env.KUBECONFIG;
    process.env.KUBECONFIG = [extra, demo.kubeconfigFile].join(path.delimiter);
    try {
      await vscode.commands.executeCommand('kubevirtWorkbench.refresh');
      const script = new ScriptedInput();
      await withInput(script, async () => vscode.commands.executeCommand('kubevirtWorkbench.copySshCommand', await node('api-gateway')));
      const shown = script.shown.map((m) => m.text).join('\n');
      assert.ok(shown.includes(`--kubeconfig ${demo.kubeconfigFile}`), shown);
    } finally {
      process.env.KUBECONFIG = previous;
      await vscode.commands.executeCommand('kubevirtWorkbench.refresh');
    }
  });

  it('a kubeconfig rewritten with the same content rebuilds nothing and relists nothing', async () => {
    const { fleetHost: host, outputLines } = (await activatedExtension()).exports as TestExports;
    await node('web-frontend-1');
    // The context changed back and forth in the test before: let its access reviews land first.
    await eventually('the access review of tenant-alpha', () => demo.permissions.allowed('prod-east', ALPHA, 'vm') !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const fleet = host.fleet;
    const seen = outputLines.length;
    prod.resetStats();
    fs.writeFileSync(demo.kubeconfigFile, fs.readFileSync(demo.kubeconfigFile, 'utf8'));
    await eventually('the rewrite is noticed', () => outputLines.slice(seen).some((l) => /kubeconfig changed/.test(l)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(host.fleet, fleet, 'the same fleet');
    assert.deepEqual(prod.stats.requests.filter((r) => !r.watch).map((r) => `${r.method} ${r.path}`), []);
    assert.equal(demo.tree.findWorkload('prod-east', ALPHA, 'VirtualMachine', 'web-frontend-1') && description(demo.tree, await node('web-frontend-1')).length > 0, true);
  });

  it('the tree forgets the nodes of workloads that are gone', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `short-lived-${i}`);
    for (const name of names) prod.store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ALPHA }, spec: { containers: [{ name: 'main', image: 'busybox' }] } });
    const cluster = await child(demo.tree, undefined, 'prod-east');
    const shown = async () => (await descendants(demo.tree, cluster)).filter((n) => n.type === 'workload' && names.includes(n.name)).length;
    await eventually('the pods are in the tree', async () => (await shown()) === names.length);
    const before = demo.tree.nodeCount;
    for (const name of names) prod.store.delete('pods', ALPHA, name);
    await eventually('the pods are gone from the tree', async () => (await shown()) === 0);
    assert.ok(demo.tree.nodeCount <= before - names.length, `${demo.tree.nodeCount} nodes after ${names.length} of ${before} went`);
  });
});
