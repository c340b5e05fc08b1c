// Interop with the Kubernetes extension (vscode-kubernetes-tools), a soft dependency through its published API:
// when it is installed, its Clusters view gains a Virtual Machines folder under each namespace of its current
// context, whose rows are this extension's own (status from the Fleet's caches, this extension's menus), and
// this extension's commands accept those rows. When it is absent nothing is registered.
import * as vscode from 'vscode';
import type { APIBroker, ClusterExplorerV1 } from 'vscode-kubernetes-tools-api';
import type { ConfigurationV1_1 } from 'vscode-kubernetes-tools-api/js/configuration/v1_1';
import { clusterSummary } from '../cluster/connectionWords';
import type { Fleet } from '../cluster/fleet';
import { currentContextOf } from '../cluster/kubeconfigCurrent';
import { KUBERNETES_EXTENSION_ID } from '../contributions';
import { folderDescription, sortWorkloads } from '../model/tenantWorkloads';
import type { FleetTreeProvider } from './fleetTree';
import type { FleetNode } from './nodes';

/** Our rows in that view carry ids with this prefix: how a command finds the Fleet node behind one. */
const ITEM_PREFIX = 'kubevirt-workbench:';
const LOAD_WAIT_MS = 10_000;
// Its refresh redraws the whole Clusters tree: at most about once a second.
const REFRESH_DELAY_MS = 1000;

type Node = ClusterExplorerV1.Node;

export interface KubernetesInteropDeps {
  fleet(): Fleet | undefined;
  tree: FleetTreeProvider;
  log: vscode.LogOutputChannel;
  /** VS Code's lookup of an installed extension (host tests pass one that finds nothing). */
  lookup?: (id: string) => vscode.Extension<unknown> | undefined;
}

/**
 * Registers the node contributor when the Kubernetes extension is installed and serves the Cluster Explorer
 * API; undefined (and nothing registered, nothing logged) when it is not installed.
 */
export async function connectKubernetesExplorer(deps: KubernetesInteropDeps): Promise<KubernetesExplorerInterop | undefined> {
  const extension = (deps.lookup ?? ((id) => vscode.extensions.getExtension(id)))(KUBERNETES_EXTENSION_ID);
  if (!extension) return undefined;
  let broker: APIBroker | undefined;
  try {
    broker = (await extension.activate()) as APIBroker | undefined;
  } catch (error) {
    deps.log.info(vscode.l10n.t('The Kubernetes extension did not activate, so its Clusters view shows no virtual machines: {0}', error instanceof Error ? error.message : String(error)));
    return undefined;
  }
  const explorer = broker?.get?.('clusterexplorer', 'v1');
  if (!explorer?.available) {
    deps.log.info(vscode.l10n.t('The Kubernetes extension offers no Cluster Explorer API ({0}), so its Clusters view shows no virtual machines.', explorer?.reason ?? 'no API'));
    return undefined;
  }
  const configuration = broker?.get('configuration', 'v1_1');
  const interop = new KubernetesExplorerInterop(explorer.api as ClusterExplorerV1, configuration?.available ? (configuration.api as ConfigurationV1_1) : undefined, deps);
  explorer.api.registerNodeContributor(interop.contributor);
  deps.log.info(vscode.l10n.t('The Kubernetes extension is installed: its Clusters view shows Virtual Machines under each namespace.'));
  return interop;
}

