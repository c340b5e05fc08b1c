// Interop with the Kubernetes extension. This host has none installed, so the extension's own start-up is the
// "absent" case; then the interop is connected again with a lookup that finds test/host/kubernetesStub.ts, a
// stand-in serving the extension's published API as its source does. The stub's Clusters tree is read as VS Code
// reads it; commands are run on its rows as its context menu would run them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ActionRun } from '../../src/commands/lifecycle';
import type { KubernetesExplorerInterop } from '../../src/views/kubernetesExplorer';
import { workloadId } from '../../src/views/nodes';
import { contextValue, description, eventually, startDemoFleet, workloadNode, type DemoFleet } from './demoFleet';
import { activatedExtension, extension, manifest } from './extension';
import { kubernetesExtensionStub, type StubNode } from './kubernetesStub';
import { shownIn, type MenuEntry } from './menus';

const KUBERNETES_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';
const ALPHA = 'tenant-alpha';

interface Exports {
  kubernetesReady: Promise<KubernetesExplorerInterop | undefined>;
  kubernetesInterop(lookup?: (id: string) => vscode.Extension<unknown> | undefined): Promise<KubernetesExplorerInterop | undefined>;
  fleetView: vscode.TreeView<{ id: string }>;
  outputLines: string[];
}

describe('Kubernetes extension interop (its API served by a stub)', function () {
  this.timeout(120_000);
  let demo: DemoFleet;
  let exports: Exports;
  const stub = kubernetesExtensionStub();
  const tree = stub.explorer;
  const labelOf = (node: StubNode) => {
    const l = tree.getTreeItem(node).label;
    return typeof l === 'string' ? l : (l?.label ?? '');
  };
  const descriptionOf = (node: StubNode) => String(tree.getTreeItem(node).description ?? '');
  const childNamed = async (parent: StubNode | undefined, name: string) => {
    const children = await tree.getChildren(parent);
    const found = children.find((c) => labelOf(c) === name);
    if (!found) throw new Error(`no "${name}" under ${parent ? labelOf(parent) : 'the root'}: ${children.map(labelOf).join(', ')}`);
    return found;
  };
  const vmFolder = async (namespace: string) => {
    const [cluster] = await tree.getChildren();
    return childNamed(await childNamed(await childNamed(cluster, 'Namespaces'), namespace), 'Virtual Machines');
  };
  const vmRow = async (name: string) => childNamed(await vmFolder(ALPHA), name);

  before(async () => {
    demo = await startDemoFleet();
    exports = (await activatedExtension()).exports as Exports;
  });
  after(async () => {
    // Back to this host's truth (no Kubernetes extension), so later test files see the extension as shipped.
    await exports?.kubernetesInterop();
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await demo?.stop();
  });

  it('registers nothing and logs nothing when the Kubernetes extension is not installed', async () => {
    assert.equal(vscode.extensions.getExtension(KUBERNETES_ID), undefined, 'this host has no Kubernetes extension');
    assert.equal(await exports.kubernetesReady, undefined, 'nothing was registered at start-up');
    const lines = exports.outputLines.length;
    assert.equal(await exports.kubernetesInterop(), undefined);
    assert.deepEqual(exports.outputLines.slice(lines), [], 'nothing is logged');
    assert.ok(!exports.outputLines.some((l) => /Kubernetes extension/.test(l)), 'not even at start-up');
    assert.equal(stub.extension.isActive, false);
  });

  it('connects to the Kubernetes extension once it is found, registering one node contributor', async () => {
    const looked: string[] = [];
    const interop = await exports.kubernetesInterop((id) => {
      looked.push(id);
      return id === stub.extension.id ? stub.extension : undefined;
    });
    assert.deepEqual(looked, [KUBERNETES_ID]);
    assert.ok(interop);
    assert.equal(stub.extension.isActive, true, 'activated to get its API');
    assert.equal(tree.contributors.length, 1);
    assert.ok(exports.outputLines.some((l) => /The Kubernetes extension is installed/.test(l)));
    stub.configure({ kubeconfig: demo.kubeconfigFile, context: 'prod-east', namespaces: ['default', ALPHA, 'tenant-bravo'] });
  });

  it('adds a Virtual Machines folder under a namespace, with the VMs of our caches and their status in words', async () => {
    const [cluster] = await tree.getChildren();
    const alpha = await childNamed(await childNamed(cluster, 'Namespaces'), ALPHA);
    assert.equal(tree.getTreeItem(alpha).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed, 'the namespace opens');
    const folder = await childNamed(alpha, 'Virtual Machines');
    assert.equal(tree.getTreeItem(folder).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    let rows: StubNode[] = [];
    await eventually('the folder lists the VMs with their access-review tokens', async () => {
      rows = await tree.getChildren(folder);
      return rows.length > 1 && rows.every((r) => /\bcan:/.test(String(tree.getTreeItem(r).contextValue)));
    });
    // The same rows as the Fleet view's: label, status · node · IP, and the context value its menus match.
    for (const row of rows) {
      const ours = await workloadNode(demo.tree, 'prod-east', ALPHA, labelOf(row));
      assert.equal(descriptionOf(row), description(demo.tree, ours), labelOf(row));
      assert.equal(tree.getTreeItem(row).contextValue, contextValue(demo.tree, ours), labelOf(row));
    }
    const statuses = new Map(rows.map((r) => [labelOf(r), descriptionOf(r).split(' · ')[0]]));
    assert.equal(statuses.get('batch-worker'), 'Stopped');
    assert.equal(statuses.get('web-frontend-1'), 'Running');
    assert.match(String(tree.getTreeItem(await vmRow('web-frontend-1')).accessibilityInformation?.label), /^web-frontend-1, Running/);
    assert.match(descriptionOf(folder), /\d/, `the folder counts its VMs: ${descriptionOf(folder)}`);
  });

  it("offers this extension's actions on those rows through the Kubernetes view's context menu", async () => {
    const { contributes } = manifest(extension()) as unknown as { contributes: { menus: Record<string, MenuEntry[]>; commands: { command: string; title: string }[] } };
    const titles = new Map(contributes.commands.map((c) => [c.command, c.title]));
    const menu = (row: StubNode) => {
      const item = String(tree.getTreeItem(row).contextValue);
      const offered = contributes.menus['view/item/context'].filter((e) => shownIn('extension.vsKubernetesExplorer', e.when, item, {}));
      const group = (e: MenuEntry) => e.group ?? '';
      return {
        context: offered.filter((e) => !group(e).startsWith('inline')).sort((a, b) => group(a).localeCompare(group(b))).map((e) => titles.get(e.command)),
        inline: offered.filter((e) => group(e).startsWith('inline')).map((e) => titles.get(e.command)),
      };
    };
    assert.deepEqual(menu(await vmRow('batch-worker')), { context: ['Open in KubeVirt Fleet', 'Start', 'Open Manifest', 'Edit', 'Show Events', 'Delete…'], inline: ['Start'] });
    assert.deepEqual(menu(await vmRow('web-frontend-1')), {
      context: ['Open in KubeVirt Fleet', 'Stop', 'Force Stop', 'Restart', 'Pause', 'Soft Reboot', 'Migrate', 'Open Console', 'Open Manifest', 'Edit', 'Show Events', 'Delete…'],
      inline: ['Stop', 'Open Console'],
    });
  });

  it('runs a lifecycle action from its row on that VM, and the row follows it to Running', async () => {
    const run = (await vscode.commands.executeCommand('kubevirtWorkbench.start', await vmRow('batch-worker'))) as ActionRun | undefined;
    assert.ok(run?.kind === 'single', JSON.stringify(run));
    assert.deepEqual(run.outcome.calls, [`PUT /apis/subresources.kubevirt.io/v1/namespaces/${ALPHA}/virtualmachines/batch-worker/start 202`]);
    await eventually('the row reads Running', async () => descriptionOf(await vmRow('batch-worker')).startsWith('Running'));
    // The VM's changes (status, then its VMI's node and IP) keep coming: the view is redrawn for them.
    const refreshes = tree.refreshes;
    await eventually('our cache changes refresh the Kubernetes view', () => tree.refreshes > refreshes);
    assert.ok(descriptionOf(await vmRow('web-frontend-1')).startsWith('Running'), 'the other VMs are untouched');
  });

  it('Open in KubeVirt Fleet reveals the VM in the Fleet view', async () => {
    await vscode.commands.executeCommand('kubevirtWorkbench.openInFleet', await vmRow('web-frontend-1'));
    const id = workloadId('prod-east', ALPHA, 'VirtualMachine', 'web-frontend-1');
    await eventually('the Fleet view selects web-frontend-1', () => exports.fleetView.selection[0]?.id === id);
    assert.equal(exports.fleetView.visible, true);
  });

  it('shows nothing for a context the Fleet does not know', async () => {
    stub.switchContext('not-in-our-kubeconfig');
    try {
      const [cluster] = await tree.getChildren();
      const alpha = await childNamed(await childNamed(cluster, 'Namespaces'), ALPHA);
      assert.equal(tree.getTreeItem(alpha).collapsibleState, vscode.TreeItemCollapsibleState.None);
      assert.deepEqual((await tree.getChildren(alpha)).map(labelOf), []);
    } finally {
      stub.switchContext('prod-east');
    }
    await vmRow('web-frontend-1');
  });


});
