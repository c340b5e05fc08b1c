// The Fleet view: every kubeconfig context → its tenants → Virtual Machines, MicroVM Pods and Containers.
// It reads only the Fleet's caches; a cluster connects when its node is first expanded. Fleet changes are
// collected for a moment and fired for the nodes they touch, never for the whole tree.
import * as vscode from 'vscode';
import type { Fleet, FleetChange } from '../cluster/fleet';
import type { KubeconfigProblem } from '../cluster/kubeconfig';
import type { Action, TargetKind } from '../model/actions';
import { code, escapeMarkdown } from '../model/markdown';
import type { RuntimeClassInfo } from '../model/runtimeClasses';
import { countsDescription, sortWorkloads, type TenantWorkloads } from '../model/tenantWorkloads';
import { clusterTreeItem } from './clusterItem';
import { clusterId, folderId, namespaceId, NodeRegistry, tenantId, workloadId, type FleetNode, type FolderCategory, type NodeOf } from './nodes';
import { workloadTreeItem } from './workloadItem';

const FOLDERS: Record<FolderCategory, { label: string; icon: string }> = {
  vms: { label: 'Virtual Machines', icon: 'vm' },
  microvms: { label: 'MicroVM Pods', icon: 'server-process' },
  containers: { label: 'Containers', icon: 'package' },
};

export interface FleetTreeOptions {
  showSystemNamespaces(): boolean;
  /** The actions RBAC allows in a namespace, when known (see ActionPermissions). */
  allowedActions?(context: string, namespace: string, kind: TargetKind): ReadonlySet<Action> | undefined;
  debounceMs?: number;
}

