// The Fleet view: every kubeconfig context → its tenants → Virtual Machines, MicroVM Pods, Sandboxed Pods and
// Containers; a VM opens onto its Snapshots and Disks. It reads only the Fleet's caches; a cluster connects when
// its node is first expanded, and where the cluster is not cached whole a tenant's workloads (and a namespace's
// snapshots, once a VM there is expanded) are cached from its first expansion on. Fleet changes
// are collected for a moment, then compared with what VS Code was last given: only rows that now read
// differently, or whose children changed, are refreshed. An ancestor whose own row is unchanged is never
// refreshed, since refreshing a node makes VS Code drop and fetch again everything expanded below it. Commands get
// their targets through `resolve`, by id: only nodes the tree itself showed. Tooltips escape all server text.
import * as vscode from 'vscode';
import type { Fleet, FleetChange } from '../cluster/fleet';
import type { KubeconfigProblem } from '../cluster/kubeconfig';
import type { AccessKind, Action } from '../model/actions';
import type { TenantAudit } from '../model/guardrails/audit';
import { CHECKS } from '../model/guardrails/catalog';
import { DEFAULT_SETTINGS, type AuditSettings } from '../model/guardrails/snapshot';
import type { Tenant } from '../model/tenants';
import { code, escapeMarkdown } from '../model/markdown';
import type { RuntimeClassInfo } from '../model/runtimeClasses';
import {
  countsDescription, entryGroup, entryStatus, failingCount, folderDescription, sortWorkloads, workloadCount, WORKLOAD_FOLDERS,
  type TenantWorkloads, type WorkloadOrder,
} from '../model/tenantWorkloads';
import { podGroup, podStatus } from '../model/workloads';
import { clusterTooltip, clusterTreeItem, connectionProblem } from './clusterItem';
import { auditTooltipLine, guardrailItem, guardrailsItem, guardrailTooltip } from './guardrailItems';
import { FOLDER_ICONS, groupIcon, tenantIcon } from './icons';
import {
  clusterId, folderId, guardrailId, guardrailsId, messageId, namespaceId, NodeRegistry, tenantId, vmPartId, vmPartItemId, workloadId, type FleetNode, type FolderCategory, type NodeOf,
} from './nodes';
import { diskRows } from '../model/disks';
import type { VirtualMachine, VirtualMachineInstance } from '../model/objects';
import { agentConnected, vmiOperations, vmOperations } from '../model/operations';
import { snapshotsOf, type VirtualMachineSnapshot } from '../model/snapshots';
import type { VmEntry } from '../model/tenantWorkloads';
import { guestTooltipTable } from '../model/guestDetails';
import { GuestInfo, type GuestTarget } from './guestInfo';
import { diskItem, diskTooltip, snapshotItem, snapshotsDetail, snapshotTooltip, vmPartItem } from './vmParts';
import { workloadPresentation, workloadTreeItem } from './workloadItem';

const FOLDERS: Record<FolderCategory, { label: string; about: string }> = {
  vms: { label: vscode.l10n.t('Virtual Machines'), about: vscode.l10n.t('KubeVirt VirtualMachines, and VirtualMachineInstances that no VirtualMachine owns.') },
  microvms: { label: vscode.l10n.t('MicroVM Pods'), about: vscode.l10n.t('Pods whose RuntimeClass runs them in a Kata Containers microVM, with a guest kernel of their own.') },
  sandboxed: { label: vscode.l10n.t('Sandboxed Pods'), about: vscode.l10n.t('Pods whose RuntimeClass runs them under gVisor: a user-space kernel sandbox, not a VM.') },
  containers: { label: vscode.l10n.t('Containers'), about: vscode.l10n.t('Pods that share the node\'s kernel (runc).') },
};

const ROOT = '';

/** How long a children fetch waits for VS Code to read a changed row again before answering anyway. */
const REREAD_WAIT_MS = 1000;
/** How long a tenant's or namespace's children fetch waits for the workload caches its expansion opened. */
const LOAD_WAIT_MS = 5000;

export interface FleetTreeOptions {
  showSystemNamespaces(): boolean;
  /** Leave out folders, namespaces and tenants that have nothing in them once loaded. */
  hideEmpty?(): boolean;
  order?(): WorkloadOrder;
  /** The actions RBAC allows in a namespace, when known (see ActionPermissions). */
  allowedActions?(context: string, namespace: string, kind: AccessKind): ReadonlySet<Action> | undefined;
  /** What the guardrail audit assumes (sandboxing policy, platform subjects). */
  auditSettings?(): AuditSettings;
  /** Asks for the fleet the first time the tree is read (it is loaded on first use, not at activation). */
  loadFleet?(): void;
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
  private readonly audits = new Map<string, TenantAudit | undefined>();
  /** What VS Code was last given: each row's look, and each fetched node's children. */
  private readonly shownRows = new Map<string, string>();
  private readonly shownChildren = new Map<string, string>();
  /** Children fetches waiting for VS Code to read their row again. */
  private readonly rereads = new Map<string, () => void>();
  /** Children fetches waiting for the next change of the Fleet (a cache that finished listing). */
  private readonly changeWaiters = new Set<() => void>();

