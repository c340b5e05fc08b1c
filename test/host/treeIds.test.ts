import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FleetNode, WorkloadKind } from '../../src/views/nodes';
import { loadScenario } from '../sim/scenarios';
import { callCluster, eventually, startFleet, type DemoFleet } from './demoFleet';
import { activatedExtension } from './extension';

const VMS = (namespace: string) => `/apis/subresources.kubevirt.io/v1/namespaces/${namespace}/virtualmachines`;

/** The extension host's own log (where VS Code reports a tree element it cannot find), beside this extension's. */
function hostLogs(logUri: vscode.Uri): string[] {
  const dir = path.dirname(logUri.fsPath);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /exthost.*\.log$/.test(f)).map((f) => path.join(dir, f)) : [];
}

// Simulator only: what it checks is the tree view's ids in the extension host's log, the same whatever answers.
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

  // Nodes are found as Find Virtual Machine finds them, not fetched from the provider, so that only VS Code reads it.
  const targets: [string, string, WorkloadKind, string][] = [
    ['prod-east', 'tenant-alpha', 'VirtualMachine', 'web-frontend-1'],
    ['prod-east', 'tenant-alpha', 'Pod', 'payments-worker'],
    ['prod-east', 'tenant-bravo', 'VirtualMachine', 'ci-runner-1'],
    ['prod-east', 'tenant-bravo', 'Pod', 'flaky-job'],
    ['prod-east', 'tenant-charlie', 'VirtualMachineInstance', 'scratch-vmi'],
    ['prod-east', 'tenant-charlie', 'Pod', 'dpdk-probe'],
    ['prod-east', 'tenant-delta', 'VirtualMachine', 'dev-vm-1'],
    ['prod-east', 'tenant-echo', 'VirtualMachine', 'app-1'],
    ['prod-east', 'tenant-echo', 'Pod', 'sandboxed-scanner'],
    ['shared-dev', 'oil-dev', 'VirtualMachine', 'oil-dev-app'],
    ['shared-dev', 'oil-dev', 'Pod', 'toolbox'],
    ['shared-dev', 'oil-staging', 'VirtualMachine', 'oil-staging-db'],
  ];
  const revealTargets = async () => {
    for (const [context, namespace, kind, name] of targets) {
      let node: FleetNode | undefined;
      await eventually(`${name} is listed`, () => !!(node = demo.tree.findWorkload(context, namespace, kind, name)));
      await view.reveal(node!, { expand: true, select: false, focus: false });
    }
  };
  /** What the extension host logged about the view's elements since the last call. */
  const treeErrors = async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the view's last redraws
    return logs.flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      const since = text.slice(offsets.get(file) ?? 0);
      offsets.set(file, text.length);
      return since.split('\n').filter((line) => /No tree item with id|Element with id .* is already registered|Cannot resolve tree item/.test(line));
    });
  };

  it('expands every cluster, tenant and folder as a user does, without an unknown id', async () => {
    // The clusters, as VS Code lists them; expanding each connects it, and its row changes while VS Code fetches below.
    for (const cluster of await demo.tree.getChildren()) await view.reveal(cluster, { expand: true, select: false, focus: false });
    await revealTargets();
    assert.deepEqual(await treeErrors(), []);
  });

  it('keeps every id while VMs change state, access reviews land and clusters reconnect under expanded rows', async () => {
    const churn = async (round: number) => {
      const verb = round % 2 ? 'stop' : 'start';
      await Promise.all([
        callCluster(demo.fleet, 'prod-east', 'demo-prod-east-admin', 'PUT', `${VMS('tenant-alpha')}/batch-worker/${verb}`, {}),
        callCluster(demo.fleet, 'prod-east', 'demo-prod-east-admin', 'PUT', `${VMS('tenant-echo')}/app-5/${verb}`, {}),
        callCluster(demo.fleet, 'shared-dev', 'demo-shared-dev-admin', 'PUT', `${VMS('oil-dev')}/oil-dev-app/${round % 2 ? 'start' : 'stop'}`, {}),
      ]);
      // Access reviews asked again redraw what shows their namespaces when they land.
      demo.permissions.forget('prod-east');
      demo.permissions.forget('shared-dev');
    };
    const roots = await demo.tree.getChildren();
    for (let round = 0; round < 4; round++) {
      const churning = churn(round);
      await revealTargets();
      await churning;
      if (round === 1) await vscode.commands.executeCommand('workbench.actions.treeView.kubevirtWorkbench.fleet.collapseAll');
      // Refresh reconnects a cluster under everything expanded in it: its row changes while VS Code fetches below.
      if (round === 2) for (const cluster of ['prod-east', 'shared-dev']) void vscode.commands.executeCommand('kubevirtWorkbench.refreshCluster', roots.find((r) => r.id === cluster));
    }
    await revealTargets();
    // A row redrawn while VS Code fetches what is expanded below it makes VS Code's extension host drop the handles
    // below before the workbench hears of the redraw; a fetch already on its way then names a handle it no longer
    // has, and the workbench fetches again after the redraw. Such a line must name a node the tree still holds
    // under the same id; an id the tree does not have, or any other error about its elements, is a defect.
    const errors = await treeErrors();
    const stale = errors.map((line) => /No tree item with id '1\/(.*)' found/.exec(line)?.[1]);
    assert.deepEqual(errors.filter((_line, i) => stale[i] === undefined || !demo.tree.resolve({ id: stale[i] })), []);
  });
});
