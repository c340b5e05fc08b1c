import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { findVirtctl } from '../../src/cluster/virtctl';
import type { EventRow } from '../../src/model/events';
import type { FleetNode } from '../../src/views/nodes';
import { loadScenario } from '../sim/scenarios';
import { child, childrenOf, contextValue, eventually, startFleet, workloadNode, type DemoFleet } from './demoFleet';
import { activatedExtension, manifest } from './extension';
import { shownIn, type MenuEntry } from './menus';
import { ScriptedInput, withInput } from './scriptedInput';

/** The context keys the menus read besides the view and the row (whether virtctl is on PATH is looked up). */
const CONTEXT_KEYS: Record<string, boolean> = { 'kubevirtWorkbench.virtctl': false };

const shown = (when: string, item: string) => shownIn('kubevirtWorkbench.fleet', when, item, CONTEXT_KEYS);

describe('the menu of each kind of row (demo scenario)', function () {
  this.timeout(90_000);
  let demo: DemoFleet;
  let entries: MenuEntry[];
  let titles: Map<string, string>;
  /** Context-menu titles for a row, in menu order, and its inline actions. */
  const menu = (node: FleetNode) => {
    const item = contextValue(demo.tree, node);
    const offered = entries.filter((e) => shown(e.when, item));
    const order = (e: MenuEntry) => e.group ?? '';
    return {
      context: offered.filter((e) => !e.group?.startsWith('inline')).sort((a, b) => order(a).localeCompare(order(b))).map((e) => titles.get(e.command)),
      inline: offered.filter((e) => e.group?.startsWith('inline')).map((e) => titles.get(e.command)),
    };
  };

  before(async () => {
    const ext = await activatedExtension();
    const { contributes } = manifest(ext) as unknown as { contributes: { menus: Record<string, MenuEntry[]>; commands: { command: string; title: string }[] } };
    entries = contributes.menus['view/item/context'];
    titles = new Map(contributes.commands.map((c) => [c.command, c.title]));
    CONTEXT_KEYS['kubevirtWorkbench.virtctl'] = !!(await findVirtctl());
    demo = await startFleet(loadScenario('demo'));
  });
  after(async () => demo?.stop());

  it('clusters: Refresh or Retry, Show Log, New Virtual Machine where KubeVirt runs, Isolation Overview once connected, Copy Context Name', async () => {
    const prod = await child(demo.tree, undefined, 'prod-east');
    const offline = await child(demo.tree, undefined, 'offline');
    const edge = await child(demo.tree, undefined, 'edge-lab');
    await Promise.all([childrenOf(demo.tree, prod), childrenOf(demo.tree, offline), childrenOf(demo.tree, edge)]);
    assert.deepEqual(menu(prod), { context: ['Refresh', 'Show Log', 'New Virtual Machine…', 'Isolation Overview', 'Copy Context Name'], inline: [] });
    assert.deepEqual(menu(edge).context, ['Refresh', 'Show Log', 'Isolation Overview', 'Copy Context Name']);
    assert.deepEqual(menu(offline), { context: ['Retry', 'Show Log', 'Copy Context Name'], inline: ['Retry'] });
    const [reason] = await childrenOf(demo.tree, offline);
    assert.deepEqual(menu(reason), { context: ['Retry', 'Show Log'], inline: ['Retry'] });
    assert.equal(await vscode.commands.executeCommand('kubevirtWorkbench.copyContextName', prod), 'prod-east');
  });

  it('tenants and namespaces: New Virtual Machine, Harden Tenant, Copy Name', async () => {
    const alpha = await child(demo.tree, await child(demo.tree, undefined, 'prod-east'), 'tenant-alpha');
    assert.deepEqual(menu(alpha), { context: ['New Virtual Machine…', 'Harden Tenant…', 'Copy Name'], inline: [] });
    assert.equal(await vscode.commands.executeCommand('kubevirtWorkbench.copyName', alpha), 'tenant-alpha');
    const edgeApps = await child(demo.tree, await child(demo.tree, undefined, 'edge-lab'), 'edge-apps');
    assert.deepEqual(menu(edgeApps).context, ['Harden Tenant…', 'Copy Name'], 'no New Virtual Machine without KubeVirt');
  });

  it('VMs: Force Stop while running, the console while migrating, VNC, SSH and Forward Port…, and the virtctl commands to copy without virtctl', async () => {
    const running = await workloadNode(demo.tree, 'prod-east', 'tenant-alpha', 'web-frontend-1');
    await eventually('the access review of tenant-alpha is in', () => /\bcan:/.test(contextValue(demo.tree, running)));
    assert.deepEqual(menu(running), {
      context: [
        'Stop', 'Force Stop', 'Restart', 'Pause', 'Soft Reboot', 'Migrate', 'Open Console', 'Open VNC', 'SSH', 'Forward Port…',
        ...(CONTEXT_KEYS['kubevirtWorkbench.virtctl'] ? ['Open VNC with virtctl'] : ['Copy virtctl VNC Command', 'Copy virtctl SSH Command']),
        'Open Manifest', 'Edit', 'Show Events', 'Show Logs', 'Diagnose VM', 'Show Guest Details',
        'Take Snapshot…', 'Restore…', 'Clone…', 'Add Volume…', 'Copy Name', 'Delete…',
      ],
      inline: ['Stop', 'Open Console'],
    });
    const unschedulable = await workloadNode(demo.tree, 'prod-east', 'tenant-bravo', 'ci-runner-2');
    await eventually('the access review of tenant-bravo is in', () => /\bcan:/.test(contextValue(demo.tree, unschedulable)));
    assert.equal(menu(unschedulable).context[0], 'Diagnose VM', 'Diagnose first for an error status');
    assert.equal(menu(unschedulable).context.filter((t) => t === 'Diagnose VM').length, 1);
    const migrating = await workloadNode(demo.tree, 'prod-east', 'tenant-alpha', 'db-replica');
    assert.ok(menu(migrating).context.includes('Cancel Migration'));
    assert.ok(menu(migrating).context.includes('Open Console'));
    const ssh = await vscode.commands.executeCommand<string>('kubevirtWorkbench.copySshCommand', running);
    assert.match(ssh, /^virtctl ssh vm\/web-frontend-1 -n tenant-alpha --context prod-east\b/);
  });

  it('pods: Open Manifest, Show Events, Show Logs, Delete…; Delete names the namespace and asks first', async () => {
    const pod = await workloadNode(demo.tree, 'prod-east', 'tenant-echo', 'sandboxed-scanner', 'Pod');
    await eventually('the access review of tenant-echo is in', () => /\bcan:/.test(contextValue(demo.tree, pod)));
    assert.deepEqual(menu(pod), { context: ['Open Manifest', 'Show Events', 'Show Logs', 'Copy Name', 'Delete…'], inline: [] });
    const events = (await vscode.commands.executeCommand('kubevirtWorkbench.showEvents', pod)) as EventRow[];
    assert.ok(Array.isArray(events));
    assert.ok(events.every((e) => e.object === 'Pod/sandboxed-scanner'), JSON.stringify(events));
    const manifest = (await vscode.commands.executeCommand('kubevirtWorkbench.openManifest', pod)) as vscode.TextDocument;
    assert.match(manifest.getText(), /runtimeClassName: gvisor/);
    const script = new ScriptedInput().expect({ kind: 'confirm', match: /^Delete Pod tenant-echo\/sandboxed-scanner on prod-east\?$/, answer: 'Delete' });
    const run = await withInput(script, async () => vscode.commands.executeCommand<{ kind: string }>('kubevirtWorkbench.delete', pod));
    script.assertDone();
    assert.equal(run.kind, 'pod');
    await eventually('the pod is gone from the tree', () => demo.tree.findWorkload('prod-east', 'tenant-echo', 'Pod', 'sandboxed-scanner') === undefined);
  });
});