  /** The guest agent's details for tooltips, read on hover. */
  private readonly guest = new GuestInfo();

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
    this.guest.clear();
    this.nodes.clear();
    this.memo.clear();
    this.audits.clear();
    this.shownRows.clear();
    this.shownChildren.clear();
    this.changed.fire(undefined);
  }

  /** Redraws what shows a namespace, e.g. once its permissions are known. */
  refreshNamespace(context: string, namespace: string): void {
    this.schedule({ context, namespace, resource: 'virtualmachines' });
  }

  dispose(): void {
    this.unsubscribe?.();
    clearTimeout(this.timer);
    for (const wake of [...this.changeWaiters]) wake();
    this.changed.dispose();
  }

  /** The tree's own node for a command argument, looked up by id; anything the tree has not shown is not a node. */
  resolve(arg: unknown): FleetNode | undefined {
    const id = (arg as { id?: unknown } | null | undefined)?.id;
    return typeof id === 'string' ? this.nodes.get(id) : undefined;
  }

  /** Registered nodes (for tests of pruning). */
  get nodeCount(): number {
    return this.nodes.size;
  }

  getParent(node: FleetNode): FleetNode | undefined {
    return node.parent;
  }

  getTreeItem(node: FleetNode): vscode.TreeItem {
    const item = this.item(node);
    this.shownRows.set(node.id, signature(item));
    this.rereads.get(node.id)?.();
    item.id = node.id;
    return item;
  }

  /** Tooltips are built when hovered, from the caches as they are then; a running VM's once its guest agent answered. */
  async resolveTreeItem(item: vscode.TreeItem, node: FleetNode, token?: vscode.CancellationToken): Promise<vscode.TreeItem> {
    const target = this.guestTarget(node);
    if (target && this.fleet) {
      let cancelled: vscode.Disposable | undefined;
      await Promise.race([this.guest.read(this.fleet, target), new Promise<void>((resolve) => (cancelled = token?.onCancellationRequested(() => resolve())))]);
      cancelled?.dispose();
    }
    return this.withTooltip(item, node);
  }

  /** The row with its tooltip from what is known now (the Kubernetes extension's rows cannot wait for it). */
  withTooltip(item: vscode.TreeItem, node: FleetNode): vscode.TreeItem {
    item.tooltip = this.tooltip(node);
    return item;
  }

  async getChildren(node?: FleetNode): Promise<FleetNode[]> {
    if (!this.fleet) this.options.loadFleet?.();
    const fleet = this.fleet;
    if (!fleet) return [];
    if (node?.type === 'cluster') await fleet.connectTenants(node.context);
    if (node?.type === 'tenant' || node?.type === 'namespace') await this.opened(fleet, node);
    if (node?.type === 'guardrails') await fleet.startGuardrails(node.context);
    if (node?.type === 'workload' && node.kind !== 'Pod') {
      // The VM's row and its Snapshots row read as they will (access reviews in, snapshots listed) before VS Code
      // gets the children: a redraw just after would drop what VS Code may be fetching below.
      const kind = node.kind === 'VirtualMachine' ? 'vm' : 'vmi';
      const allowed = this.options.allowedActions;
      await this.until(() => (!allowed || allowed(node.context, node.namespace, kind) !== undefined) && (kind === 'vmi' || fleet.snapshots(node.context, node.namespace).status !== 'pending'));
    }
    if (node?.type === 'vmPart' && node.part === 'snapshots') await this.until(() => fleet.snapshots(node.context, node.namespace).status !== 'pending');
    if (node && this.stale(node)) {
      // VS Code still shows this row as it was (a cluster that was connecting, a tenant that was loading): have it
      // read the row again before it gets the children. A refresh after them would drop them while VS Code may be
      // fetching what is expanded below them.
      const reread = new Promise<void>((resolve) => {
        this.rereads.set(node.id, resolve);
        setTimeout(resolve, REREAD_WAIT_MS);
      });
      const fire: FleetNode[] = [];
      this.mark(node, fire);
      this.changed.fire(fire);
      await reread;
      this.rereads.delete(node.id);
    }
    const children = this.children(node);
    this.shownChildren.set(node?.id ?? ROOT, ids(children));
    // The registry holds what the tree shows: children that are gone are forgotten with everything below them.
    for (const id of this.nodes.keepChildren(node, children)) {
      this.shownRows.delete(id);
      this.shownChildren.delete(id);
    }
    return children;
  }

  /**
   * Opens the caches of a tenant's or namespace's workloads and waits (a while at most) until they have listed: the
   * row then reads as it will (counts instead of `loading…`) before VS Code gets the children, rather than changing
   * just after, when a refresh of it would drop what VS Code is fetching below it.
   */
  private async opened(fleet: Fleet, node: NodeOf<'tenant'> | NodeOf<'namespace'>): Promise<void> {
    const namespaces = node.type === 'tenant' ? node.namespaces : [node.namespace];
    fleet.watchNamespaces(node.context, namespaces);
    await this.until(() => !this.loading(node.context, namespaces));
  }

  /** Waits (a while at most) until `done`, checking at every change of the Fleet. */
  private async until(done: () => boolean): Promise<void> {
    const deadline = Date.now() + LOAD_WAIT_MS;
    while (!done() && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.changeWaiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(0, deadline - Date.now()));
        this.changeWaiters.add(wake);
      });
    }
  }

  /** The tree node of a VM, VMI or pod, with its parents, so it can be revealed; undefined when it is not listed. */
  findWorkload(context: string, namespace: string, kind: NodeOf<'workload'>['kind'], name: string): FleetNode | undefined {
    const fleet = this.fleet;
    if (!fleet) return undefined;
    const cluster = this.nodes.put({ type: 'cluster', id: clusterId(context), context });
    const tenant = fleet.tenants(context, { showSystem: this.options.showSystemNamespaces() }).find((t) => t.namespaces.includes(namespace));
    if (!tenant) return undefined;
    fleet.watchNamespaces(context, [namespace]);
    const capsule = tenant.kind === 'capsule';
    const tenantNode = this.nodes.put({ type: 'tenant', id: tenantId(context, tenant.name, capsule), parent: cluster, context, name: tenant.name, capsule, namespaces: tenant.namespaces });
    const split = capsule && tenant.namespaces.length > 1;
    const parent: FleetNode = split ? this.nodes.put({ type: 'namespace', id: namespaceId(tenantNode.id, namespace), parent: tenantNode, context, namespace }) : tenantNode;
    const namespaces = split ? [namespace] : tenant.namespaces;
    const w = this.workloads(context, namespaces);
    const category = WORKLOAD_FOLDERS.find((f) =>
      f === 'vms' ? w.vms.some((e) => e.kind === kind && e.object.metadata.name === name && e.object.metadata.namespace === namespace) : kind === 'Pod' && w[f].some((p) => p.metadata.name === name && p.metadata.namespace === namespace),
    );
    if (!category) return undefined;
    const folder = this.nodes.put({ type: 'folder', id: folderId(parent.id, category), parent, context, namespaces, category });
    return this.nodes.put({ type: 'workload', id: workloadId(context, namespace, kind, name), parent: folder, context, namespace, kind, name });
  }

  private item(node: FleetNode): vscode.TreeItem {
    switch (node.type) {
      case 'problem': {
        const item = new vscode.TreeItem(vscode.l10n.t('Cannot read {0}', node.file), vscode.TreeItemCollapsibleState.None);
        item.description = node.message;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.contextValue = 'kind:problem';
        return item;
      }
      case 'cluster':
        return clusterTreeItem(this.fleet!, node.context);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.description = node.detail;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.contextValue = node.retry ? 'kind:message retry' : 'kind:message';
        if (node.retry) item.command = { command: 'kubevirtWorkbench.retry', title: vscode.l10n.t('Retry'), arguments: [node] };
        return item;
      }
      case 'tenant':
      case 'namespace': {
        const namespaces = node.type === 'tenant' ? node.namespaces : [node.namespace];
        const w = this.workloads(node.context, namespaces);
        const item = new vscode.TreeItem(node.type === 'tenant' ? node.name : node.namespace, vscode.TreeItemCollapsibleState.Collapsed);
        const audit = node.type === 'tenant' ? this.audit(node) : undefined;
        // The guardrail verdict leads, once audited: it is what says whether the tenant is fenced.
        item.description = [audit?.summary.phrase, this.countsOrState(node.context, namespaces, w)].filter(Boolean).join(' · ');
        item.iconPath = tenantIcon(node.type === 'tenant' && node.capsule ? 'organization' : 'symbol-namespace', failingCount(w) > 0, audit?.summary.worst);
        const kubevirt = this.fleet?.discovery(node.context)?.kubevirt.installed ? ' kubevirt:yes' : '';
        item.contextValue = `${node.type === 'namespace' ? 'kind:namespace' : node.capsule ? vscode.l10n.t('kind:tenant capsule') : vscode.l10n.t('kind:tenant namespace')}${kubevirt}`;
        return item;
      }
      case 'folder': {
        const w = this.workloads(node.context, node.namespaces);
        const count = w[node.category].length;
        const state = count ? (node.category === 'vms' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None;
        const item = new vscode.TreeItem(FOLDERS[node.category].label, state);
        item.description = count ? folderDescription(w, node.category) : this.loading(node.context, node.namespaces, node.category) ? vscode.l10n.t('loading…') : vscode.l10n.t('none');
        item.iconPath = groupIcon(FOLDER_ICONS[node.category], failingCount(w, node.category) > 0);
        item.contextValue = `kind:folder folder:${node.category}`;
        return item;
      }
      case 'workload':
        return workloadTreeItem(node, this.present(node));
      case 'vmPart':
        return this.partItem(node);
      case 'snapshot': {
        const snapshot = this.snapshotOf(node);
        if (!snapshot) return new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
        const ops = this.operations(node.context, node.namespace, 'VirtualMachine', node.vm);
        return snapshotItem(snapshot, node.vm, this.options.allowedActions?.(node.context, node.namespace, 'vm'), !ops?.includes('restoreSnapshot'));
      }
      case 'disk': {
        const disk = this.disksOf(node.context, node.namespace, node.vmKind, node.vm).find((d) => d.name === node.name);
        if (!disk) return new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
        const ops = this.operations(node.context, node.namespace, node.vmKind, node.vm);
        return diskItem(disk, this.options.allowedActions?.(node.context, node.namespace, node.vmKind === 'VirtualMachine' ? 'vm' : 'vmi'), !!ops?.includes('removeVolume'));
      }
      case 'guardrails':
        return guardrailsItem(this.audit(node), this.fleet?.guardrailsStarted(node.context) ?? false);
      case 'guardrail':
        return guardrailItem(this.audit(node)?.checks.find((c) => c.id === node.check), CHECKS.find((c) => c.id === node.check)?.title ?? node.check);
    }
  }

  private tooltip(node: FleetNode): string | vscode.MarkdownString | undefined {
    switch (node.type) {
      case 'problem':
        return new vscode.MarkdownString().appendText(`${node.file}\n\n${node.message}`);
      case 'cluster':
        return this.fleet && clusterTooltip(this.fleet, node.context);
      case 'message':
        return node.tooltip ? new vscode.MarkdownString(node.tooltip) : node.detail ? `${node.text}: ${node.detail}` : node.text;
      case 'tenant':
      case 'namespace': {
        const namespaces = node.type === 'tenant' ? node.namespaces : [node.namespace];
        const w = this.workloads(node.context, namespaces);
        const what = node.type === 'namespace' ? 'Namespace' : node.capsule ? vscode.l10n.t('Capsule Tenant') : 'Namespace';
        return new vscode.MarkdownString(
          [
            `**${escapeMarkdown(node.type === 'tenant' ? node.name : node.namespace)}** · ${what}`,
            node.type === 'tenant' && node.capsule ? `Namespaces: ${node.namespaces.map(code).join(', ') || vscode.l10n.t('none visible')}` : undefined,
            countsDescription(w) || undefined,
            failingLines(w),
            node.type === 'tenant' ? this.auditLine(node) : undefined,
          ]
            .filter(Boolean)
            .join('\n\n'),
        );
      }
      case 'folder':
        return FOLDERS[node.category].about;
      case 'workload': {
        const p = this.present(node);
        if (!p) return vscode.l10n.t('{0} is no longer on {1}.', node.name, node.context);
        const guest = this.guestTable(node);
        return new vscode.MarkdownString(guest ? `${p.tooltip}\n\n${guest}` : p.tooltip);
      }
      case 'vmPart':
        return node.part === 'snapshots'
          ? vscode.l10n.t('The VirtualMachineSnapshots of {0}, newest first. Take Snapshot… (right-click) adds one; a ready snapshot offers Restore….', node.vm)
          : vscode.l10n.t('The disks of {0} and the volumes behind them; hotplugged volumes can be removed while it runs. Add Volume… (right-click) attaches a PVC or DataVolume.', node.vm);
      case 'snapshot': {
        const snapshot = this.snapshotOf(node);
        return snapshot ? snapshotTooltip(snapshot) : vscode.l10n.t('{0} no longer exists.', node.name);
      }
      case 'disk': {
        const disk = this.disksOf(node.context, node.namespace, node.vmKind, node.vm).find((d) => d.name === node.name);
        return disk ? diskTooltip(disk) : vscode.l10n.t('{0} is no longer attached.', node.name);
      }
      case 'guardrails':
        return vscode.l10n.t('Pod Security, network policies, quotas, RBAC, sandboxing and capacity checks of this tenant, kept current by watches. Harden Tenant… (right-click the tenant) fixes what it can.');
      case 'guardrail': {
        const check = this.audit(node)?.checks.find((c) => c.id === node.check);
        return check ? guardrailTooltip(check) : vscode.l10n.t('This check does not apply to the tenant any more.');
      }
    }
  }

  private auditLine(node: NodeOf<'tenant'>): string | undefined {
    const audit = this.audit(node);
    return audit && auditTooltipLine(audit);
  }

  /** The tenant's audit, memoised like the workloads; undefined until the context's guardrails have started. */
  audit(node: { context: string; name: string; capsule: boolean; namespaces: string[] }): TenantAudit | undefined {
    const key = `${node.context}\u0000${node.capsule ? 'capsule' : 'namespace'}\u0000${node.name}`;
    if (this.audits.has(key)) return this.audits.get(key);
    const tenant: Tenant = { name: node.name, kind: node.capsule ? 'capsule' : 'namespace', namespaces: node.namespaces, system: false };
    const audit = this.fleet?.audit(node.context, tenant, this.options.auditSettings?.() ?? DEFAULT_SETTINGS);
    this.audits.set(key, audit);
    return audit;
  }

  /** The children as they are now; a cluster's once connecting has settled (`getChildren` waits for that). */
  private children(node?: FleetNode): FleetNode[] {
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
      case 'tenant': {
        fleet.watchNamespaces(node.context, node.namespaces);
        const { context, name, capsule, namespaces } = node;
        const guardrails = this.nodes.put({ type: 'guardrails', id: guardrailsId(node.id), parent: node, context, name, capsule, namespaces });
        return [
          guardrails,
          ...(node.capsule && node.namespaces.length > 1
            ? node.namespaces
                .filter((namespace) => !this.hidden(node.context, [namespace]))
                .map((namespace) => this.nodes.put({ type: 'namespace', id: namespaceId(node.id, namespace), parent: node, context: node.context, namespace }))
            : this.folders(node, node.namespaces)),
        ];
      }
      case 'guardrails': {
        const audit = this.audit(node);
        if (!audit) return [this.nodes.put({ type: 'message', id: messageId(node.id, 'loading'), parent: node, context: node.context, text: vscode.l10n.t('Auditing…'), icon: 'loading~spin' })];
        const { context, name, capsule, namespaces } = node;
        return audit.checks.map((c) => this.nodes.put({ type: 'guardrail', id: guardrailId(node.parent?.id ?? node.id, c.id), parent: node, context, name, capsule, namespaces, check: c.id }));
      }
      case 'namespace':
        fleet.watchNamespaces(node.context, [node.namespace]);
        return this.folders(node, [node.namespace]);
      case 'folder':
        return this.folderChildren(node);
      case 'workload': {
        if (node.kind === 'Pod' || !this.entry(node.context, node.namespace, node.kind, node.name)) return [];
        const { context, namespace, kind, name } = node;
        // No Snapshots row where snapshots cannot be listed (403) or are not served (404).
        const snapshots = kind === 'VirtualMachine' ? this.fleet?.snapshots(context, namespace).status : undefined;
        const parts = snapshots && snapshots !== 'forbidden' && snapshots !== 'notFound' ? (['snapshots', 'disks'] as const) : (['disks'] as const);
        return parts.map((part) => this.nodes.put({ type: 'vmPart', id: vmPartId(node.id, part), parent: node, context, namespace, vm: name, vmKind: kind, part }));
      }
      case 'vmPart': {
        const { context, namespace, vm } = node;
        if (node.part === 'snapshots') {
          return this.snapshotsOfVm(context, namespace, vm).map((s) => this.nodes.put({ type: 'snapshot', id: vmPartItemId(node.id, s.metadata.name), parent: node, context, namespace, vm, name: s.metadata.name }));
        }
        return this.disksOf(context, namespace, node.vmKind, vm).map((d) => this.nodes.put({ type: 'disk', id: vmPartItemId(node.id, d.name), parent: node, context, namespace, vm, vmKind: node.vmKind, name: d.name }));
      }
      default:
        return [];
    }
  }

  private clusterChildren(fleet: Fleet, node: NodeOf<'cluster'>): FleetNode[] {
    const state = fleet.state(node.context);
    const message = (key: string, fields: { text: string; icon: string; detail?: string; tooltip?: string; retry?: boolean }) =>
      this.nodes.put({ type: 'message', id: messageId(node.id, key), parent: node, context: node.context, ...fields });
    if (state.status === 'idle' || state.status === 'connecting') return [message('connecting', { text: vscode.l10n.t('Connecting…'), icon: 'loading~spin' })];
    if (state.status !== 'connected') return [message('reason', { ...connectionProblem(fleet, node.context), icon: 'warning', retry: true })];
    const tenants = fleet.tenants(node.context, { showSystem: this.options.showSystemNamespaces() });
    if (!tenants.length) return [message('empty', { text: vscode.l10n.t('No visible namespaces'), detail: vscode.l10n.t('set kubevirtWorkbench.namespaces to name yours'), icon: 'info' })];
    const shown = tenants.filter((t) => !this.hidden(node.context, t.namespaces));
    if (!shown.length) {
      return [message('hidden', { text: vscode.l10n.t('No workloads in {0} {1}', tenants.length, tenants.length === 1 ? 'namespace' : 'namespaces'), detail: vscode.l10n.t('empty ones are hidden'), tooltip: vscode.l10n.t('Set `kubevirtWorkbench.hideEmpty` to false to list empty tenants and namespaces.'), icon: 'info' })];
    }
    return shown.map((t) => {
      const capsule = t.kind === 'capsule';
      return this.nodes.put({ type: 'tenant', id: tenantId(node.context, t.name, capsule), parent: node, context: node.context, name: t.name, capsule, namespaces: t.namespaces });
    });
  }

  private folders(parent: FleetNode & { context: string }, namespaces: string[]): FleetNode[] {
    const kubevirt = this.fleet?.discovery(parent.context)?.kubevirt.installed ?? false;
    const hideEmpty = this.options.hideEmpty?.() ?? false;
    const w = this.workloads(parent.context, namespaces);
    return WORKLOAD_FOLDERS.filter((category) => (kubevirt || category !== 'vms') && this.readable(parent.context, category, namespaces))
      // Hidden only once listed empty: a folder hidden while it loads would vanish from under an expanded row
      // whenever its caches start again (a reconnect), while VS Code may be fetching below it.
      .filter((category) => !hideEmpty || w[category].length > 0 || this.loading(parent.context, namespaces, category))
      .map((category) => this.nodes.put({ type: 'folder', id: folderId(parent.id, category), parent, context: parent.context, namespaces, category }));
  }

  private folderChildren(node: NodeOf<'folder'>): FleetNode[] {
    const w = this.workloads(node.context, node.namespaces);
    const put = (namespace: string | undefined, kind: NodeOf<'workload'>['kind'], name: string) =>
      this.nodes.put({ type: 'workload', id: workloadId(node.context, namespace ?? '', kind, name), parent: node, context: node.context, namespace: namespace ?? '', kind, name });
    if (node.category === 'vms') return w.vms.map((e) => put(e.object.metadata.namespace, e.kind, e.object.metadata.name));
    return w[node.category].map((p) => put(p.metadata.namespace, 'Pod', p.metadata.name));
  }

  /** With hideEmpty, namespaces whose workloads have all loaded and are none (never ones not loaded yet). */
  private hidden(context: string, namespaces: string[]): boolean {
    return (this.options.hideEmpty?.() ?? false) && this.loaded(context, namespaces) && workloadCount(this.workloads(context, namespaces)) === 0;
  }

  /** Counts when there is something; else whether it is loading, empty, or not loaded until expanded (blank). */
  private countsOrState(context: string, namespaces: string[], w: TenantWorkloads): string {
    const counts = countsDescription(w);
    if (counts) return counts;
    if (this.loading(context, namespaces)) return vscode.l10n.t('loading…');
    return namespaces.some((n) => this.fleet?.cacheState(context, 'pods', n) !== undefined) ? 'empty' : '';
  }

  /** Every cache behind these namespaces has listed (a namespace not opened yet has none). */
  private loaded(context: string, namespaces: string[]): boolean {
    return namespaces.every((n) => this.fleet?.cacheState(context, 'pods', n) !== undefined) && !this.loading(context, namespaces);
  }

  /** Hostname, users and filesystems from the guest agent, as last read. */
  private guestTable(node: NodeOf<'workload'>): string | undefined {
    const target = this.guestTarget(node);
    const details = target && this.guest.get(target);
    return details && guestTooltipTable(details);
  }

  /** The VMI whose guest agent the row's tooltip asks: where it is connected and the user may ask it. */
  private guestTarget(node: FleetNode): GuestTarget | undefined {
    if (node.type !== 'workload' || node.kind === 'Pod' || !this.fleet) return undefined;
    const e = this.entry(node.context, node.namespace, node.kind, node.name);
    const vmi = e && (e.kind === 'VirtualMachine' ? e.vmi : (e.object as VirtualMachineInstance));
    if (!vmi?.metadata.uid || !agentConnected(vmi)) return undefined;
    if (!this.options.allowedActions?.(node.context, node.namespace, node.kind === 'VirtualMachine' ? 'vm' : 'vmi')?.has('guestDetails')) return undefined;
    return { context: node.context, namespace: node.namespace, name: node.name, uid: vmi.metadata.uid };
  }

  private entry(context: string, namespace: string, kind: NodeOf<'workload'>['kind'], name: string): VmEntry | undefined {
    return this.workloads(context, [namespace]).vms.find((e) => e.kind === kind && e.object.metadata.name === name && e.object.metadata.namespace === namespace);
  }

  /** The everyday operations the VM or VMI offers in its state (before RBAC), or undefined when it is gone. */
  private operations(context: string, namespace: string, kind: NodeOf<'workload'>['kind'], name: string) {
    const e = this.entry(context, namespace, kind, name);
    if (!e) return undefined;
    return e.kind === 'VirtualMachine' ? vmOperations(e.object as VirtualMachine, e.vmi) : vmiOperations(e.object as VirtualMachineInstance);
  }

  private snapshotsOfVm(context: string, namespace: string, vm: string): VirtualMachineSnapshot[] {
    return snapshotsOf((this.fleet?.snapshots(context, namespace).objects ?? []) as VirtualMachineSnapshot[], vm);
  }

  private snapshotOf(node: NodeOf<'snapshot'>): VirtualMachineSnapshot | undefined {
    return this.snapshotsOfVm(node.context, node.namespace, node.vm).find((s) => s.metadata.name === node.name);
  }

  private disksOf(context: string, namespace: string, kind: NodeOf<'workload'>['kind'], name: string) {
    const e = this.entry(context, namespace, kind, name);
    if (!e) return [];
    return e.kind === 'VirtualMachine' ? diskRows(e.object as VirtualMachine, e.vmi) : diskRows(undefined, e.object as VirtualMachineInstance);
  }

  /** A VM's Snapshots or Disks row, with the Take Snapshot or Add Volume token when offered and allowed. */
  private partItem(node: NodeOf<'vmPart'>): vscode.TreeItem {
    const { context, namespace, vm, vmKind } = node;
    const ops = this.operations(context, namespace, vmKind, vm) ?? [];
    const allowed = this.options.allowedActions?.(context, namespace, vmKind === 'VirtualMachine' ? 'vm' : 'vmi');
    const action = node.part === 'snapshots' ? 'takeSnapshot' : 'addVolume';
    const tokens = ops.includes(action) && allowed?.has(action) ? [`can:${action}`] : [];
    if (node.part === 'disks') {
      const disks = this.disksOf(context, namespace, vmKind, vm);
      const hotplugged = disks.filter((d) => d.hotplugged).length;
      return vmPartItem('disks', disks.length, hotplugged ? vscode.l10n.t('{0} hotplugged', hotplugged) : undefined, tokens);
    }
    const cache = this.fleet?.snapshots(context, namespace);
    const snapshots = this.snapshotsOfVm(context, namespace, vm);
    return vmPartItem('snapshots', cache?.status === 'pending' ? undefined : snapshots.length, snapshotsDetail(snapshots), tokens);
  }

  private present(node: NodeOf<'workload'>) {
    return workloadPresentation(node, this.workloads(node.context, [node.namespace]), this.runtimeClasses(node.context), (kind) =>
      this.options.allowedActions?.(node.context, node.namespace, kind),
    );
  }

  /** Whether a cache behind these namespaces (of one folder, or all) has not listed yet; a VM's status needs its VMI. */
  private loading(context: string, namespaces: string[], category?: FolderCategory): boolean {
    const vms = ['virtualmachines', 'virtualmachineinstances'] as const;
    const resources = category === undefined ? [...vms, 'pods' as const] : category === 'vms' ? vms : (['pods'] as const);
    return resources.some((r) => namespaces.some((n) => this.fleet?.cacheState(context, r, n) === 'pending'));
  }

  /** A 403 hides a folder instead of showing an error in it. */
  private readable(context: string, category: FolderCategory, namespaces: string[]): boolean {
    const resource = category === 'vms' ? 'virtualmachines' : 'pods';
    return namespaces.some((n) => this.fleet?.cacheState(context, resource, n) !== 'forbidden');
  }

  /** Memoised until the next change of the Fleet: every node of a folder reads the same sorted lists. */
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
      this.options.order?.() ?? 'name',
    );
    this.memo.set(key, sorted);
    return sorted;
  }

  private runtimeClasses(context: string): ReadonlyMap<string, RuntimeClassInfo> {
    return new Map((this.fleet?.discovery(context)?.runtimeClasses ?? []).map((r) => [r.name, r]));
  }

  private schedule(change: FleetChange): void {
    // What the tree reads meanwhile must agree with the caches' states (loading, forbidden) it also reads.
    this.memo.clear();
    this.audits.clear();
    this.pending.set(`${change.context}\u0000${change.namespace ?? ''}\u0000${change.resource ?? ''}`, change);
    for (const wake of [...this.changeWaiters]) wake();
    this.timer ??= setTimeout(() => this.flush(), this.options.debounceMs ?? 100);
  }

  /** Fires the topmost nodes that VS Code shows differently from how they are now. */
  private flush(): void {
    this.timer = undefined;
    const changes = [...this.pending.values()];
    this.pending.clear();
    this.memo.clear();
    this.audits.clear();
    // Per context: the namespaces whose workloads changed, or 'all' for a connection, namespace or RuntimeClass change.
    const scopes = new Map<string, Set<string> | 'all'>();
    for (const change of changes) {
      const workload = change.resource === 'virtualmachines' || change.resource === 'virtualmachineinstances' || change.resource === 'pods' || change.resource === 'virtualmachinesnapshots';
      const scope = scopes.get(change.context);
      if (!workload || change.namespace === undefined) scopes.set(change.context, 'all');
      else if (scope !== 'all') scopes.set(change.context, (scope ?? new Set()).add(change.namespace));
    }
    const fire: FleetNode[] = [];
    for (const [context, scope] of scopes) {
      const cluster = this.nodes.get(clusterId(context));
      if (cluster) this.diff(cluster, scope, fire);
    }
    if (fire.length) this.changed.fire(fire);
  }

  /** VS Code holds this row, and it now reads differently. */
  private stale(node: FleetNode): boolean {
    const shown = this.shownRows.get(node.id);
    return shown !== undefined && signature(this.item(node)) !== shown;
  }

  private diff(node: FleetNode, scope: Set<string> | 'all', fire: FleetNode[]): void {
    if (!this.shownRows.has(node.id)) return; // VS Code does not hold this row
    if (this.stale(node)) return this.mark(node, fire);
    const shownChildren = this.shownChildren.get(node.id);
    if (shownChildren === undefined) return; // never expanded: read fresh when it is
    const children = this.children(node);
    if (ids(children) !== shownChildren) return this.mark(node, fire);
    for (const child of children) if (touches(child, scope)) this.diff(child, scope, fire);
  }

  /** VS Code asks again for the node and for what is expanded below it; until then nothing below counts as shown. */
  private mark(node: FleetNode, fire: FleetNode[]): void {
    fire.push(node);
    this.shownChildren.delete(node.id);
    for (const below of this.nodes.below(node)) {
      this.shownRows.delete(below.id);
      this.shownChildren.delete(below.id);
    }
  }
}