export class KubernetesExplorerInterop implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** The context the Kubernetes extension switched to; its kubeconfig's current-context until it does. */
  private switchedTo?: string;
  private mapped?: string;
  private mappedKnown = false;
  /** Namespaces whose folder has been opened: our changes there refresh the view. */
  private readonly opened = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;
  private unwatch?: () => void;

  readonly contributor: ClusterExplorerV1.NodeContributor = {
    contributesChildren: (parent) => parent?.nodeType === 'resource' && parent.resourceKind.manifestKind === 'Namespace' && this.hasKubeVirt(),
    getChildren: async (parent) => {
      const context = this.context();
      if (parent?.nodeType !== 'resource' || !context) return [];
      return [this.folder(context, parent.name)];
    },
  };

  constructor(
    private readonly explorer: ClusterExplorerV1,
    private readonly configuration: ConfigurationV1_1 | undefined,
    private readonly deps: KubernetesInteropDeps,
  ) {
    if (configuration) {
      this.disposables.push(
        configuration.onDidChangeContext((name) => {
          this.switchedTo = name ?? undefined;
          this.remap();
        }),
        configuration.onDidChangeKubeconfigPath(() => {
          this.switchedTo = undefined;
          this.remap();
        }),
      );
    }
    this.disposables.push(
      // Redrawn as a whole (settings changed, kubeconfig reloaded): so is ours.
      deps.tree.onDidChangeTreeData((changed) => {
        if (changed === undefined) this.scheduleRefresh();
      }),
      { dispose: () => this.unwatch?.() },
    );
    this.watchFleet();
  }

  /** Something our rows show changed in this namespace (or the whole context): redraw the view, debounced. */
  changed(context: string, namespace?: string): void {
    if (context === this.mapped && (namespace === undefined || this.opened.has(namespace))) this.scheduleRefresh();
  }

  /** Our context for the Kubernetes extension's current one: the same name and the same server, else none. */
  context(): string | undefined {
    if (this.mappedKnown) return this.mapped;
    const fleet = this.deps.fleet();
    const path = this.configuration?.getKubeconfigPath();
    const current = path?.pathType === 'host' ? currentContextOf(path.hostPath, this.switchedTo) : undefined;
    const name = current?.context ?? (this.configuration ? undefined : fleet?.currentContext());
    const info = name ? fleet?.contexts().find((c) => c.name === name) : undefined;
    this.mapped = info && !info.problem && (!current?.server || current.server === info.server) ? info.name : undefined;
    // Not remembered before the Fleet exists, so the first rows after loading see it.
    this.mappedKnown = !!fleet;
    return this.mapped;
  }

  /** The kubeconfig or the Fleet changed: map again and redraw the view. */
  remap(): void {
    this.mappedKnown = false;
    this.opened.clear();
    this.watchFleet();
    this.scheduleRefresh();
  }

  /** The Fleet node behind a row of the Kubernetes extension's view: one of our VM rows, or its own VM resource. */
  resolve(target: unknown): FleetNode | undefined {
    const node = this.explorer.resolveCommandTarget(target);
    if (node?.nodeType === 'extension') {
      const item = (target as { getTreeItem?: () => vscode.TreeItem }).getTreeItem?.();
      const id = item?.id?.startsWith(ITEM_PREFIX) ? item.id.slice(ITEM_PREFIX.length) : undefined;
      if (!id) return undefined;
      // Our tree may have dropped the node since (a full refresh): its id names it, `context/namespace/kind/name`.
      const [context, namespace, kind, name] = id.split('/');
      const known = this.deps.tree.resolve({ id });
      if (known || !name || (kind !== 'VirtualMachine' && kind !== 'VirtualMachineInstance')) return known;
      return this.deps.tree.findWorkload(decodeURIComponent(context), namespace, kind, name);
    }
    const context = this.context();
    if (node?.nodeType === 'resource' && context && node.namespace && (node.resourceKind.manifestKind === 'VirtualMachine' || node.resourceKind.manifestKind === 'VirtualMachineInstance')) {
      return this.deps.tree.findWorkload(context, node.namespace, node.resourceKind.manifestKind, node.name);
    }
    return undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  private hasKubeVirt(): boolean {
    const context = this.context();
    if (!context) return false;
    // Unknown until connected: the folder then says why it is empty.
    return this.deps.fleet()?.discovery(context)?.kubevirt.installed ?? true;
  }

  /** The Fleet's cache changes, followed for the Fleet of the moment (a reloaded kubeconfig makes a new one). */
  private watchFleet(): void {
    this.unwatch?.();
    this.unwatch = this.deps.fleet()?.onDidChange((change) => this.changed(change.context, change.namespace));
  }

  private scheduleRefresh(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.explorer.refresh();
    }, REFRESH_DELAY_MS);
  }

  private folder(context: string, namespace: string): Node {
    return {
      getTreeItem: () => {
        const item = new vscode.TreeItem(vscode.l10n.t('Virtual Machines'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${ITEM_PREFIX}${encodeURIComponent(context)}//vms/${namespace}`;
        item.iconPath = new vscode.ThemeIcon('vm');
        item.contextValue = 'kubevirtWorkbench.kubernetesExplorer.vms';
        const fleet = this.deps.fleet();
        if (fleet?.cacheState(context, 'virtualmachines', namespace) === 'synced') {
          const w = sortWorkloads(fleet.vms(context, namespace), fleet.vmis(context, namespace), [], new Map(), 'name');
          item.description = w.vms.length ? folderDescription(w, 'vms') : vscode.l10n.t('none');
        }
        item.tooltip = vscode.l10n.t('KubeVirt virtual machines in {0} ({1}), from KubeVirt Workbench', namespace, context);
        return item;
      },
      getChildren: async () => {
        this.opened.add(namespace);
        const fleet = this.deps.fleet();
        if (!fleet) return [];
        await this.load(fleet, context, namespace);
        const state = fleet.state(context);
        if (state.status !== 'connected') return [message(clusterSummary(state, fleet.discovery(context)), `${context}/${namespace}`)];
        const w = sortWorkloads(fleet.vms(context, namespace), fleet.vmis(context, namespace), [], new Map(), 'name');
        return w.vms.flatMap((e) => {
          const found = this.deps.tree.findWorkload(context, namespace, e.kind, e.object.metadata.name);
          return found ? [this.vmRow(found)] : [];
        });
      },
    };
  }

  /** Our own row for the VM: label, status in words, icon, tooltip and the context value our menus match. */
  private vmRow(node: FleetNode): Node {
    return {
      getTreeItem: () => {
        const tree = this.deps.tree;
        const item = tree.withTooltip(tree.getTreeItem(node), node);
        item.id = `${ITEM_PREFIX}${node.id}`;
        return item;
      },
      getChildren: async () => [],
    };
  }

  /** Connects the context and starts the namespace's caches through the Fleet, waiting (bounded) for their list. */
  private async load(fleet: Fleet, context: string, namespace: string): Promise<void> {
    await fleet.connect(context).catch(() => undefined);
    if (fleet.state(context).status !== 'connected') return;
    fleet.watchNamespaces(context, [namespace]);
    const deadline = Date.now() + LOAD_WAIT_MS;
    const pending = () => (['virtualmachines', 'virtualmachineinstances'] as const).some((r) => fleet.cacheState(context, r, namespace) === 'pending');
    while (pending() && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const stop = fleet.onDidChange((change) => {
          if (change.context === context) done();
        });
        const timer = setTimeout(() => done(), Math.max(0, deadline - Date.now()));
        function done() {
          stop();
          clearTimeout(timer);
          resolve();
        }
      });
    }
  }
}

function message(text: string, key: string): Node {
  return {
    getTreeItem: () => {
      const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
      item.id = `${ITEM_PREFIX}${key}//message`;
      item.iconPath = new vscode.ThemeIcon('warning');
      return item;
    },
    getChildren: async () => [],
  };
}
