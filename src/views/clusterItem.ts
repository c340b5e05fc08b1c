// A cluster node: the context with its state in words and, once connected, its Kubernetes and KubeVirt versions;
// server, user and what discovery found in the tooltip (escaped Markdown, no HTML). When it cannot connect, the
// row under it says why.
import * as vscode from 'vscode';
import { causeWords, clusterRowText, clusterSummary, stateWord } from '../cluster/connectionWords';
import type { Fleet } from '../cluster/fleet';
import { clusterTooltip as tooltipMarkdown } from '../model/clusterTooltip';
import { escapeMarkdown } from '../model/markdown';
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
  return new vscode.MarkdownString(
    tooltipMarkdown({
      context,
      state: clusterSummary(state, discovery),
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
}

/** The row under a cluster that is not connected: why in words, click to retry; the raw error in its tooltip. */
export function connectionProblem(fleet: Fleet, context: string): { text: string; detail: string; tooltip: string } {
  const state = fleet.state(context);
  const server = fleet.contexts().find((c) => c.name === context)?.server;
  const words = causeWords(state.reason) ?? stateWord(state.status);
  return {
    text: words.charAt(0).toUpperCase() + words.slice(1),
    detail: vscode.l10n.t('click to retry'),
    tooltip: [
      `**${escapeMarkdown(stateWord(state.status))}**${state.reason ? `: ${escapeMarkdown(state.reason)}` : ''}`,
      server ? `\n\nServer: ${escapeMarkdown(server)}` : '',
      vscode.l10n.t('\n\nClick to connect again. Right-click for Show Log: every call, with its status.'),
    ].join(''),
  };
}
