// The Fleet view: clusters → tenants → workloads. Empty until clusters are loaded, which shows the
// view's welcome content.
import * as vscode from 'vscode';

export type FleetNode = never;

export class FleetTreeProvider implements vscode.TreeDataProvider<FleetNode> {
  private readonly changed = new vscode.EventEmitter<FleetNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: FleetNode): vscode.TreeItem {
    return node;
  }

  getChildren(): FleetNode[] {
    return [];
  }
}
