// One simulated Kubernetes cluster: store, registry of served APIs, users, RBAC, garbage collector, the
// behaviour modules (workloads always, KubeVirt when `kubevirt.io` is served) and its HTTP(S) server.
import { applyCreateDefaults } from './defaults';
import { GarbageCollector } from './gc';
import { Faults } from './faults';
import { withOwnerUids } from './owners';
import { installKubeVirt } from './kubevirt/index';
import { Rbac, bootstrapPolicy } from './rbac';
import { Registry, keyOf } from './resources';
import { SimServer, type RequestRecord } from './server';
import { Store, type KubeObject } from './store';
import { createServingTls, type ServingTls } from './tls';
import type { AdmissionHook, ClusterHooks, SimUser, StreamHandler, SubresourceHandler } from './types';
import { installWorkloads } from './workloads/index';

export interface SimClusterOptions {
  name: string;
  /** Optional API groups to serve, e.g. `kubevirt.io`, `subresources.kubevirt.io`, `cdi.kubevirt.io`. */
  groups?: readonly string[];
  users?: readonly { name: string; token: string; groups?: string[] }[];
  /** Initial objects (RBAC, namespaces, workloads…); they pass admission and keep their status. */
  objects?: readonly KubeObject[];
  /** Plain HTTP instead of HTTPS. */
  http?: boolean;
  /**
   * HTTPS speaks HTTP/2 to clients that offer it (ALPN) and HTTP/1.1 to the others, as kube-apiserver does; false:
   * HTTP/1.1 only, as some proxies in front of a cluster.
   */
  http2?: Http2Serving | false;
  /** Created but not listening: its port is reserved, connections are refused until `faults.online()`. */
  offline?: boolean;
  stepDelayMs?: number;
  /** How often watches that allow bookmarks get one. */
  bookmarkIntervalMs?: number;
  /** Changes kept for watch resume (older resourceVersions get 410). */
  historyLimit?: number;
}

export interface Http2Serving {
  /** Streams one connection carries at once (SETTINGS_MAX_CONCURRENT_STREAMS); kube-apiserver's default is 100. */
  maxConcurrentStreams?: number;
}

export interface StreamPlugin {
  protocol: string;
  check: SubresourceHandler;
  handler: StreamHandler;
}

