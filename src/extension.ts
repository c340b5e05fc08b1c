// Wiring only: creates the views and commands and hands them the cluster and model layers.
import * as vscode from 'vscode';
import { FleetTreeProvider } from './views/fleetTree';

export function activate(context: vscode.ExtensionContext) {
  const log = vscode.window.createOutputChannel('KubeVirt Workbench', { log: true });
  const fleet = new FleetTreeProvider();
  context.subscriptions.push(
    log,
    vscode.window.createTreeView('kubevirtWorkbench.fleet', { treeDataProvider: fleet, showCollapseAll: true }),
    vscode.commands.registerCommand('kubevirtWorkbench.refresh', () => fleet.refresh()),
    vscode.commands.registerCommand('kubevirtWorkbench.showLog', () => log.show()),
  );
  log.info('KubeVirt Workbench activated');
}

export function deactivate() {}
