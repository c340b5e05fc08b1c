// A cluster node: the context with its server host and user, its connection state as icon and colour, and
// what discovery found in the tooltip.
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import { markdownTable } from '../model/markdown';
import { clusterIcon, CONNECTION_LABELS } from './icons';

export function clusterTreeItem(fleet: Fleet, context: string): vscode.TreeItem {
  const info = fleet.contexts().find((c) => c.name === context);
  const state = fleet.state(context);
  const discovery = fleet.discovery(context);
  const item = new vscode.TreeItem(context, vscode.TreeItemCollapsibleState.Collapsed);
  item.description = [info?.host, info?.user].filter(Boolean).join(' · ');
  item.iconPath = clusterIcon(state.status);
  item.contextValue = `kind:cluster state:${state.status}`;
  const kubevirt = discovery?.kubevirt;
  const runtimes = discovery?.runtimeClasses.map((r) => `${r.name} → ${r.isolation.label}${r.overhead ? ` (+${Object.values(r.overhead).join(', ')})` : ''}`);
  item.tooltip = new vscode.MarkdownString(
    [
      `**${context}**`,
      '',
      markdownTable([
        ['State', `${CONNECTION_LABELS[state.status]}${state.reason ? ` — ${state.reason}` : ''}`],
        ['Server', info?.server],
        ['User', info?.user],
        ['Namespace', info?.namespace],
        ['Kubernetes', discovery?.serverVersion],
        ['KubeVirt', kubevirt ? (kubevirt.installed ? `${kubevirt.version ?? 'installed (version unknown)'}${kubevirt.subresources ? '' : ', no subresource API'}` : 'not installed') : undefined],
        ['Capsule', discovery ? (discovery.capsule.installed ? 'installed' : 'not installed') : undefined],
        ['Runtime classes', runtimes?.length ? runtimes.join('<br>') : discovery ? 'none' : undefined],
      ]),
    ].join('\n'),
  );
  item.tooltip.supportHtml = true;
  return item;
}
