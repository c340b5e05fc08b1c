// Choosing the cluster a manifest or a new VM goes to: every context, connected first (with progress); those that
// can take it first, with their versions; the others below a separator, each with the reason in words. Choosing
// one of those asks again with the reason.
import * as vscode from 'vscode';
import { clusterSummary } from '../cluster/connectionWords';
import type { Fleet } from '../cluster/fleet';

export interface ClusterPickItem extends vscode.QuickPickItem {
  context?: string;
  /** Why this cluster cannot take it; undefined for one that can. */
  reason?: string;
}

/** Connects every context not yet tried, with a notification while it takes. */
export async function connectAllWithProgress(fleet: Fleet): Promise<void> {
  const pending = fleet.contexts().filter((c) => ['idle', 'connecting'].includes(fleet.state(c.name).status));
  if (!pending.length) return;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Connecting to {0}…', pending.length === 1 ? pending[0].name : `${pending.length} clusters`) },
    () => Promise.all(pending.map((c) => fleet.connect(c.name))),
  );
}

/** The contexts as pick items: usable ones first (`preferred`, then the current context, then kubeconfig order). */
export function clusterItems(fleet: Fleet, needsKubeVirt: boolean, preferred?: string): ClusterPickItem[] {
  const current = fleet.currentContext();
  const rows = fleet.contexts().map(({ name }) => {
    const state = fleet.state(name);
    const discovery = fleet.discovery(name);
    const reason =
      state.status !== 'connected' ? clusterSummary(state, discovery) : needsKubeVirt && discovery && !discovery.kubevirt.installed ? vscode.l10n.t('no KubeVirt: it cannot run VirtualMachines') : undefined;
    return { name, reason, summary: clusterSummary(state, discovery).replace(/^connected · /, '') };
  });
  const rank = (name: string) => (name === preferred ? 0 : name === current ? 1 : 2);
  const usable = rows.filter((r) => !r.reason).sort((a, b) => rank(a.name) - rank(b.name));
  const unusable = rows.filter((r) => r.reason);
  return [
    ...usable.map((r): ClusterPickItem => ({ label: r.name, description: [r.summary, r.name === current ? vscode.l10n.t('current context') : undefined].filter(Boolean).join(' · '), context: r.name })),
    ...(unusable.length ? [{ label: vscode.l10n.t('not available'), kind: vscode.QuickPickItemKind.Separator } as ClusterPickItem] : []),
    ...unusable.map((r): ClusterPickItem => ({ label: r.name, description: r.reason, iconPath: new vscode.ThemeIcon('circle-slash'), context: r.name, reason: r.reason })),
  ];
}

/**
 * Asks until a usable cluster is chosen (undefined when dismissed). `ask` shows the items with a placeholder,
 * which says why after an unusable choice.
 */
export async function chooseCluster(items: ClusterPickItem[], placeHolder: string, ask: (items: ClusterPickItem[], placeHolder: string) => Promise<ClusterPickItem | undefined>): Promise<string | undefined> {
  let hint = placeHolder;
  for (;;) {
    const picked = await ask(items, hint);
    if (!picked?.context) return undefined;
    if (!picked.reason) return picked.context;
    hint = vscode.l10n.t('{0}: {1}. Choose another cluster.', picked.context, picked.reason);
  }
}
