// The façade the tree uses: every kubeconfig context, connected lazily and independently, with its tenants and
// workloads kept live. Change notifications name the context, namespace and resource that changed; the view
// debounces them.
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../model/kubeObject';
import type { Tenant } from '../model/tenants';
import { ApiClient, hostOf } from './apiClient';
import type { ConnectionState } from './connection';
import type { Discovery } from './discovery';
import { clusterInstancetypes, type Instancetypes } from './instancetypes';
import type { LoadedKubeconfig } from './kubeconfig';
import type { CacheStatus, ListWatchOptions } from './listWatch';
import { KubeHttp } from './kubeHttp';
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
  /** Retry timing of the watches (tests shorten it). */
  cacheOptions?: Pick<ListWatchOptions, 'backoff' | 'healthyAfterMs'>;
}

export interface ContextInfo {
  name: string;
  cluster: string;
  server: string;
  /** `host:port` of the server URL. */
  host: string;
  user: string;
  namespace?: string;
}

export class Fleet {
  private readonly sessions = new Map<string, ClusterSession>();
  private readonly clients = new Map<string, KubeHttp>();
  private readonly listeners = new Set<(change: FleetChange) => void>();
  private disposed = false;

  constructor(
    private readonly kubeconfig: LoadedKubeconfig,
    private readonly options: FleetOptions = {},
  ) {}

  contexts(): ContextInfo[] {
    const config = this.kubeconfig.config;
    return config.getContexts().map((c) => {
      const server = config.getCluster(c.cluster)?.server ?? '';
      const info: ContextInfo = { name: c.name, cluster: c.cluster, server, host: hostOf(server), user: c.user };
      if (c.namespace) info.namespace = c.namespace;
      return info;
    });
  }

  /** The kubeconfig's current-context, if it names one of `contexts()`. */
  currentContext(): string | undefined {
    const current = this.kubeconfig.config.getCurrentContext();
    return this.kubeconfig.config.getContextObject(current) ? current : undefined;
  }

  /** The kubeconfig files the contexts come from (for tools like virtctl that read them themselves). */
  kubeconfigFiles(): string[] {
    return this.kubeconfig.files;
  }

  /** A client for the lifecycle, access and manifest calls of one context, logging like the tree's calls. */
  http(context: string): KubeHttp {
    let client = this.clients.get(context);
    if (!client) {
      if (!this.kubeconfig.config.getContextObject(context)) throw new Error(`no context named "${context}" in the kubeconfig`);
      client = KubeHttp.forContext(this.kubeconfig.config, context, (line) => this.options.log?.(`[${context}] ${line}`), this.options.connectTimeoutMs);
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

  connectAll(): Promise<void> {
    return Promise.all(this.contexts().map((c) => this.connect(c.name))).then(() => undefined);
  }

  /** Drops everything known about the context and connects again (fresh credentials included). */
  async retry(context: string): Promise<void> {
    this.sessions.get(context)?.dispose();
    this.sessions.delete(context);
    this.clients.delete(context);
    this.fire({ context, resource: 'connection' });
    await this.connect(context);
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
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.listeners.clear();
  }

  private objects(context: string, resource: WorkloadResource, namespace: string): KubeObject[] {
    return this.sessions.get(context)?.objects(resource, namespace) ?? [];
  }

  private session(context: string): ClusterSession {
    if (this.disposed) throw new Error('the fleet is disposed');
    let session = this.sessions.get(context);
    if (session) return session;
    const base = this.kubeconfig.config;
    const entry = base.getContextObject(context);
    if (!entry) throw new Error(`no context named "${context}" in the kubeconfig`);
    const config = new KubeConfig();
    config.loadFromOptions({ clusters: base.getClusters(), users: base.getUsers(), contexts: base.getContexts(), currentContext: context });
    const client = new ApiClient(config, (line) => this.options.log?.(`[${context}] ${line}`), this.options.connectTimeoutMs);
    session = new ClusterSession(client, {
      contextNamespace: entry.namespace,
      namespaces: this.options.namespaces,
      namespaceSelector: this.options.namespaceSelector,
      cacheOptions: this.options.cacheOptions,
      onChange: (change) => {
        if (this.sessions.get(context) === session) this.fire({ context, ...change });
      },
    });
    this.sessions.set(context, session);
    return session;
  }

  private fire(change: FleetChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
