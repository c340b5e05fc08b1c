// The workbench: the views, commands and authoring wired to the cluster and model layers. Its own bundle
// (dist/workbench.js), loaded by extension.ts on first use, not at activation.
import './l10nSetup';
import * as vscode from 'vscode';
import { registerAuthoring, type YamlProviders } from './authoring';
import { fleetProviders } from './authoring/fleetProviders';
import { DocumentTargets } from './authoring/prompts';
import { chooseCluster, clusterItems, connectAllWithProgress } from './commands/clusterPick';
import { findVirtualMachine } from './commands/findVm';
import { registerTreeCommands, SORT_ORDER } from './commands/treeCommands';
import { UserInputHolder } from './commands/userInput';
import { registerVmCommands } from './commands/vmCommands';
import { MANIFEST_SCHEME } from './contributions';
import type { ApiName, TestApiName } from './extension';
import { ActionPermissions } from './views/actionPermissions';
import { AUDIT_SETTINGS, auditSettings } from './views/auditSettings';
import type { EditFileSystem } from './views/editFileSystem';
import { FleetHost } from './views/fleetHost';
import { FleetTreeProvider } from './views/fleetTree';
import type { FleetNode } from './views/nodes';
import { IsolationOverview } from './views/isolationOverview';
import { connectKubernetesExplorer, type KubernetesExplorerInterop } from './views/kubernetesExplorer';
import type { LiveManifests } from './views/liveManifests';
import { ManifestContentProvider, manifestUri } from './views/manifestContent';
import { Outputs } from './views/outputs';
import type { ReportDocuments } from './views/reports';
import { openWalkthrough, openWalkthroughWithFleet } from './views/walkthrough';

const SHOW_SYSTEM = 'kubevirtWorkbench.showSystemNamespaces';
const HIDE_EMPTY = 'kubevirtWorkbench.hideEmpty';
/** Settings that change what the tree shows, not which clusters it shows. */
const TREE_SETTINGS = [SHOW_SYSTEM, HIDE_EMPTY, SORT_ORDER, ...AUDIT_SETTINGS];

/** What extension.ts hands VS Code's calls on to, and the API it returns from activate(). */
export interface Workbench {
  tree: FleetTreeProvider;
  manifests: ManifestContentProvider;
  live: LiveManifests;
  reports: ReportDocuments;
  edits: EditFileSystem;
  yaml: YamlProviders;
  api: Record<ApiName, unknown> & Partial<Record<TestApiName, unknown>>;
}

