// Commands on the Fleet view's own rows and title: Refresh or Retry a cluster, Show Log, copy a context's or a
// row's name, and the sort and empty-row settings. Rows are the tree's own nodes, looked up by id.
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import type { FleetNode } from '../views/nodes';

export const SORT_ORDER = 'kubevirtWorkbench.sortOrder';

export interface TreeCommandServices {
  fleet(): Fleet | undefined;
  /** The tree's own node for a command argument; undefined for anything the tree did not show. */
  node(arg: unknown): FleetNode | undefined;
  /** Forget what is known about a context (access reviews) before it connects again. */
  forget(context: string): void;
}

export function registerTreeCommands(services: TreeCommandServices): vscode.Disposable[] {
  const reconnect = async (arg?: unknown) => {
    const node = services.node(arg);
    if (!node || !('context' in node)) return;
    services.forget(node.context);
    await services.fleet()?.retry(node.context);
  };
  const setOrder = (value: 'name' | 'failingFirst') => vscode.workspace.getConfiguration().update(SORT_ORDER, value, vscode.ConfigurationTarget.Global);
  return [
    vscode.commands.registerCommand('kubevirtWorkbench.retry', reconnect),
    vscode.commands.registerCommand('kubevirtWorkbench.refreshCluster', reconnect),
    vscode.commands.registerCommand('kubevirtWorkbench.copyContextName', (arg?: unknown) => {
      const node = services.node(arg);
      return copy(node && 'context' in node ? node.context : undefined);
    }),
    vscode.commands.registerCommand('kubevirtWorkbench.copyName', (arg?: unknown) => copy(nameOf(services.node(arg)))),
    vscode.commands.registerCommand('kubevirtWorkbench.sortFailingFirst', () => setOrder('failingFirst')),
    vscode.commands.registerCommand('kubevirtWorkbench.sortByName', () => setOrder('name')),
  ];
}

/** The name a row stands for: a tenant's, a namespace's or a workload's. */
function nameOf(node: FleetNode | undefined): string | undefined {
  switch (node?.type) {
    case 'tenant':
    case 'workload':
      return node.name;
    case 'namespace':
      return node.namespace;
    default:
      return undefined;
  }
}

/** Copies and resolves with the text, for callers that show or check it. */
async function copy(text: string | undefined): Promise<string | undefined> {
  if (text === undefined) return undefined;
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
  return text;
}
