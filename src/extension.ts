// Wiring only: creates the views and commands and hands them the cluster and model layers.
import * as vscode from 'vscode';
import { registerAuthoring } from './authoring';
import { fleetProviders } from './authoring/fleetProviders';
import { DocumentTargets } from './authoring/prompts';
import { findVirtualMachine } from './commands/findVm';
import { registerTreeCommands, SORT_ORDER } from './commands/treeCommands';
import { UserInputHolder } from './commands/userInput';
import { registerVmCommands } from './commands/vmCommands';
import { ActionPermissions } from './views/actionPermissions';
import { FleetHost } from './views/fleetHost';
import { FleetTreeProvider } from './views/fleetTree';
import { MANIFEST_SCHEME, ManifestContentProvider, manifestUri } from './views/manifestContent';
import type { FleetNode } from './views/nodes';

const SHOW_SYSTEM = 'kubevirtWorkbench.showSystemNamespaces';
const HIDE_EMPTY = 'kubevirtWorkbench.hideEmpty';
/** Settings that change what the tree shows, not which clusters it shows. */
const TREE_SETTINGS = [SHOW_SYSTEM, HIDE_EMPTY, SORT_ORDER];

export function activate(context: vscode.ExtensionContext) {
  const log = vscode.window.createOutputChannel('KubeVirt Workbench', { log: true });
  const host = new FleetHost(log);
  const input = new UserInputHolder();
  const targets = new DocumentTargets();
  const setting = <T>(key: string, fallback: T) => vscode.workspace.getConfiguration().get<T>(key, fallback);
  const showSystem = () => setting(SHOW_SYSTEM, false);
  const permissions = new ActionPermissions(
    (ctx, namespace) => tree.refreshNamespace(ctx, namespace),
    (ctx, namespace, error) => log.warn(`[${ctx}] access review in ${namespace} failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  const tree = new FleetTreeProvider({
    showSystemNamespaces: showSystem,
    hideEmpty: () => setting(HIDE_EMPTY, true),
    order: () => setting<'name' | 'failingFirst'>(SORT_ORDER, 'name'),
    allowedActions: (ctx, namespace, kind) => permissions.allowed(ctx, namespace, kind),
  });
  const manifests = new ManifestContentProvider();
  const view = vscode.window.createTreeView('kubevirtWorkbench.fleet', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  const setShowSystem = (value: boolean) => vscode.workspace.getConfiguration().update(SHOW_SYSTEM, value, vscode.ConfigurationTarget.Global);
  const syncContext = () => {
    void vscode.commands.executeCommand('setContext', 'kubevirtWorkbench.showingSystemNamespaces', showSystem());
    void vscode.commands.executeCommand('setContext', 'kubevirtWorkbench.failingFirst', setting<string>(SORT_ORDER, 'name') === 'failingFirst');
  };

  context.subscriptions.push(
    log,
    host,
    tree,
    manifests,
    view,
    host.onDidReload(({ fleet, problems }) => {
      permissions.setFleet(fleet);
      tree.setFleet(fleet, problems);
      manifests.setFleet(fleet);
      // The welcome text ("No clusters yet") shows only once the kubeconfig is known to name none: it never flashes
      // while the kubeconfig loads or the tree fetches its first rows.
      void vscode.commands.executeCommand('setContext', 'kubevirtWorkbench.noClusters', fleet.contexts().length === 0 && problems.length === 0);
    }),
    vscode.workspace.registerTextDocumentContentProvider(MANIFEST_SCHEME, manifests),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (TREE_SETTINGS.some((key) => e.affectsConfiguration(key))) {
        syncContext();
        tree.refresh();
      }
    }),
    vscode.commands.registerCommand('kubevirtWorkbench.refresh', () => host.load()),
    vscode.commands.registerCommand('kubevirtWorkbench.showLog', () => log.show()),
    ...registerTreeCommands({ fleet: () => host.fleet, forget: (ctx) => permissions.forget(ctx) }),
    vscode.commands.registerCommand('kubevirtWorkbench.showSystemNamespaces', () => setShowSystem(true)),
    vscode.commands.registerCommand('kubevirtWorkbench.hideSystemNamespaces', () => setShowSystem(false)),
    // From a row's click (its manifest's address) or its context menu (the row).
    vscode.commands.registerCommand('kubevirtWorkbench.openManifest', async (target?: vscode.Uri | FleetNode) => {
      const uri = target instanceof vscode.Uri ? target : target?.type === 'workload' ? manifestUri(target.context, target.namespace, target.kind, target.name) : undefined;
      if (!uri) return undefined;
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: target instanceof vscode.Uri });
      return doc;
    }),
    vscode.commands.registerCommand('kubevirtWorkbench.findVirtualMachine', () =>
      findVirtualMachine(host.fleet, input, async ({ context: ctx, namespace, name }) => {
        const node = tree.findWorkload(ctx, namespace, 'VirtualMachine', name);
        if (node) await view.reveal(node, { select: true, focus: true, expand: true });
      }),
    ),
    ...registerVmCommands({ fleet: () => host.fleet, log, input, targets }),
  );
  const selectedContext = () => {
    const node = view.selection[0];
    return node && 'context' in node ? node.context : undefined;
  };
  const authoringProviders = fleetProviders(() => host.fleet, selectedContext, (message) => log.warn(message));
  registerAuthoring(context, { input, fleet: () => host.fleet, providers: authoringProviders, targets });
  syncContext();
  host.load();
  log.info('KubeVirt Workbench activated');
  const api = { fleetTree: tree, fleetHost: host, authoringProviders, actionPermissions: permissions };
  // Host tests script the prompts (no other caller may answer a confirmation), drive the real tree view and read
  // the extension host's log next to this extension's.
  return context.extensionMode === vscode.ExtensionMode.Test ? { ...api, userInput: input, fleetView: view, logUri: context.logUri } : api;
}

export function deactivate() {}