/** `view` is the Fleet view extension.ts created, its rows handed on to `tree`. */
export function activateWorkbench(context: vscode.ExtensionContext, view: vscode.TreeView<FleetNode>): Workbench {
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const outputs = new Outputs(testMode);
  const log = outputs.log('KubeVirt Workbench');
  const host = new FleetHost(log);
  const input = new UserInputHolder();
  const targets = new DocumentTargets();
  const setting = <T>(key: string, fallback: T) => vscode.workspace.getConfiguration().get<T>(key, fallback);
  const showSystem = () => setting(SHOW_SYSTEM, false);
  /** Set once the Kubernetes extension's API answers (never where it is not installed). */
  let kubernetesExplorer: KubernetesExplorerInterop | undefined;
  const permissions = new ActionPermissions(
    (ctx, namespace) => {
      tree.refreshNamespace(ctx, namespace);
      kubernetesExplorer?.changed(ctx, namespace);
    },
    (ctx, namespace, error) => log.warn(`[${ctx}] access review in ${namespace} failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  const tree = new FleetTreeProvider({
    showSystemNamespaces: showSystem,
    hideEmpty: () => setting(HIDE_EMPTY, true),
    order: () => setting<'name' | 'failingFirst'>(SORT_ORDER, 'name'),
    allowedActions: (ctx, namespace, kind) => permissions.allowed(ctx, namespace, kind),
    auditSettings,
    loadFleet: () => void host.fleet,
  });
  const manifests = new ManifestContentProvider();
  const overview = new IsolationOverview(context.extensionUri, () => host.fleet, input, showSystem);
  // Commands take the Fleet view's nodes, and the Kubernetes extension's rows of our VMs when it is installed.
  const resolveNode = (arg: unknown) => tree.resolve(arg) ?? kubernetesExplorer?.resolve(arg);
  const setShowSystem = (value: boolean) => vscode.workspace.getConfiguration().update(SHOW_SYSTEM, value, vscode.ConfigurationTarget.Global);
  const syncContext = () => {
    void vscode.commands.executeCommand('setContext', 'kubevirtWorkbench.showingSystemNamespaces', showSystem());
    void vscode.commands.executeCommand('setContext', 'kubevirtWorkbench.failingFirst', setting<string>(SORT_ORDER, 'name') === 'failingFirst');
  };

  context.subscriptions.push(
    log,
    host,
    permissions,
    tree,
    manifests,
    host.onDidReload(({ fleet, problems, changed }) => {
      if (changed) for (const ctx of changed) permissions.forget(ctx);
      else permissions.setFleet(fleet);
      tree.setFleet(fleet, problems);
      manifests.setFleet(fleet);
      // The welcome text ("No clusters yet") shows only once the kubeconfig is known to name none: it never flashes
      // while the kubeconfig loads or the tree fetches its first rows.
      void vscode.commands.executeCommand('setContext', 'kubevirtWorkbench.noClusters', fleet.contexts().length === 0 && problems.length === 0);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (TREE_SETTINGS.some((key) => e.affectsConfiguration(key))) {
        syncContext();
        tree.refresh();
      }
    }),
    vscode.commands.registerCommand('kubevirtWorkbench.refresh', () => host.load()),
    vscode.commands.registerCommand('kubevirtWorkbench.showLog', () => log.show()),
    vscode.commands.registerCommand('kubevirtWorkbench.openWalkthrough', () => openWalkthrough(context.extension.id)),
    ...registerTreeCommands({ fleet: () => host.fleet, node: resolveNode, forget: (ctx) => permissions.forget(ctx) }),
    vscode.commands.registerCommand('kubevirtWorkbench.showSystemNamespaces', () => setShowSystem(true)),
    vscode.commands.registerCommand('kubevirtWorkbench.hideSystemNamespaces', () => setShowSystem(false)),
    // From a row's click (its manifest's address) or its context menu (the tree's own node).
    vscode.commands.registerCommand('kubevirtWorkbench.openManifest', async (target?: unknown) => {
      const node = target instanceof vscode.Uri ? undefined : resolveNode(target);
      const uri = target instanceof vscode.Uri ? (target.scheme === MANIFEST_SCHEME ? target : undefined) : node?.type === 'workload' ? manifestUri(node.context, node.namespace, node.kind, node.name) : undefined;
      if (!uri) return undefined;
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: target instanceof vscode.Uri });
      return doc;
    }),
    overview,
    // From a cluster's menu (that cluster), or the view's title (the user picks one).
    vscode.commands.registerCommand('kubevirtWorkbench.isolationOverview', async (arg?: unknown) => {
      const node = resolveNode(arg);
      const fleet = host.fleet;
      if (!fleet) return undefined;
      let ctx = node?.type === 'cluster' ? node.context : undefined;
      if (!ctx) {
        await connectAllWithProgress(fleet);
        ctx = await chooseCluster(clusterItems(fleet, false), vscode.l10n.t('Which cluster?'), (items, placeHolder) => input.pick(items, { title: vscode.l10n.t('Isolation Overview'), placeHolder }));
      }
      return ctx ? overview.open(ctx) : undefined;
    }),
    vscode.commands.registerCommand('kubevirtWorkbench.findVirtualMachine', () =>
      findVirtualMachine(host.fleet, input, async ({ context: ctx, namespace, name }) => {
        const node = tree.findWorkload(ctx, namespace, 'VirtualMachine', name);
        if (node) await view.reveal(node, { select: true, focus: true, expand: true });
      }),
    ),
    vscode.commands.registerCommand('kubevirtWorkbench.openInFleet', async (arg?: unknown) => {
      const node = resolveNode(arg);
      if (node) await view.reveal(node, { select: true, focus: true, expand: true });
    }),
    host.onDidReload(() => kubernetesExplorer?.remap()),
  );
  const commands = registerVmCommands({
    fleet: () => host.fleet, log, input, targets, node: resolveNode, channel: (name) => outputs.channel(name),
    extensionUri: context.extensionUri, state: context.globalState,
    reveal: async (ctx, namespace, name) => {
      const revealed = await revealWhenListed(tree, view, ctx, namespace, name);
      if (revealed) log.info(`[${ctx}] revealed ${namespace}/${name} in the Fleet`);
      else log.warn(`[${ctx}] ${namespace}/${name} was not listed within 10 s; not revealed`);
      return revealed;
    },
  });
  context.subscriptions.push(...commands.disposables);
  const selectedContext = () => {
    const node = view.selection[0];
    return node && 'context' in node ? node.context : undefined;
  };
  const authoringProviders = fleetProviders(() => host.fleet, selectedContext, (message) => log.warn(message));
  const yaml = registerAuthoring(context, { input, fleet: () => host.fleet, providers: authoringProviders, targets, node: resolveNode });
  syncContext();
  log.info('KubeVirt Workbench activated');
  context.subscriptions.push(openWalkthroughWithFleet(context, view));
  // Host tests pass their own extension lookup: the Kubernetes extension cannot be installed there.
  const kubernetesInterop = async (lookup?: (id: string) => vscode.Extension<unknown> | undefined) => {
    const found = await connectKubernetesExplorer({ fleet: () => host.fleet, tree, log, lookup });
    kubernetesExplorer?.dispose();
    kubernetesExplorer = found;
    if (found) context.subscriptions.push(found);
    return found;
  };
  const kubernetesReady = kubernetesInterop();
  const api: Record<ApiName, unknown> = { fleetTree: tree, fleetHost: host, authoringProviders, actionPermissions: permissions, isolationOverview: overview };
  // Host tests script the prompts (no other caller may answer a confirmation), read what was written and kept,
  // drive the real tree view and read the extension host's log next to this extension's.
  return {
    tree,
    manifests,
    live: commands.live,
    reports: commands.reports,
    edits: commands.edits,
    yaml,
    api: testMode
      ? ({ ...api, kubernetesReady, kubernetesInterop, userInput: input, outputLines: outputs.lines, documents: { live: commands.live, edits: commands.edits }, fleetView: view, logUri: context.logUri } satisfies Record<ApiName | TestApiName, unknown>)
      : api,
  };
}

/** Reveals a VM once the tree's caches hold it (a clone just created); waits a few seconds at most. */
async function revealWhenListed(tree: FleetTreeProvider, view: vscode.TreeView<FleetNode>, ctx: string, namespace: string, name: string): Promise<boolean> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const node = tree.findWorkload(ctx, namespace, 'VirtualMachine', name);
    if (node) {
      await view.reveal(node, { select: true, focus: true });
      return true;
    }
  }
  return false;
}
