import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FleetNode } from '../../src/views/nodes';
import { loadScenario } from '../sim/scenarios';
import { callCluster, descendants, eventually, startFleet, type DemoFleet } from './demoFleet';
import { activatedExtension } from './extension';

const VMS = (namespace: string) => `/apis/subresources.kubevirt.io/v1/namespaces/${namespace}/virtualmachines`;

/** The extension host's own log (where VS Code reports a tree element it cannot find), beside this extension's. */
function hostLogs(logUri: vscode.Uri): string[] {
  const dir = path.dirname(logUri.fsPath);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /exthost.*\.log$/.test(f)).map((f) => path.join(dir, f)) : [];
}

describe('tree ids: reveal and refresh never miss (demo scenario, real tree view)', function () {
  this.timeout(120_000);
  let demo: DemoFleet;
  let view: vscode.TreeView<FleetNode>;
  let logs: string[];
  const offsets = new Map<string, number>();

  before(async () => {
    const exports = (await activatedExtension()).exports as { fleetView: vscode.TreeView<FleetNode>; logUri: vscode.Uri };
    view = exports.fleetView;
    logs = hostLogs(exports.logUri);
    for (const file of logs) offsets.set(file, fs.statSync(file).size);
    demo = await startFleet(loadScenario('demo'));
    await vscode.commands.executeCommand('kubevirtWorkbench.fleet.focus');
  });
  after(async () => demo?.stop());

  it('finds the extension host log to check', () => {
    assert.ok(logs.length > 0, 'no extension host log next to the extension log folder');
  });

  it('expands every cluster and tenant while VMs change state and access reviews land, without an unknown id', async () => {
    const roots = await demo.tree.getChildren();
    const churn = async (round: number) => {
      const verb = round % 2 ? 'stop' : 'start';
      await Promise.all([
        callCluster(demo.sim, 'prod-east', 'demo-prod-east-admin', 'PUT', `${VMS('tenant-alpha')}/batch-worker/${verb}`, {}),
        callCluster(demo.sim, 'prod-east', 'demo-prod-east-admin', 'PUT', `${VMS('tenant-echo')}/app-5/${verb}`, {}),
        callCluster(demo.sim, 'shared-dev', 'demo-shared-dev-admin', 'PUT', `${VMS('oil-dev')}/oil-dev-app/${round % 2 ? 'start' : 'stop'}`, {}),
      ]);
      // Access reviews asked again redraw what shows their namespaces when they land.
      demo.permissions.forget('prod-east');
      demo.permissions.forget('shared-dev');
    };
    // Revealing a row that a change just removed fails, rightly: only a row still listed must be found.
    const reveal = async (node: FleetNode) => {
      try {
        await view.reveal(node, { expand: true, select: false, focus: false });
      } catch (error) {
        const siblings = await demo.tree.getChildren(node.parent);
        if (siblings.some((s) => s.id === node.id)) throw error;
      }
    };
    for (let round = 0; round < 4; round++) {
      const churning = churn(round);
      for (const cluster of roots) {
        await reveal(cluster);
        for (const node of await descendants(demo.tree, cluster)) {
          if (node.type === 'tenant' || node.type === 'namespace' || node.type === 'folder') await reveal(node);
        }
      }
      await churning;
    }
    // Find Virtual Machine's path: reveal a VM through nodes VS Code has not fetched yet.
    await vscode.commands.executeCommand('workbench.actions.treeView.kubevirtWorkbench.fleet.collapseAll');
    const found = demo.tree.findWorkload('shared-dev', 'oil-staging', 'VirtualMachine', 'oil-staging-db');
    assert.ok(found, 'oil-staging-db is not in the tree');
    await view.reveal(found, { select: true, expand: true });
    await eventually('the revealed VM is selected', () => view.selection.some((n) => n.id === found.id));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the view's last redraws
    const missing = logs.flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8').slice(offsets.get(file) ?? 0);
      return text.split('\n').filter((line) => /No tree item with id|Element with id .* is already registered|Cannot resolve tree item/.test(line));
    });
    assert.deepEqual(missing, []);
  });
});