/** Every cluster has these namespaces, as a fresh kubeadm cluster does. */
const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** The PriorityClasses kube-apiserver creates at start. */
const SYSTEM_PRIORITY_CLASSES: KubeObject[] = ([
  ['system-cluster-critical', 2000000000, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'],
  ['system-node-critical', 2000001000, 'Used for system critical pods that must not be moved from their current node.'],
] as const).map(([name, value, description]) => ({
  apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, globalDefault: false, description, preemptionPolicy: 'PreemptLowerPriority',
}));

export class SimCluster implements ClusterHooks {
  readonly name: string;
  readonly store: Store;
  readonly registry: Registry;
  readonly rbac: Rbac;
  readonly faults: Faults;
  readonly stepDelayMs: number;
  readonly tls: ServingTls | undefined;
  private readonly server: SimServer;
  private readonly gc: GarbageCollector;
  private readonly users = new Map<string, SimUser>();
  private readonly admission = new Map<string, AdmissionHook[]>();
  private readonly subresources = new Map<string, Map<'GET' | 'PUT', SubresourceHandler>>();
  private readonly streams = new Map<string, StreamPlugin>();
  private readonly uninstall: (() => void)[] = [];

  private constructor(options: SimClusterOptions, tls: ServingTls | undefined) {
    this.name = options.name;
    this.stepDelayMs = options.stepDelayMs ?? 0;
    this.store = new Store(options.historyLimit);
    this.registry = new Registry(options.groups ?? []);
    this.rbac = new Rbac(this.store);
    this.tls = tls;
    this.server = new SimServer(this, this.tls, options.bookmarkIntervalMs ?? 5000, options.http2 ?? {});
    this.gc = new GarbageCollector(this.store, this.registry);
    this.faults = new Faults({
      closeWatches: (abrupt) => this.server.watches.dropAll(abrupt),
      compact: () => this.store.compact(),
      offline: () => this.server.close(),
      online: () => this.server.listen().then(() => undefined),
      goAway: () => this.server.goAway(),
    });
    for (const u of options.users ?? []) this.addUser(u.name, u.token, u.groups);
  }

  /**
   * Builds a cluster, loads its objects (before any controller runs), installs the behaviour modules, applies
   * their admission to the loaded objects, and starts listening on a random port (or reserves one if offline).
   */
  static async start(options: SimClusterOptions): Promise<SimCluster> {
    const cluster = new SimCluster(options, options.http ? undefined : await createServingTls(options.name));
    const seed = [
      ...SYSTEM_NAMESPACES.map((name): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
      ...SYSTEM_PRIORITY_CLASSES,
      ...bootstrapPolicy(),
    ];
    cluster.load([...seed, ...(options.objects ?? [])]);
    cluster.uninstall.push(installWorkloads(cluster));
    if (cluster.registry.has('kubevirt.io')) cluster.uninstall.push(installKubeVirt(cluster));
    cluster.readmit();
    await cluster.server.listen(0);
    if (options.offline) await cluster.server.close();
    return cluster;
  }

  get port(): number {
    return this.server.port;
  }

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** Watches (and streamed subresources) currently open. */
  get openWatches(): number {
    return this.server.watches.size;
  }

  /** What clients sent, for tests that count requests, connections and concurrency; `resetStats` starts over. */
  get stats(): { requests: readonly RequestRecord[]; connections: number; maxConcurrent: number } {
    return { requests: this.server.requests, connections: this.server.connections, maxConcurrent: this.server.maxConcurrent };
  }

  resetStats(): void {
    this.server.requests.length = 0;
    this.server.connections = 0;
    this.server.maxConcurrent = 0;
  }

  async stop(): Promise<void> {
    for (const dispose of this.uninstall.splice(0)) dispose();
    this.gc.stop();
    await this.server.close();
  }

  addUser(name: string, token: string, groups: string[] = []): void {
    this.users.set(token, { name, groups: [...new Set([...groups, 'system:authenticated'])] });
  }

  /** The user of a bearer token; undefined for unknown or expired tokens (401). */
  authenticate(token: string): SimUser | undefined {
    return this.faults.isExpired(token) ? undefined : this.users.get(token);
  }

  /** Stores objects as given (status kept, existing ones replaced); admission runs later in `readmit`. */
  load(objects: readonly KubeObject[]): void {
    for (const input of objects) {
      const def = this.registry.byKind(input.apiVersion ?? '', input.kind ?? '');
      if (!def) throw new Error(`cluster ${this.name}: no API serves ${input.apiVersion} ${input.kind} (${input.metadata?.name})`);
      const owned = withOwnerUids(input, (owner, namespace) => {
        const ownerDef = this.registry.byKind(owner.apiVersion, owner.kind);
        return ownerDef && this.store.get(keyOf(ownerDef), ownerDef.namespaced ? namespace : undefined, owner.name)?.metadata.uid;
      });
      const object = structuredClone(owned);
      if (!def.namespaced) delete object.metadata.namespace;
      else object.metadata.namespace ??= 'default';
      applyCreateDefaults(def, object);
      const key = keyOf(def);
      const existing = this.store.get(key, object.metadata.namespace, object.metadata.name ?? '');
      if (existing) {
        delete object.metadata.resourceVersion;
        this.store.update(key, object);
      } else {
        delete object.metadata.resourceVersion;
        delete object.metadata.uid;
        this.store.create(key, object);
      }
    }
  }

  /** Runs the (now installed) admission hooks over every loaded object, storing what they change. */
  private readmit(): void {
    for (const [key, hooks] of this.admission) {
      for (const object of this.store.scan(key)) {
        const admitted = structuredClone(object);
        for (const hook of hooks) hook(admitted, undefined);
        if (JSON.stringify(admitted) !== JSON.stringify(object)) this.store.update(key, admitted);
      }
    }
  }

  /** Applies the admission hooks of `resourceKey` (throws their ApiError to reject). */
  admit(resourceKey: string, object: KubeObject, old: KubeObject | undefined): void {
    for (const hook of this.admission.get(resourceKey) ?? []) hook(object, old);
  }

  /** Starts deleting a namespace: Terminating now, removed by the namespace controller once empty. */
  deleteNamespace(name: string): KubeObject {
    return this.store.markForDeletion('namespaces', undefined, name, (ns) => {
      ns.status = { ...(ns.status as object | undefined), phase: 'Terminating' };
    });
  }

  addSubresource(group: string, resource: string, subresource: string, method: 'GET' | 'PUT', handler: SubresourceHandler): void {
    const key = `${group}/${resource}/${subresource}`;
    if (!this.subresources.has(key)) this.subresources.set(key, new Map());
    this.subresources.get(key)!.set(method, handler);
  }

  addStream(group: string, resource: string, subresource: string, protocol: string, check: SubresourceHandler, handler: StreamHandler): void {
    this.streams.set(`${group}/${resource}/${subresource}`, { protocol, check, handler });
  }

  addAdmission(resourceKey: string, hook: AdmissionHook): void {
    if (!this.admission.has(resourceKey)) this.admission.set(resourceKey, []);
    this.admission.get(resourceKey)!.push(hook);
  }

  subresourcePlugin(group: string, resource: string, subresource: string): Map<'GET' | 'PUT', SubresourceHandler> | undefined {
    return this.subresources.get(`${group}/${resource}/${subresource}`);
  }

  streamPlugin(group: string, resource: string, subresource: string): StreamPlugin | undefined {
    return this.streams.get(`${group}/${resource}/${subresource}`);
  }
}
