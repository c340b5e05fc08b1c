// A cluster node: the context with its server host and user, its connection state as icon and colour, and
// what discovery found in the tooltip (escaped Markdown, no HTML).
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import { clusterTooltip } from '../model/clusterTooltip';
import { clusterIcon, CONNECTION_LABELS } from './icons';

export function clusterTreeItem(fleet: Fleet, context: string): vscode.TreeItem {
  const info = fleet.contexts().find((c) => c.name === context);
  const state = fleet.state(context);
  const discovery = fleet.discovery(context);
  const item = new vscode.TreeItem(context, vscode.TreeItemCollapsibleState.Collapsed);
  item.description = [info?.host, info?.user].filter(Boolean).join(' · ');
  item.iconPath = clusterIcon(state.status);
  item.contextValue = `kind:cluster state:${state.status}`;
  item.tooltip = new vscode.MarkdownString(
    clusterTooltip({
      context,
      state: CONNECTION_LABELS[state.status],
      reason: state.reason ?? info?.problem,
      server: info?.server,
      user: info?.user,
      namespace: info?.namespace,
      file: info?.file || undefined,
      warnings: info?.warnings,
      serverVersion: discovery?.serverVersion,
      kubevirt: discovery?.kubevirt,
      capsule: discovery?.capsule,
      runtimeClasses: discovery?.runtimeClasses,
      discovered: !!discovery,
    }),
  );
  return item;
}
