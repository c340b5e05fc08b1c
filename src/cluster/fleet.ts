// The façade the tree uses: every kubeconfig context, connected lazily and independently, with its tenants and
// workloads kept live. Each context has one ContextConfig (its own file's cluster and user, one agent, one
// request cap) shared by the tree's client and the commands' client. Change notifications name the context,
// namespace and resource that changed; the view debounces them. A reloaded kubeconfig replaces only the
// contexts whose cluster, user or context entry changed.
import * as l10n from '@vscode/l10n';
import type { TenantAudit } from '../model/guardrails/audit';
import type { AuditSettings, TenantSnapshot } from '../model/guardrails/snapshot';
import type { KubeObject } from '../model/kubeObject';
import type { Tenant } from '../model/tenants';
import { ApiClient, hostOf } from './apiClient';
import type { ConnectionState } from './connection';
import type { ContextConfig } from './contextConfig';
import { Credentials } from './credentials';
import type { Discovery } from './discovery';
import type { ExecOptions } from './execCredential';
import { clusterInstancetypes, type Instancetypes } from './instancetypes';
import type { LoadedKubeconfig, ResolvedContext } from './kubeconfig';
import { ListPacer } from './listPacer';
import type { CacheStatus, ListWatchOptions } from './listWatch';
import { KubeHttp, newContextConfig } from './kubeHttp';
import { ClusterSession, type FleetChange, type WorkloadResource } from './session';

export type { ConnectionState } from './connection';
export type { Discovery } from './discovery';
export type { Instancetypes } from './instancetypes';
export type { CacheStatus } from './listWatch';
export type { FleetChange, FleetResource, WorkloadResource } from './session';

export interface FleetOptions {
  /** How long connecting (and any single call) may take; default 8 s. */
  connectTimeoutMs?: number;
  /** Namespaces to try in contexts whose user may not list namespaces. */
  namespaces?: string[];
  /** Label selector applied when listing namespaces. */
  namespaceSelector?: string;
  /** One line per API call: context, verb, path, status. Never a credential. */
  log?: (line: string) => void;
  /** Retry timing of the watches and the size of list pages (tests shorten them). */
  cacheOptions?: Pick<ListWatchOptions, 'backoff' | 'healthyAfterMs' | 'pageSize'>;
  /** Limits of credential plugins (tests shorten them); `trace` receives their redacted stderr. */
  exec?: ExecOptions;
  /** For HTTPS_PROXY/NO_PROXY; the extension host's environment by default. */
  env?: NodeJS.ProcessEnv;
  /** One-shot requests in flight per context; default 8. */
  concurrency?: number;
  /** A change listener failed (it never stops the others). */
  onListenerError?: (error: unknown) => void;
}

export interface ContextInfo {
  name: string;
  cluster: string;
  server: string;
  /** `host:port` of the server URL. */
  host: string;
  user: string;
  namespace?: string;
  /** The kubeconfig file it comes from ('' when built in memory). */
  file: string;
  /** Why it cannot be used, e.g. a user its file does not define. */
  problem?: string;
  /** Names it shares with other kubeconfig files. */
  warnings: string[];
}

/** What a reload changed: contexts added, removed, or with another cluster, user or namespace. */
export interface FleetUpdate {
  added: string[];
  removed: string[];
  changed: string[];
}

export class Fleet {
  private readonly sessions = new Map<string, ClusterSession>();
  private readonly clients = new Map<string, KubeHttp>();
  private readonly configs = new Map<string, ContextConfig>();
  private readonly listeners = new Set<(change: FleetChange) => void>();
  private readonly credentials: Credentials;
  private readonly pacer = new ListPacer(
    () => [...this.sessions.values()].some((s) => s.awaited()),
    () => [...this.sessions.values()].some((s) => s.browsed()),
  );
  private resolved = new Map<string, ResolvedContext>();
  private current = '';
  private disposed = false;

  constructor(
    kubeconfig: LoadedKubeconfig,
    private readonly options: FleetOptions = {},
  ) {
    this.credentials = new Credentials(options.exec);
    this.load(kubeconfig);
  }

