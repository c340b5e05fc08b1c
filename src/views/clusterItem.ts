// A cluster node: the context with its state in words and, once connected, its Kubernetes and KubeVirt versions;
// server, user and what discovery found in the tooltip. When it cannot connect, the row under it says why.
import * as vscode from 'vscode';
import { causeWords, clusterRowText, clusterSummary, stateWord } from '../cluster/connectionWords';
import type { Fleet } from '../cluster/fleet';
import { escapeMarkdown, markdownTable } from '../model/markdown';
import { clusterIcon } from './icons';

export function clusterTreeItem(fleet: Fleet, context: string): vscode.TreeItem {
  const state = fleet.state(context);
  const discovery = fleet.discovery(context);
  const item = new vscode.TreeItem(context, vscode.TreeItemCollapsibleState.Collapsed);
  item.description = clusterRowText(state, discovery);
  item.accessibilityInformation = { label: `${context}, ${clusterSummary(state, discovery)}` };
  item.iconPath = clusterIcon(state.status);
  const kubevirt = discovery ? (discovery.kubevirt.installed ? 'yes' : 'no') : 'unknown';
  item.contextValue = `kind:cluster state:${state.status} kubevirt:${kubevirt}`;
  return item;
}

export function clusterTooltip(fleet: Fleet, context: string): vscode.MarkdownString {
  const info = fleet.contexts().find((c) => c.name === context);
  const state = fleet.state(context);
  const discovery = fleet.discovery(context);
  const kubevirt = discovery?.kubevirt;
  const runtimes = discovery?.runtimeClasses.map(
    (r) => `${r.name} → ${r.isolation.label} (${r.isolation.class === 'microvm' ? 'microVM' : r.isolation.class === 'sandbox' ? 'sandboxed' : 'container'})${r.overhead ? `, +${Object.values(r.overhead).join(', ')}` : ''}`,
  );
  const tooltip = new vscode.MarkdownString(
    [
      `**${escapeMarkdown(context)}** · ${clusterSummary(state, discovery)}`,
      '',
      markdownTable([
        ['Error', state.reason ? escapeMarkdown(state.reason) : undefined],
        ['Server', info?.server ? escapeMarkdown(info.server) : undefined],
        ['User', info?.user ? escapeMarkdown(info.user) : undefined],
        ['Namespace', info?.namespace],
        ['Kubernetes', discovery?.serverVersion],
        ['KubeVirt', kubevirt ? (kubevirt.installed ? `${kubevirt.version ?? 'installed (version unknown)'}${kubevirt.subresources ? '' : ', no subresource API'}` : 'not installed') : undefined],
        ['Capsule', discovery ? (discovery.capsule.installed ? 'installed' : 'not installed') : undefined],
        ['Runtime classes', runtimes?.length ? runtimes.map(escapeMarkdown).join('<br>') : discovery ? 'none' : undefined],
      ]),
    ].join('\n'),
  );
  tooltip.supportHtml = true;
  return tooltip;
}

/** The row under a cluster that is not connected: why in words, click to retry; the raw error in its tooltip. */
export function connectionProblem(fleet: Fleet, context: string): { text: string; detail: string; tooltip: string } {
  const state = fleet.state(context);
  const server = fleet.contexts().find((c) => c.name === context)?.server;
  const words = causeWords(state.reason) ?? stateWord(state.status);
  return {
    text: words.charAt(0).toUpperCase() + words.slice(1),
    detail: 'click to retry',
    tooltip: [
      `**${stateWord(state.status)}**${state.reason ? `: ${escapeMarkdown(state.reason)}` : ''}`,
      server ? `\n\nServer: ${escapeMarkdown(server)}` : '',
      '\n\nClick to connect again. Right-click for Show Log: every call, with its status.',
    ].join(''),
  };
}