function ids(nodes: FleetNode[]): string {
  return nodes.map((n) => n.id).join('\n');
}

/** What VS Code draws of a row: a change in any of it needs a refresh. */
function signature(item: vscode.TreeItem): string {
  const icon = item.iconPath instanceof vscode.ThemeIcon ? `${item.iconPath.id}:${item.iconPath.color?.id ?? ''}` : '';
  const label = typeof item.label === 'string' ? item.label : item.label?.label;
  return JSON.stringify([label, item.description, icon, item.contextValue, item.collapsibleState, item.command?.arguments?.map(String)]);
}

function touches(node: FleetNode, scope: Set<string> | 'all'): boolean {
  if (scope === 'all') return true;
  switch (node.type) {
    case 'tenant':
    case 'folder':
    case 'guardrails':
    case 'guardrail':
      return node.namespaces.some((n) => scope.has(n));
    case 'namespace':
    case 'workload':
    case 'vmPart':
    case 'snapshot':
    case 'disk':
      return scope.has(node.namespace);
    default:
      return true;
  }
}

/** Up to five failing workloads by name, for a tenant's tooltip. */
function failingLines(w: TenantWorkloads): string | undefined {
  const failing = [
    ...w.vms.filter((e) => entryGroup(e) === 'error').map((e) => `${e.object.metadata.name} (${entryStatus(e)})`),
    ...[...w.microvms, ...w.sandboxed, ...w.containers].filter((p) => podGroup(p) === 'error').map((p) => `${p.metadata.name} (${podStatus(p)})`),
  ];
  if (!failing.length) return undefined;
  const shown = failing.slice(0, 5).map(escapeMarkdown).join(', ');
  return `Failing: ${shown}${failing.length > 5 ? `, and ${failing.length - 5} more` : ''}`;
}
