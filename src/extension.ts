// Wiring only: creates the views and commands and hands them the cluster and model layers.
import * as vscode from 'vscode';
import { registerAuthoring } from './authoring';
import { fleetProviders } from './authoring/fleetProviders';
import { findVirtualMachine } from './commands/findVm';
import { UserInputHolder } from './commands/userInput';
import { registerVmCommands } from './commands/vmCommands';
import { ActionPermissions } from './views/actionPermissions';
import { FleetHost } from './views/fleetHost';
import { FleetTreeProvider } from './views/fleetTree';
import { MANIFEST_SCHEME, ManifestContentProvider } from './views/manifestContent';
import { Outputs } from './views/outputs';

const SHOW_SYSTEM = 'kubevirtWorkbench.showSystemNamespaces';

export function activate(context: vscode.ExtensionContext) {
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const outputs = new Outputs(testMode);
  const log = outputs.log('KubeVirt Workbench');
  const host = new FleetHost(log);
  const input = new UserInputHolder();
  const showSystem = () => vscode.workspace.getConfiguration().get<boolean>(SHOW_SYSTEM, false);
  const permissions = new ActionPermissions(
    (ctx, namespace) => tree.refreshNamespace(ctx, namespace),
    (ctx, namespace, error) => log.warn(`[${ctx}] access review in ${namespace} failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  const tree = new FleetTreeProvider({ showSystemNamespaces: showSystem, allowedActions: (ctx, namespace, kind) => permissions.allowed(ctx, namespace, kind) });
  const manifests = new ManifestContentProvider();
  const view = vscode.window.createTreeView('kubevirtWorkbench.fleet', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  const setShowSystem = (value: boolean) => vscode.workspace.getConfiguration().update(SHOW_SYSTEM, value, vscode.ConfigurationTarget.Global);
  const syncShowSystemContext = () => vscode.commands.executeCommand('setContext', 'kubevirtWorkbench.showingSystemNamespaces', showSystem());

  context.subscriptions.push(
    log,
    host,
    permissions,
    tree,
    manifests,
    view,
    host.onDidReload(({ fleet, problems, changed }) => {
      if (changed) for (const ctx of changed) permissions.forget(ctx);
      else permissions.setFleet(fleet);
      tree.setFleet(fleet, problems);
      manifests.setFleet(fleet);
    }),
    vscode.workspace.registerTextDocumentContentProvider(MANIFEST_SCHEME, manifests),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SHOW_SYSTEM)) {
        void syncShowSystemContext();
        tree.refresh();
      }
    }),
    vscode.commands.registerCommand('kubevirtWorkbench.refresh', () => host.load()),
    vscode.commands.registerCommand('kubevirtWorkbench.showLog', () => log.show()),
    vscode.commands.registerCommand('kubevirtWorkbench.retry', async (arg?: unknown) => {
      const node = tree.resolve(arg);
      if (!node || !('context' in node)) return;
      permissions.forget(node.context);
      await host.fleet?.retry(node.context);
    }),
    vscode.commands.registerCommand('kubevirtWorkbench.showSystemNamespaces', () => setShowSystem(true)),
    vscode.commands.registerCommand('kubevirtWorkbench.hideSystemNamespaces', () => setShowSystem(false)),
    vscode.commands.registerCommand('kubevirtWorkbench.openManifest', async (uri?: vscode.Uri) => {
      if (!(uri instanceof vscode.Uri) || uri.scheme !== MANIFEST_SCHEME) return;
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
    }),
    vscode.commands.registerCommand('kubevirtWorkbench.findVirtualMachine', () =>
      findVirtualMachine(host.fleet, input, async ({ context: ctx, namespace, name }) => {
        const node = tree.findWorkload(ctx, namespace, 'VirtualMachine', name);
        if (node) await view.reveal(node, { select: true, focus: true, expand: true });
      }),
    ),
  );
  const commands = registerVmCommands({ fleet: () => host.fleet, log, input, node: (arg) => tree.resolve(arg), channel: (name) => outputs.channel(name) });
  context.subscriptions.push(...commands.disposables);
  const selectedContext = () => {
    const node = view.selection[0];
    return node && 'context' in node ? node.context : undefined;
  };
  const authoringProviders = fleetProviders(() => host.fleet, selectedContext, (message) => log.warn(message));
  registerAuthoring(context, authoringProviders);
  void syncShowSystemContext();
  host.load();
  log.info('KubeVirt Workbench activated');
  const api = { fleetTree: tree, fleetHost: host, authoringProviders, actionPermissions: permissions };
  // Host tests script the prompts and read what was written and kept; no other caller may answer a confirmation.
  return testMode ? { ...api, userInput: input, outputLines: outputs.lines, documents: { live: commands.live, edits: commands.edits } } : api;
}

export function deactivate() {}
