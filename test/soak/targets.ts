// What the soak runs against, behind one interface: the in-process simulator (its own fault injection) or a real
// control plane behind the fault-injecting proxy. Either way the soak's writes and its "fresh lists" go to the
// cluster directly (the simulator's store, kube-apiserver itself), never through the faults, so they are the truth
// the extension's caches are compared with.
import { randomBytes } from 'node:crypto';
import { startTestFleet, type TestFleet } from '../backends/fleet';
import type { ClusterApi } from '../backends/clusterApi';
import type { Scenario } from '../sim/scenario';
import type { KubeObject } from '../sim/store';
import { namespace, pod, roleBinding, virtualMachine, WORKLOAD_READER } from '../unit/cluster/simSupport';
import { FaultProxy, type ErrorCode } from './faultProxy';

export type BackendName = 'sim' | 'real';

/** Store keys (as the simulator and ClusterApi name resources). */
export const KEYS = { pods: 'pods', virtualmachines: 'virtualmachines.kubevirt.io', virtualmachineinstances: 'virtualmachineinstances.kubevirt.io' } as const;
export const ROLE_BINDINGS = 'rolebindings.rbac.authorization.k8s.io';

export interface SoakTarget {
  backend: BackendName;
  /** Where the extension connects (the simulator, or the proxy) and the CA it trusts there. */
  server: string;
  caPem: string;
  namespaces: string[];
  devToken: string;
  /** The developer's RoleBinding in a namespace (removed to make the namespace forbidden). */
  devBinding(namespace: string): KubeObject;
  list(key: string): Promise<KubeObject[]>;
  create(key: string, object: KubeObject): Promise<void>;
  label(key: string, namespace: string, name: string, labels: Record<string, string>): Promise<void>;
  remove(key: string, namespace: string, name: string): Promise<void>;
  faults: FaultInjector;
  stop(): Promise<void>;
}

export interface FaultInjector {
  /** Returns how many watches were open. */
  dropWatches(abrupt: boolean): number;
  expireNextWatches(count: number): void;
  errors(code: ErrorCode, rate: number, retryAfterSeconds: number): void;
  latency(ms: number): void;
  /** No injected errors, latency or pending 410s any more. */
  healthy(): void;
  offline(): Promise<void>;
  online(): Promise<void>;
  /** The admin's bearer token `token` is accepted from now on (until expired). */
  acceptToken(token: string): void;
  expireToken(token: string): void;
  /** Requests that reached the server (or the proxy), if counted. */
  requests(): number;
  /** How many of them came over HTTP/2. */
  http2Requests(): number;
}

export const ADMIN_NAME = 'soak-admin';
const DEV_NAME = 'soak-dev';

function scenario(namespaces: string[], adminToken: string, devToken: string): Scenario {
  const objects: KubeObject[] = [WORKLOAD_READER];
  for (const ns of namespaces) {
    objects.push(namespace(ns), roleBinding(ns, DEV_NAME, 'workload-reader'), pod(ns, 'seed-pod'), virtualMachine(ns, 'seed-vm'));
  }
  return {
    name: 'soak',
    clusters: [{
      name: 'soak', groups: ['kubevirt.io', 'subresources.kubevirt.io'], contextUser: ADMIN_NAME, objects,
      users: [{ name: ADMIN_NAME, token: adminToken, groups: ['system:masters'] }, { name: DEV_NAME, token: devToken }],
    }],
  };
}

export async function startTarget(backend: BackendName, namespaceCount: number, http2?: false): Promise<SoakTarget> {
  const namespaces = Array.from({ length: namespaceCount }, (_, i) => `soak-${i}`);
  const adminToken = randomBytes(12).toString('hex');
  const devToken = randomBytes(12).toString('hex');
  const fleet = await startTestFleet(scenario(namespaces, adminToken, devToken), { backend, http2 });
  const cluster = fleet.cluster('soak');
  const common = { backend, namespaces, devToken, devBinding: (ns: string) => roleBinding(ns, DEV_NAME, 'workload-reader') };
  if (backend === 'sim') {
    const sim = cluster.sim!;
    const { store, faults } = sim;
    return {
      ...common, server: sim.url, caPem: sim.tls?.caPem ?? '',
      list: async (key) => store.list(key),
      create: async (key, object) => void store.create(key, object),
      label: async (key, ns, name, labels) => {
        const current = store.get(key, ns, name);
        if (current) store.update(key, { ...current, metadata: { ...current.metadata, resourceVersion: undefined, labels: { ...current.metadata.labels, ...labels } } });
      },
      remove: async (key, ns, name) => void store.delete(key, ns, name),
      faults: {
        dropWatches: (abrupt) => faults.dropWatches(abrupt),
        expireNextWatches: (count) => faults.expireNextWatch(count),
        errors: (code, rate, retryAfterSeconds) => faults.set({ errorCode: code, errorRate: rate, retryAfterSeconds }),
        latency: (latencyMs) => faults.set({ latencyMs }),
        healthy: () => {
          faults.set({ errorRate: 0, latencyMs: 0 });
          while (faults.takeWatchExpiry());
        },
        offline: () => faults.offline(),
        online: () => faults.online(),
        acceptToken: (token) => sim.addUser(ADMIN_NAME, token, ['system:masters']),
        expireToken: (token) => faults.expireToken(token),
        requests: () => sim.stats.requests.length,
        http2Requests: () => sim.stats.requests.filter((r) => r.http2).length,
      },
      stop: () => fleet.stop(),
    };
  }
  return realTarget(fleet, common, adminToken);
}

async function realTarget(fleet: TestFleet, common: Pick<SoakTarget, 'backend' | 'namespaces' | 'devToken' | 'devBinding'>, adminToken: string): Promise<SoakTarget> {
  const cluster = fleet.cluster('soak');
  const api: ClusterApi = cluster.api!;
  const proxy = await FaultProxy.start(cluster.url, cluster.caPem ?? '');
  const tolerate = (...codes: number[]) => (error: unknown) => {
    // A write racing a controller (409) or an object already gone (404) is not the soak's concern.
    if (!codes.some((code) => String(error).includes(` ${code}`))) throw error;
  };
  return {
    ...common, server: proxy.url, caPem: proxy.caPem,
    list: (key) => api.list(key),
    create: (key, object) => api.create(key, object).then(() => undefined),
    label: (key, ns, name, labels) => api.patch(key, ns, name, { metadata: { labels } }).then(() => undefined, tolerate(404, 409)),
    remove: (key, ns, name) => api.delete(key, ns, name).then(() => undefined),
    faults: {
      dropWatches: (abrupt) => proxy.dropWatches(abrupt),
      expireNextWatches: (count) => proxy.expireNextWatches(count),
      errors: (code, rate, retryAfterSeconds) => proxy.errors(code, rate, retryAfterSeconds),
      latency: (ms) => proxy.latency(ms),
      healthy: () => proxy.healthy(),
      offline: () => proxy.offline(),
      online: () => proxy.online(),
      acceptToken: (token) => proxy.acceptToken(token, adminToken),
      expireToken: (token) => proxy.expireToken(token),
      requests: () => proxy.requests,
      http2Requests: () => proxy.http2Requests,
    },
    stop: async () => {
      await proxy.stop();
      await fleet.stop();
    },
  };
}