  contexts(): ContextInfo[] {
    return [...this.resolved.values()].map((r) => {
      const server = r.cluster?.server ?? '';
      const info: ContextInfo = { name: r.name, cluster: r.context.cluster, server, host: hostOf(server), user: r.context.user, file: r.file, warnings: r.warnings };
      if (r.context.namespace) info.namespace = r.context.namespace;
      if (r.problem) info.problem = r.problem;
      return info;
    });
  }

  /** The kubeconfig's current-context, if it names one of `contexts()`. */
  currentContext(): string | undefined {
    return this.resolved.has(this.current) ? this.current : undefined;
  }

  /**
   * Takes a reloaded kubeconfig: contexts whose context entry, cluster or user changed (or that are gone) are
   * dropped with their connections and caches; the others keep theirs, so rewriting a file with the same content
   * (or only another current-context) sends no request.
   */
  update(kubeconfig: LoadedKubeconfig): FleetUpdate {
    const before = this.resolved;
    this.load(kubeconfig);
    const result: FleetUpdate = { added: [], removed: [], changed: [] };
    for (const [name, old] of before) {
      const now = this.resolved.get(name);
      if (!now) result.removed.push(name);
      else if (fingerprint(now) !== fingerprint(old)) result.changed.push(name);
    }
    for (const name of this.resolved.keys()) if (!before.has(name)) result.added.push(name);
    for (const name of [...result.removed, ...result.changed]) {
      this.drop(name);
      this.fire({ context: name, resource: 'connection' });
    }
    return result;
  }

  /** A client for the lifecycle, access and manifest calls of one context, logging like the tree's calls. */
  http(context: string): KubeHttp {
    let client = this.clients.get(context);
    if (!client) {
      client = new KubeHttp(this.config(context), (line) => this.options.log?.(`[${context}] ${line}`), this.options.connectTimeoutMs);
      this.clients.set(context, client);
    }
    return client;
  }

  state(context: string): ConnectionState {
    return this.sessions.get(context)?.state ?? { status: 'idle' };
  }

  /**
   * Connects the context and starts its watches; idempotent. Rejects only for a context the kubeconfig does not
   * name: connection failures end up in `state(context)`.
   */
  async connect(context: string): Promise<void> {
    await this.session(context).start();
  }

  /** Connects the context (as `connect`), resolving as soon as its tenants can be shown or connecting has failed. */
  async connectTenants(context: string): Promise<void> {
    await this.session(context).tenantsKnown();
  }

  connectAll(): Promise<void> {
    return Promise.all(this.contexts().map((c) => this.connect(c.name))).then(() => undefined);
  }

  /** Drops everything known about the context and connects again (fresh credentials included). */
  async retry(context: string): Promise<void> {
    const resolved = this.resolved.get(context);
    if (resolved) this.credentials.invalidate(resolved);
    this.drop(context);
    this.fire({ context, resource: 'connection' });
    await this.connect(context);
  }

  /** Starts the per-namespace caches of these namespaces (a tenant being expanded) where the cluster is not cached whole. */
  watchNamespaces(context: string, namespaces: readonly string[]): void {
    this.sessions.get(context)?.open(namespaces);
  }

  /** Connects the context and starts its guardrail audit's caches (a Guardrails node expanded, the overview opened). */
  async startGuardrails(context: string): Promise<void> {
    await this.connect(context);
    this.sessions.get(context)?.startGuardrails();
  }

  guardrailsStarted(context: string): boolean {
    return this.sessions.get(context)?.guardrailsStarted ?? false;
  }

  /** The tenant's guardrail audit from the caches as they are; undefined until the context's guardrails started. */
  audit(context: string, tenant: Tenant, settings: AuditSettings): TenantAudit | undefined {
    return this.sessions.get(context)?.audit(tenant, settings);
  }

  /** The tenant's audit and what it read, once everything it asks has answered (Harden Tenant…, the overview). */
  async settledAudit(context: string, tenant: Tenant, settings: AuditSettings): Promise<{ snapshot: TenantSnapshot; audit: TenantAudit } | undefined> {
    await this.connect(context);
    const session = this.sessions.get(context);
    return session?.state.status === 'connected' ? session.settledAudit(tenant, settings) : undefined;
  }

