// Everything live about one context once it is connected: discovery, the namespace scope, and the caches of
// VirtualMachines, VMIs, pods and RuntimeClasses. Workloads are cached cluster-wide when the user may list and
// watch them everywhere, else one cache per namespace — only for the namespaces someone opened (a tenant that
// was expanded) and that are still visible, so hidden and never-expanded namespaces cost no request. The
// guardrail audit's caches, reviews and dry runs start only when its guardrails are first wanted; from then on
// every visible namespace's workloads are cached too, since every tenant carries its verdict.
import * as l10n from '@vscode/l10n';
import { auditTenant, type TenantAudit } from '../model/guardrails/audit';
import type { AuditPod, AuditVmi, BindingObject, CapsuleTenantObject, LimitRangeObject, NetworkPolicyObject, ResourceQuotaObject, RoleObject, RuntimeClassObject } from '../model/guardrails/kinds';
import { known, notLoaded, unknownFromStatus, type Known } from '../model/guardrails/known';
import type { AuditSettings, NamespaceSnapshot, TenantSnapshot } from '../model/guardrails/snapshot';
import { tenantRef, virtualClustersIn } from '../model/guardrails/virtualCluster';
import type { KubeObject } from '../model/kubeObject';
import { inferRuntimeClasses, runtimeClassInfo, type RuntimeClassInfo } from '../model/runtimeClasses';
import { groupTenants, type Tenant } from '../model/tenants';
import { canListWatchClusterWide } from './accessReview';
import type { ApiClient } from './apiClient';
import { Connection, type ConnectionState } from './connection';
import { discoveryOf, kubevirtVersion, serverVersion, type Discovery } from './discovery';
import { classifyFailure } from './errors';
import { AuditQueries } from './auditQueries';
import { cacheKnown, GuardrailCaches, type GuardrailResource } from './guardrailCaches';
import type { ListPacer } from './listPacer';
import { ListWatchCache, type CacheState, type CacheStatus, type ListWatchOptions } from './listWatch';
import { RESOURCES } from './resources';
import { NamespaceScope } from './tenants';

export type WorkloadResource = 'virtualmachines' | 'virtualmachineinstances' | 'pods';

export type FleetResource = WorkloadResource | 'virtualmachinesnapshots' | 'namespaces' | 'tenants' | 'runtimeclasses' | 'connection' | 'guardrails';

/** What changed; the view refreshes the node for this context, namespace and resource. */
export interface FleetChange {
  context: string;
  namespace?: string;
  resource?: FleetResource;
}

export interface SessionOptions {
  contextNamespace?: string;
  namespaces?: readonly string[];
  namespaceSelector?: string;
  cacheOptions?: Pick<ListWatchOptions, 'backoff' | 'healthyAfterMs' | 'pageSize'>;
  /** Shared by a fleet's sessions: cluster-wide first lists wait their turn while an expanded tenant is still listing. */
  pacer?: ListPacer;
  onChange(change: Omit<FleetChange, 'context'>): void;
}

interface WorkloadCaches {
  clusterWide?: ListWatchCache;
  perNamespace: Map<string, ListWatchCache>;
}

export class ClusterSession {
  readonly connection: Connection;
  private discovered?: Discovery;
  private scope?: NamespaceScope;
  private readonly workloads = new Map<WorkloadResource, WorkloadCaches>();
  private runtimeClassCache?: ListWatchCache;
  /** VirtualMachineSnapshots per namespace, from the first time a VM's Snapshots row is expanded there. */
  private readonly snapshotCaches = new Map<string, ListWatchCache>();
  private readonly inferredNames = new Set<string>();
  private readonly opened = new Set<string>();
  private started?: Promise<void>;
  private markTenantsKnown!: () => void;
  private readonly tenantsReady = new Promise<void>((resolve) => (this.markTenantsKnown = resolve));
  private disposed = false;
  private guardrailCaches?: GuardrailCaches;
  private queries?: AuditQueries;