export class FleetTreeProvider implements vscode.TreeDataProvider<FleetNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FleetNode | FleetNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new NodeRegistry();
  private fleet?: Fleet;
  private problems: KubeconfigProblem[] = [];
  private unsubscribe?: () => void;
  private pending = new Map<string, FleetChange>();
  private timer?: ReturnType<typeof setTimeout>;
  private readonly memo = new Map<string, TenantWorkloads>();

  constructor(private readonly options: FleetTreeOptions) {}

  /** Shows a new fleet (after the kubeconfig changed) and the problems met loading it. */
  setFleet(fleet: Fleet, problems: KubeconfigProblem[]): void {
    this.unsubscribe?.();
    this.fleet = fleet;
    this.problems = problems;
    this.unsubscribe = fleet.onDidChange((change) => this.schedule(change));
    this.refresh();
  }

  refresh(): void {
    this.nodes.clear();
    this.memo.clear();
    this.changed.fire(undefined);
  }

  /** Redraws the tenants showing a namespace, e.g. once its permissions are known. */
  refreshNamespace(context: string, namespace: string): void {
    this.schedule({ context, namespace, resource: 'virtualmachines' });
  }

  dispose(): void {
    this.unsubscribe?.();
    clearTimeout(this.timer);
    this.changed.dispose();
  }

  /** The tree's own node for a command argument, looked up by id; anything the tree has not shown is not a node. */
  resolve(arg: unknown): FleetNode | undefined {
    const id = (arg as { id?: unknown } | null | undefined)?.id;
    return typeof id === 'string' ? this.nodes.get(id) : undefined;
  }

  getParent(node: FleetNode): FleetNode | undefined {
    return node.parent;
  }

  getTreeItem(node: FleetNode): vscode.TreeItem {
    const fleet = this.fleet;
    switch (node.type) {
      case 'problem': {
        const item = new vscode.TreeItem(`Cannot read ${node.file}`, vscode.TreeItemCollapsibleState.None);
        item.description = node.message;
        item.tooltip = new vscode.MarkdownString().appendText(`${node.file}\n\n${node.message}`);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.contextValue = 'kind:problem';
        return withId(item, node);
      }
      case 'cluster':
        return withId(clusterTreeItem(fleet!, node.context), node);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.description = node.detail;
        item.tooltip = node.detail ? `${node.text}: ${node.detail}` : node.text;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.contextValue = node.retry ? 'kind:message retry' : 'kind:message';
        if (node.retry) item.command = { command: 'kubevirtWorkbench.retry', title: 'Retry', arguments: [node.parent] };
        return withId(item, node);
      }
      case 'tenant': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = this.countsOrState(node.context, node.namespaces);
        item.iconPath = new vscode.ThemeIcon(node.capsule ? 'organization' : 'symbol-namespace');
        item.tooltip = new vscode.MarkdownString(
          node.capsule ? `**${escapeMarkdown(node.name)}** — Capsule Tenant\n\nNamespaces: ${node.namespaces.map(code).join(', ') || 'none visible'}` : `**${escapeMarkdown(node.name)}** — namespace`,
        );
        item.contextValue = node.capsule ? 'kind:tenant capsule' : 'kind:tenant namespace';
        return withId(item, node);
      }
      case 'namespace': {
        const item = new vscode.TreeItem(node.namespace, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = this.countsOrState(node.context, [node.namespace]);
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        item.contextValue = 'kind:namespace';
        return withId(item, node);
      }
      case 'folder': {
        const count = this.workloads(node.context, node.namespaces)[node.category].length;
        const state = count ? (node.category === 'vms' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None;
        const item = new vscode.TreeItem(FOLDERS[node.category].label, state);
        item.description = count ? String(count) : this.loading(node.context, node.namespaces, node.category) ? 'loading…' : 'none';
        item.iconPath = new vscode.ThemeIcon(FOLDERS[node.category].icon);
        item.contextValue = `kind:folder folder:${node.category}`;
        return withId(item, node);
      }
      case 'workload':
        return withId(
          workloadTreeItem(node, this.workloads(node.context, [node.namespace]), this.runtimeClasses(node.context), (kind) => this.options.allowedActions?.(node.context, node.namespace, kind)),
          node,
        );
    }
  }

  async getChildren(node?: FleetNode): Promise<FleetNode[]> {
    const children = await this.children(node);
    this.nodes.keepChildren(node, children);
    return children;
  }

  /** Registered nodes (for tests of pruning). */
  get nodeCount(): number {
    return this.nodes.size;
  }

  private async children(node?: FleetNode): Promise<FleetNode[]> {
    const fleet = this.fleet;
    if (!fleet) return [];
    if (!node) {
      return [
        ...this.problems.map((p) => this.nodes.put({ type: 'problem', id: `problem:${p.file}`, file: p.file, message: p.message })),
        ...fleet.contexts().map((c) => this.nodes.put({ type: 'cluster', id: clusterId(c.name), context: c.name })),
      ];
    }
    switch (node.type) {
      case 'cluster':
        return this.clusterChildren(fleet, node);
      case 'tenant':
        // A tenant's workloads are cached from its first expansion on (where the cluster is not cached whole).
        fleet.watchNamespaces(node.context, node.namespaces);
        return node.capsule && node.namespaces.length > 1
          ? node.namespaces.map((namespace) => this.nodes.put({ type: 'namespace', id: namespaceId(node.id, namespace), parent: node, context: node.context, namespace }))
          : this.folders(node, node.namespaces);
      case 'namespace':
        fleet.watchNamespaces(node.context, [node.namespace]);
        return this.folders(node, [node.namespace]);
      case 'folder':
        return this.folderChildren(node);
      default:
        return [];
    }
  }

  /** The tree node of a VM (or VMI/pod), with its parents, so it can be revealed. */
  findWorkload(context: string, namespace: string, kind: NodeOf<'workload'>['kind'], name: string): FleetNode | undefined {
    const fleet = this.fleet;
    if (!fleet) return undefined;
    const cluster = this.nodes.put({ type: 'cluster', id: clusterId(context), context });
    const tenant = fleet.tenants(context, { showSystem: this.options.showSystemNamespaces() }).find((t) => t.namespaces.includes(namespace));
    if (!tenant) return undefined;
    fleet.watchNamespaces(context, [namespace]);
    let parent: FleetNode = this.nodes.put({ type: 'tenant', id: tenantId(context, tenant.name), parent: cluster, context, name: tenant.name, capsule: tenant.kind === 'capsule', namespaces: tenant.namespaces });
    if (tenant.kind === 'capsule' && tenant.namespaces.length > 1) {
      parent = this.nodes.put({ type: 'namespace', id: namespaceId(parent.id, namespace), parent, context, namespace });
    }
    const category: FolderCategory = kind === 'Pod' ? 'containers' : 'vms';
    const folder = this.nodes.put({ type: 'folder', id: folderId(parent.id, category), parent, context, namespaces: [namespace], category });
    return this.nodes.put({ type: 'workload', id: workloadId(context, namespace, kind, name), parent: folder, context, namespace, kind, name });
  }

  private async clusterChildren(fleet: Fleet, node: NodeOf<'cluster'>): Promise<FleetNode[]> {
    await fleet.connect(node.context);
    const state = fleet.state(node.context);
    const message = (id: string, text: string, icon: string, detail?: string, retry = false) =>
      this.nodes.put({ type: 'message', id: `${node.id}//${id}`, parent: node, context: node.context, text, icon, detail, retry });
    if (state.status !== 'connected') return [message('reason', state.reason ?? 'Not connected', 'warning', 'click to retry', true)];
    const tenants = fleet.tenants(node.context, { showSystem: this.options.showSystemNamespaces() });
    if (!tenants.length) return [message('empty', 'No visible namespaces', 'info', 'set kubevirtWorkbench.namespaces to name yours')];
    return tenants.map((t) =>
      this.nodes.put({ type: 'tenant', id: tenantId(node.context, t.name), parent: node, context: node.context, name: t.name, capsule: t.kind === 'capsule', namespaces: t.namespaces }),
    );
  }

  private folders(parent: FleetNode & { context: string }, namespaces: string[]): FleetNode[] {
    const kubevirt = this.fleet?.discovery(parent.context)?.kubevirt.installed ?? false;
    const categories: FolderCategory[] = kubevirt ? ['vms', 'microvms', 'containers'] : ['microvms', 'containers'];
    return categories
      .filter((category) => this.readable(parent.context, category, namespaces))
      .map((category) => this.nodes.put({ type: 'folder', id: folderId(parent.id, category), parent, context: parent.context, namespaces, category }));
  }

  private folderChildren(node: NodeOf<'folder'>): FleetNode[] {
    const w = this.workloads(node.context, node.namespaces);
    const put = (namespace: string | undefined, kind: NodeOf<'workload'>['kind'], name: string) =>
      this.nodes.put({ type: 'workload', id: workloadId(node.context, namespace ?? '', kind, name), parent: node, context: node.context, namespace: namespace ?? '', kind, name });
    if (node.category === 'vms') return w.vms.map((e) => put(e.object.metadata.namespace, e.kind, e.object.metadata.name));
    return w[node.category].map((p) => put(p.metadata.namespace, 'Pod', p.metadata.name));
  }

  /** Counts when there is something; else whether it is loading, empty, or not loaded until expanded. */
  private countsOrState(context: string, namespaces: string[]): string {
    const counts = countsDescription(this.workloads(context, namespaces));
    if (counts) return counts;
    if (this.loading(context, namespaces)) return 'loading…';
    return namespaces.some((n) => this.fleet?.cacheState(context, 'pods', n) !== undefined) ? 'empty' : '';
  }

  /** Whether a cache behind these namespaces (of one folder, or all) has not listed yet. */
  private loading(context: string, namespaces: string[], category?: FolderCategory): boolean {
    const resources = category === undefined ? (['virtualmachines', 'pods'] as const) : category === 'vms' ? (['virtualmachines'] as const) : (['pods'] as const);
    return resources.some((r) => namespaces.some((n) => this.fleet?.cacheState(context, r, n) === 'pending'));
  }

  /** A 403 hides a folder instead of showing an error in it. */
  private readable(context: string, category: FolderCategory, namespaces: string[]): boolean {
    const resource = category === 'vms' ? 'virtualmachines' : 'pods';
    return namespaces.some((n) => this.fleet?.cacheState(context, resource, n) !== 'forbidden');
  }

  /** Memoised until the next change: every node of a folder reads the same sorted lists. */
  private workloads(context: string, namespaces: string[]): TenantWorkloads {
    const key = `${context}\u0000${namespaces.join(',')}`;
    const known = this.memo.get(key);
    if (known) return known;
    const fleet = this.fleet!;
    const sorted = sortWorkloads(
      namespaces.flatMap((n) => fleet.vms(context, n)),
      namespaces.flatMap((n) => fleet.vmis(context, n)),
      namespaces.flatMap((n) => fleet.pods(context, n)),
      this.runtimeClasses(context),
    );
    this.memo.set(key, sorted);
    return sorted;
  }

  private runtimeClasses(context: string): ReadonlyMap<string, RuntimeClassInfo> {
    return new Map((this.fleet?.discovery(context)?.runtimeClasses ?? []).map((r) => [r.name, r]));
  }

  private schedule(change: FleetChange): void {
    this.pending.set(`${change.context}\u0000${change.namespace ?? ''}\u0000${change.resource ?? ''}`, change);
    this.timer ??= setTimeout(() => this.flush(), this.options.debounceMs ?? 100);
  }

  /** Fires each affected node once: the cluster for connection and tenant changes, else the tenant showing the namespace. */
  private flush(): void {
    this.timer = undefined;
    const changes = [...this.pending.values()];
    this.pending.clear();
    this.memo.clear();
    const targets = new Set<FleetNode>();
    for (const change of changes) {
      const cluster = this.nodes.get(clusterId(change.context));
      if (!cluster) continue;
      const workload = change.resource === 'virtualmachines' || change.resource === 'virtualmachineinstances' || change.resource === 'pods';
      if (!workload || change.namespace === undefined) {
        targets.add(cluster);
        continue;
      }
      for (const node of this.nodes.ofContext(change.context)) {
        if ((node.type === 'tenant' && node.namespaces.includes(change.namespace)) || (node.type === 'namespace' && node.namespace === change.namespace)) targets.add(node);
      }
    }
    // A node under another target refreshes with it.
    const covered = (node: FleetNode) => {
      for (let p = node.parent; p; p = p.parent) if (targets.has(p)) return true;
      return false;
    };
    const fire = [...targets].filter((n) => !covered(n));
    if (fire.length) this.changed.fire(fire);
  }
}

function withId(item: vscode.TreeItem, node: FleetNode): vscode.TreeItem {
  item.id = node.id;
  return item;
}