  discovery(context: string): Discovery | undefined {
    return this.sessions.get(context)?.discovery();
  }

  /** Cluster-wide instancetypes and preferences of a connected context; undefined when not connected or not served. */
  async instancetypes(context: string): Promise<Instancetypes | undefined> {
    const session = this.sessions.get(context);
    return session?.state.status === 'connected' ? clusterInstancetypes(session.connection.client) : undefined;
  }

  /** Visible namespaces, system ones included. */
  namespaces(context: string): string[] {
    return this.sessions.get(context)?.namespaces() ?? [];
  }

  tenants(context: string, options: { showSystem: boolean } = { showSystem: false }): Tenant[] {
    return this.sessions.get(context)?.tenants(options.showSystem) ?? [];
  }

  vms(context: string, namespace: string): KubeObject[] {
    return this.objects(context, 'virtualmachines', namespace);
  }

  vmis(context: string, namespace: string): KubeObject[] {
    return this.objects(context, 'virtualmachineinstances', namespace);
  }

  pods(context: string, namespace: string): KubeObject[] {
    return this.objects(context, 'pods', namespace);
  }

  /** A namespace's VirtualMachineSnapshots and their cache's state, cached from the first call on. */
  snapshots(context: string, namespace: string): { objects: KubeObject[]; status: CacheStatus | undefined } {
    return this.sessions.get(context)?.snapshots(namespace) ?? { objects: [], status: undefined };
  }

  /** Whether a resource's cache is still loading, synced, forbidden…; undefined when there is none. */
  cacheState(context: string, resource: WorkloadResource | 'runtimeclasses', namespace?: string): CacheStatus | undefined {
    return this.sessions.get(context)?.cacheState(resource, namespace);
  }

  onDidChange(listener: (change: FleetChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    for (const name of [...this.configs.keys(), ...this.sessions.keys()]) this.drop(name);
    this.listeners.clear();
  }

  private objects(context: string, resource: WorkloadResource, namespace: string): KubeObject[] {
    return this.sessions.get(context)?.objects(resource, namespace) ?? [];
  }

  private session(context: string): ClusterSession {
    if (this.disposed) throw new Error(l10n.t('the fleet is disposed'));
    let session = this.sessions.get(context);
    if (session) return session;
    const config = this.config(context);
    const client = new ApiClient(config, (line) => this.options.log?.(`[${context}] ${line}`), this.options.connectTimeoutMs);
    session = new ClusterSession(client, {
      contextNamespace: config.resolved.context.namespace,
      namespaces: this.options.namespaces,
      namespaceSelector: this.options.namespaceSelector,
      cacheOptions: this.options.cacheOptions,
      pacer: this.pacer,
      onChange: (change) => {
        if (this.sessions.get(context) === session) this.fire({ context, ...change });
      },
    });
    this.sessions.set(context, session);
    return session;
  }

  private config(context: string): ContextConfig {
    if (this.disposed) throw new Error(l10n.t('the fleet is disposed'));
    let config = this.configs.get(context);
    if (!config) {
      const resolved = this.resolved.get(context);
      if (!resolved) throw new Error(l10n.t('no context named "{0}" in the kubeconfig', context));
      config = newContextConfig(resolved, { credentials: this.credentials, env: this.options.env, concurrency: this.options.concurrency });
      this.configs.set(context, config);
    }
    return config;
  }

  private load(kubeconfig: LoadedKubeconfig): void {
    this.resolved = new Map(kubeconfig.contexts.map((c) => [c.name, c]));
    this.current = kubeconfig.currentContext;
  }

  private drop(context: string): void {
    this.sessions.get(context)?.dispose();
    this.sessions.delete(context);
    this.clients.delete(context);
    this.configs.get(context)?.dispose();
    this.configs.delete(context);
    this.pacer.nudge();
  }

  /** Every listener hears every change, even when one of them throws. */
  private fire(change: FleetChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.options.onListenerError?.(error);
      }
    }
  }
}

/** What decides a context's connection: its entry, cluster and user (credentials included), and its file. */
function fingerprint(resolved: ResolvedContext): string {
  return JSON.stringify([resolved.file, resolved.context, resolved.cluster, resolved.user, resolved.problem]);
}