  constructor(
    private readonly client: ApiClient,
    private readonly options: SessionOptions,
  ) {
    this.connection = new Connection(client, () => {
      options.pacer?.nudge();
      options.onChange({ resource: 'connection' });
    });
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  /**
   * Connects, discovers, and starts the caches; resolves once the namespaces, versions and RuntimeClasses are known.
   * Idempotent. Never rejects: failures end up in the state.
   */
  start(): Promise<void> {
    this.started ??= this.run();
    return this.started;
  }

  /**
   * Starts the session; resolves once its tenants can be shown (connected, API groups and namespaces known), before
   * the RuntimeClasses and the workloads' caches, or once connecting has failed. Never rejects.
   */
  tenantsKnown(): Promise<void> {
    return Promise.race([this.tenantsReady, this.start()]);
  }

  dispose(): void {
    this.disposed = true;
    this.scope?.stop();
    this.runtimeClassCache?.stop();
    this.guardrailCaches?.stop();
    this.queries?.stop();
    for (const caches of this.workloads.values()) for (const cache of allOf(caches)) cache.stop();
    for (const cache of this.snapshotCaches.values()) cache.stop();
  }

  /** The namespace's VirtualMachineSnapshots, cached (list+watch) from the first call on; none without the API. */
  snapshots(namespace: string): { objects: KubeObject[]; status: CacheStatus | undefined } {
    if (this.disposed || !this.discovered?.kubevirt.installed) return { objects: [], status: undefined };
    let cache = this.snapshotCaches.get(namespace);
    if (!cache) {
      const created = new ListWatchCache(this.client, RESOURCES.virtualmachinesnapshots, namespace, {
        ...this.options.cacheOptions,
        onChange: () => this.options.onChange({ namespace, resource: 'virtualmachinesnapshots' }),
        onState: () => this.options.onChange({ namespace, resource: 'virtualmachinesnapshots' }),
      });
      this.snapshotCaches.set(namespace, (cache = created));
      created.start();
    }
    return { objects: cache.objects(namespace), status: cache.state.status };
  }

  /** Caches the workloads of these namespaces from now on (where they are not cached cluster-wide). */
  open(namespaces: readonly string[]): void {
    const before = this.opened.size;
    for (const namespace of namespaces) this.opened.add(namespace);
    if (this.opened.size === before) return;
    this.followNamespaces();
    this.options.pacer?.nudge();
  }

  /** Whether someone browses this cluster: a tenant of it is expanded. */
  browsed(): boolean {
    return !this.disposed && !!this.scope && this.opened.size > 0 && this.connection.state.status === 'connected';
  }

  /**
   * Whether someone waits for this cluster's lists: an expanded tenant's workloads are still listing. Other clusters'
   * pages wait meanwhile (`ListPacer`).
   */
  awaited(): boolean {
    if (!this.browsed()) return false;
    if (!this.workloads.size) return true;
    for (const caches of this.workloads.values()) {
      if (caches.clusterWide && this.awaitedIn(caches.clusterWide)) return true;
      for (const [namespace, cache] of caches.perNamespace) if (this.opened.has(namespace) && cache.state.status === 'pending') return true;
    }
    return false;
  }

  /** Whether a cluster-wide cache's list has yet to reach an expanded tenant's namespace. */
  private awaitedIn(cache: ListWatchCache): boolean {
    for (const namespace of this.opened) if (cache.stateIn(namespace).status === 'pending') return true;
    return false;
  }

  /**
   * Starts the guardrail audit's caches (once, after connecting) and caches the workloads of every visible
   * namespace from now on. Does nothing before the session is connected.
   */
  startGuardrails(): void {
    if (this.guardrailCaches || !this.scope || this.disposed) return;
    const onChange = (resource: GuardrailResource, namespace: string | undefined) => {
      if (resource === 'roles' || resource === 'rolebindings' || resource === 'clusterroles' || resource === 'clusterrolebindings') this.queries?.rbacChanged();
      else if (namespace) this.queries?.namespaceChanged(namespace);
      this.options.onChange({ namespace, resource: 'guardrails' });
    };
    this.queries = new AuditQueries(this.client, () => this.options.onChange({ resource: 'guardrails' }));
    this.guardrailCaches = new GuardrailCaches(this.client, { cacheOptions: this.options.cacheOptions, onChange, onCacheState: (state) => this.health(state) });
    void this.guardrailCaches.start(this.scope.namespaces());
    this.followNamespaces();
    this.options.onChange({ resource: 'guardrails' });
  }

  get guardrailsStarted(): boolean {
    return this.guardrailCaches !== undefined;
  }

  /** Everything the audit reads about a tenant, each piece known or unknown with the reason. */
  tenantSnapshot(tenant: Tenant, settings: AuditSettings): TenantSnapshot {
    const caches = this.guardrailCaches;
    const kubevirt = this.discovered?.kubevirt.installed ?? false;
    const absentOr = <T>(resource: WorkloadResource, namespace: string): Known<T[]> =>
      (kubevirt || resource === 'pods' ? this.workloadKnown(resource, namespace) : known([])) as Known<T[]>;
    const namespaced = <T>(kind: Parameters<GuardrailCaches['namespaced']>[0], namespace: string): Known<T[]> =>
      (caches ? caches.namespaced(kind, namespace) : notLoaded(kind)) as Known<T[]>;
    const namespaces: NamespaceSnapshot[] = tenant.namespaces.map((name) => ({
      name,
      namespace: this.namespaceKnown(name),
      pods: absentOr<AuditPod>('pods', name),
      virtualMachines: absentOr<KubeObject>('virtualmachines', name),
      virtualMachineInstances: absentOr<AuditVmi>('virtualmachineinstances', name),
      networkPolicies: namespaced<NetworkPolicyObject>('networkpolicies', name),
      resourceQuotas: namespaced<ResourceQuotaObject>('resourcequotas', name),
      limitRanges: namespaced<LimitRangeObject>('limitranges', name),
      roles: namespaced<RoleObject>('roles', name),
      roleBindings: namespaced<BindingObject>('rolebindings', name),
    }));
    const hosted = namespaces.flatMap((ns) => virtualClustersIn(ns.name, ns.pods.known ? ns.pods.value : []));
    const capsuleInstalled = this.discovered?.capsule.installed ?? false;
    return {
      tenant: tenantRef(tenant, hosted),
      namespaces,
      clusterRoles: (caches ? caches.cluster('clusterroles') : notLoaded('clusterroles')) as Known<RoleObject[]>,
      clusterRoleBindings: (caches ? caches.cluster('clusterrolebindings') : notLoaded('clusterrolebindings')) as Known<BindingObject[]>,
      runtimeClasses: cacheKnown(this.runtimeClassCache, undefined) as Known<RuntimeClassObject[]>,
      capsuleInstalled,
      ...(tenant.kind === 'capsule' ? { capsuleTenant: this.capsuleTenantKnown(tenant.name) } : {}),
      accessReviews: this.queries ? this.queries.accessReviews() : notLoaded(l10n.t('access reviews')),
      probes: this.queries ? this.queries.probeAnswers() : notLoaded(l10n.t('dry runs as the tenant')),
      settings,
    };
  }

  /** The tenant's audit as the caches are now; asks the reviews and dry runs it still lacks (answers come later). */
  audit(tenant: Tenant, settings: AuditSettings): TenantAudit | undefined {
    if (!this.guardrailCaches) return undefined;
    const snapshot = this.tenantSnapshot(tenant, settings);
    const queries = this.queries;
    if (queries?.missing(snapshot)) void queries.fill(`${tenant.kind}/${tenant.name}`, () => this.tenantSnapshot(tenant, settings));
    return auditTenant(snapshot);
  }

  /**
   * The tenant's audit once its caches have listed and its access reviews and dry runs have answered (Harden
   * Tenant… generates from it); undefined when the session is not connected.
   */
  async settledAudit(tenant: Tenant, settings: AuditSettings): Promise<{ snapshot: TenantSnapshot; audit: TenantAudit } | undefined> {
    this.startGuardrails();
    const caches = this.guardrailCaches;
    if (!caches || !this.scope) return undefined;
    await caches.start(this.scope.namespaces());
    const workloads = [...this.workloads.values()].flatMap((c) => (c.clusterWide ? [c.clusterWide] : tenant.namespaces.flatMap((n) => c.perNamespace.get(n) ?? [])));
    await Promise.all(workloads.map((c) => c.whenSettled()));
    await this.queries?.fill(`${tenant.kind}/${tenant.name}`, () => this.tenantSnapshot(tenant, settings), true);
    const snapshot = this.tenantSnapshot(tenant, settings);
    return { snapshot, audit: auditTenant(snapshot) };
  }

  discovery(): Discovery | undefined {
    return this.discovered && { ...this.discovered, runtimeClasses: this.runtimeClasses() };
  }

  namespaces(): string[] {
    return this.scope?.namespaces() ?? [];
  }

  tenants(showSystem: boolean): Tenant[] {
    return this.scope ? groupTenants(this.scope.namespaces(), this.scope.capsuleTenants(), showSystem) : [];
  }

  objects(resource: WorkloadResource, namespace: string): KubeObject[] {
    const caches = this.workloads.get(resource);
    const cache = caches?.clusterWide ?? caches?.perNamespace.get(namespace);
    return cache?.objects(namespace) ?? [];
  }

  /** The state of the cache serving `resource` in `namespace` (or cluster-wide); undefined when nothing is cached. */
  cacheState(resource: WorkloadResource | 'runtimeclasses', namespace?: string): CacheStatus | undefined {
    if (resource === 'runtimeclasses') return this.runtimeClassCache?.state.status;
    // Tenants shown, the access reviews deciding between cluster-wide and per-namespace caches not answered yet.
    if (this.scope && !this.workloads.size && !this.disposed) return 'pending';
    const caches = this.workloads.get(resource);
    const cache = caches?.clusterWide ?? (namespace === undefined ? undefined : caches?.perNamespace.get(namespace));
    return (namespace === undefined ? cache?.state : cache?.stateIn(namespace))?.status;
  }

  private workloadKnown(resource: WorkloadResource, namespace: string): Known<KubeObject[]> {
    const caches = this.workloads.get(resource);
    const cache = caches?.clusterWide ?? caches?.perNamespace.get(namespace);
    return cacheKnown(cache, namespace);
  }

  private namespaceKnown(name: string): Known<KubeObject> {
    if (this.scope?.inferred) return unknownFromStatus(403, { verb: 'list', resource: 'namespaces' });
    const object = this.scope?.namespaceObject(name);
    return object ? known(object) : notLoaded(`namespace ${name}`);
  }

  private capsuleTenantKnown(name: string): Known<CapsuleTenantObject> {
    const { state, object } = this.scope?.capsuleTenantObject(name) ?? {};
    if (state?.status === 'forbidden') return unknownFromStatus(403, { verb: 'list', resource: 'tenants.capsule.clastix.io' });
    return object ? known(object as CapsuleTenantObject) : notLoaded(l10n.t('Capsule Tenant {0}', name));
  }

  private async run(): Promise<void> {
    // The namespaces are asked for beside the API groups (the connection's probe): the tenants show after about one
    // round trip (`tenantsKnown`), and what their rows do not need follows, the versions first. A failed connection
    // stops what was started.
    let capsuleKnown!: (installed: boolean) => void;
    const scope = new NamespaceScope(this.client, {
      contextNamespace: this.options.contextNamespace,
      namespaces: this.options.namespaces,
      namespaceSelector: this.options.namespaceSelector,
      capsuleInstalled: new Promise<boolean>((resolve) => (capsuleKnown = resolve)),
      cacheOptions: this.options.cacheOptions,
      onChange: (resource) => {
        if (resource === 'namespaces') this.followNamespaces();
        // Labels (Pod Security, sandboxing) and Capsule owners decide what the dry runs meet and whom they act as.
        if (resource === 'tenants') this.queries?.rbacChanged();
        else this.queries?.allNamespacesChanged();
        this.options.onChange({ resource });
      },
      onCacheState: (state) => this.health(state),
    });
    const scopeReady = scope.start();
    const abandon = () => {
      capsuleKnown(false);
      scope.stop();
    };
    const groups = await this.connection.connect();
    if (!groups || this.connection.state.status !== 'connected' || this.disposed) return abandon();
    const found = discoveryOf(groups);
    const { kubevirt, capsule } = found;
    this.discovered = found;
    capsuleKnown(capsule.installed);
    this.scope = scope;
    await scopeReady;
    this.options.onChange({ resource: 'connection' });
    this.markTenantsKnown();
    if (this.disposed) return;
    // The cluster's row names the versions a moment after its tenants show.
    const versions = Promise.all([serverVersion(this.client), kubevirt.installed ? kubevirtVersion(this.client, kubevirt.subresources) : undefined]).then(([server, kubevirtRelease]) => {
      if (this.disposed) return;
      found.serverVersion = server;
      found.kubevirt.version = kubevirtRelease;
      this.options.onChange({ resource: 'connection' });
    });
    // Only now: each request opens a connection of its own, and their handshakes would hold up the tenants.
    this.runtimeClassCache = this.cache('runtimeclasses', RESOURCES.runtimeclasses);
    const kinds: WorkloadResource[] = kubevirt.installed ? ['virtualmachines', 'virtualmachineinstances', 'pods'] : ['pods'];
    const clusterWide = await Promise.all(kinds.map((kind) => canListWatchClusterWide(this.client, RESOURCES[kind])));
    if (this.disposed) return;
    kinds.forEach((kind, i) => {
      const caches: WorkloadCaches = { perNamespace: new Map() };
      if (clusterWide[i]) caches.clusterWide = this.cache(kind, RESOURCES[kind]);
      this.workloads.set(kind, caches);
    });
    this.followNamespaces();
    await Promise.all([this.runtimeClassCache.whenSettled(), versions]);
  }

  /** Per-namespace caches for the opened namespaces now visible; those of vanished namespaces stop. */
  private followNamespaces(): void {
    if (this.disposed || !this.scope) return;
    this.guardrailCaches?.follow(this.scope.namespaces());
    if (!this.workloads.size) return;
    const guardrails = this.guardrailCaches !== undefined;
    const visible = new Set(this.scope.namespaces().filter((n) => guardrails || this.opened.has(n)));
    for (const [kind, caches] of this.workloads) {
      if (caches.clusterWide) continue;
      for (const [namespace, cache] of caches.perNamespace) {
        if (visible.has(namespace)) continue;
        cache.stop();
        caches.perNamespace.delete(namespace);
      }
      for (const namespace of visible) {
        if (!caches.perNamespace.has(namespace)) caches.perNamespace.set(namespace, this.cache(kind, RESOURCES[kind], namespace));
      }
    }
  }

  private cache(resource: WorkloadResource | 'runtimeclasses', type: (typeof RESOURCES)[WorkloadResource | 'runtimeclasses'], namespace?: string): ListWatchCache {
    const paged = namespace === undefined && resource !== 'runtimeclasses';
    const pacer = this.options.pacer;
    const cache: ListWatchCache = new ListWatchCache(this.client, type, namespace, {
      ...this.options.cacheOptions,
      pacing: paged && pacer ? { pacer, rank: () => (!this.browsed() ? 'idle' : this.awaitedIn(cache) ? 'wanted' : 'browsed') } : undefined,
      onChange: ({ object }) => {
        this.options.onChange({ namespace: object.metadata.namespace, resource });
        if (resource === 'pods') this.notePod(object);
      },
      onState: (state) => {
        this.health(state);
        this.options.pacer?.nudge();
        this.options.onChange(namespace === undefined ? { resource } : { namespace, resource });
      },
    });
    cache.start();
    return cache;
  }

  /** Cache failures that mean the connection is broken move the connection state; a recovery moves it back. */
  private health(state: CacheState): void {
    if (this.disposed) return;
    if (state.status === 'synced') this.connection.recovered();
    else if (state.status === 'unauthorized' || (state.status === 'error' && classifyFailure(state.error).status !== 'error')) {
      this.connection.failed(state.error);
    }
  }

  private runtimeClasses(): RuntimeClassInfo[] {
    const cache = this.runtimeClassCache;
    if (cache && cache.state.status !== 'forbidden') {
      return cache.objects().map(runtimeClassInfo).sort((a, b) => a.name.localeCompare(b.name));
    }
    const pods = this.workloads.get('pods');
    return inferRuntimeClasses(pods ? allOf(pods).flatMap((c) => c.objects() as { spec?: unknown }[]) : []);
  }

  /** When RuntimeClasses are inferred from pods, a pod naming a new one changes them. */
  private notePod(pod: KubeObject): void {
    if (this.runtimeClassCache?.state.status !== 'forbidden') return;
    const name = (pod.spec as { runtimeClassName?: unknown } | undefined)?.runtimeClassName;
    if (typeof name !== 'string' || !name || this.inferredNames.has(name)) return;
    this.inferredNames.add(name);
    this.options.onChange({ resource: 'runtimeclasses' });
  }
}

function allOf(caches: WorkloadCaches): ListWatchCache[] {
  return [...(caches.clusterWide ? [caches.clusterWide] : []), ...caches.perNamespace.values()];
}
