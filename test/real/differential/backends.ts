// The differential suite's two servers: the in-process simulator and a real kube-apiserver, started with the same
// users (an admin, a developer with a Role in one namespace) and the same API groups, so that one request sequence
// can run against each and the two transcripts be compared. Generated fields (uid, resourceVersion, timestamps,
// continue tokens) are left out of what is compared.
import { KubeVirtSimulation } from '../../controlplane/kubevirt/simulation';
import type { ControlPlane } from '../../controlplane/launcher';
import { RestClient, expectStatus, type RestResponse } from '../../controlplane/rest';
import { SimCluster } from '../../sim/cluster';
import { START_TIMEOUT_MS, startControlPlane } from '../support';

export const GROUPS = ['kubevirt.io', 'instancetype.kubevirt.io', 'pool.kubevirt.io'];
export const USERS = [
  { name: 'admin', token: 'diff-admin-token', groups: ['system:masters'] },
  { name: 'dev', token: 'diff-dev-token', groups: ['developers'] },
];
/** The developer may read and write configmaps and read instancetypes in this namespace only. */
export const DEV_NAMESPACE = 'diff-dev';

export interface Backend {
  name: 'sim' | 'real';
  admin: RestClient;
  dev: RestClient;
  /** Forgets watch history older than now (etcd compaction; the simulator's store compaction). */
  compact(): Promise<void>;
}

export interface Backends {
  sim: Backend;
  real: Backend;
  plane: ControlPlane;
  simCluster: SimCluster;
  /** The KubeVirt simulation on the real side, when asked for. */
  simulation?: KubeVirtSimulation;
  stop(): Promise<void>;
}

/** With KubeVirt: virt-api's group too, and two schedulable nodes on both sides. */
export const KUBEVIRT_GROUPS = [...GROUPS, 'subresources.kubevirt.io'];
const NODES = [1, 2].map((i) => ({
  apiVersion: 'v1', kind: 'Node',
  metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, 'kubevirt.io/schedulable': 'true' } },
  spec: { podCIDR: `10.244.${i}.0/24` },
  status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }], addresses: [{ type: 'InternalIP', address: `192.168.10.${10 + i}` }] },
}));

const DEV_RBAC = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'config-editor', namespace: DEV_NAMESPACE },
    rules: [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: ['instancetype.kubevirt.io'], resources: ['virtualmachineinstancetypes'], verbs: ['get', 'list'] },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'dev-config-editor', namespace: DEV_NAMESPACE },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'config-editor' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dev' }],
  },
];

/**
 * `kubevirt`: the project's KubeVirt simulation runs on the real side (virt-controller, the kubelet, virt-api
 * through the aggregator, its webhooks), as the simulator runs it in process, with two nodes on both.
 */
export async function startBackends(name: string, options: { kubevirt?: boolean } = {}): Promise<Backends> {
  const groups = options.kubevirt ? KUBEVIRT_GROUPS : GROUPS;
  const [plane, simCluster] = await Promise.all([
    // Secrets without the watch cache: the suite's "too old" watches go to etcd, as on a cache miss (list-watch.test.ts).
    startControlPlane({ name, users: USERS, groups, watchCacheDisabled: ['secrets'] }),
    SimCluster.start({ name, users: USERS, groups, objects: options.kubevirt ? NODES : [] }),
  ]);
  const client = (url: string, caPem: string, token: string) => new RestClient(url, caPem, { token }, { userAgent: 'kubevirt-workbench-differential' });
  const sim: Backend = {
    name: 'sim',
    admin: client(simCluster.url, simCluster.tls!.caPem, USERS[0].token),
    dev: client(simCluster.url, simCluster.tls!.caPem, USERS[1].token),
    compact: async () => simCluster.store.compact(),
  };
  const real: Backend = {
    name: 'real',
    admin: client(plane.url, plane.caPem, USERS[0].token),
    dev: client(plane.url, plane.caPem, USERS[1].token),
    compact: async () => {
      await plane.compact();
    },
  };
  let simulation: KubeVirtSimulation | undefined;
  if (options.kubevirt) {
    for (const node of NODES) {
      expectStatus(await real.admin.post('/api/v1/nodes', node), `real: node ${node.metadata.name}`, 201);
      expectStatus(await real.admin.patch(`/api/v1/nodes/${node.metadata.name}/status`, { status: node.status }, 'application/merge-patch+json'), `real: node status ${node.metadata.name}`, 200);
    }
    simulation = await KubeVirtSimulation.start(plane, { groups });
  }
  for (const b of [sim, real]) {
    expectStatus(await b.admin.post('/api/v1/namespaces', { metadata: { name: DEV_NAMESPACE } }), `${b.name}: namespace`, 201);
    for (const object of DEV_RBAC) {
      const kind = object.kind === 'Role' ? 'roles' : 'rolebindings';
      expectStatus(await b.admin.post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${DEV_NAMESPACE}/${kind}`, object), `${b.name}: ${object.kind}`, 201);
    }
  }
  return {
    sim, real, plane, simCluster, simulation,
    stop: async () => {
      for (const b of [sim, real]) {
        b.admin.close();
        b.dev.close();
      }
      await simulation?.stop();
      await Promise.all([plane.stop(), simCluster.stop()]);
    },
  };
}

/** Starts the two servers before a suite and stops them after it; call inside `describe`, read the result in tests. */
export function useBackends(name: string, options: { kubevirt?: boolean } = {}): () => Backends {
  let backends: Backends | undefined;
  before(async function () {
    this.timeout(START_TIMEOUT_MS);
    backends = await startBackends(name, options);
  });
  after(async () => {
    await backends?.stop();
  });
  return () => {
    if (!backends) throw new Error(`the ${name} servers did not start`);
    return backends;
  };
}

/** Runs the same sequence on both backends, one after the other. */
export async function onBoth<T>(backends: Backends, sequence: (b: Backend) => Promise<T>): Promise<{ sim: T; real: T }> {
  const sim = await sequence(backends.sim);
  const real = await sequence(backends.real);
  return { sim, real };
}

/** What a response says, without generated fields: code, and the Status reason and message of a failure. */
export interface Outcome {
  code: number;
  reason?: string;
  message?: string;
  /** The Status `details`, when there is one. */
  details?: unknown;
}

export function outcome(r: RestResponse): Outcome {
  if (r.status < 300) return { code: r.status };
  let body: { kind?: string; reason?: string; message?: string; details?: Record<string, unknown> };
  try {
    body = r.json();
  } catch {
    return { code: r.status, message: r.text.trim() };
  }
  const details = body.details ? { ...body.details } : undefined;
  if (details) delete details.uid;
  return { code: r.status, reason: body.reason, message: body.message, ...(details ? { details } : {}) };
}

type Json = Record<string, unknown>;

/** An object without what each server generates (uid, resourceVersion, creationTimestamp, generation, managedFields times). */
export function stable(object: unknown): Json {
  const copy = structuredClone(object) as Json & { metadata?: Json; details?: Json };
  if (copy.kind === 'Status' && copy.details) delete copy.details.uid;
  if (copy.metadata) {
    for (const key of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'selfLink']) delete copy.metadata[key];
    const managed = copy.metadata.managedFields as Json[] | undefined;
    // Entries are ordered by time (to the second) first: drop it and order by what remains.
    if (managed) copy.metadata.managedFields = managed.map(({ time: _time, ...rest }) => rest).sort((a, b) => (canonical(a) < canonical(b) ? -1 : 1));
  }
  return copy;
}

/** Unique names per test, so tests share the two servers without seeing each other's objects. */
let counter = 0;
export const uniqueName = (prefix: string) => `${prefix}-${++counter}`;

/** Creates a namespace on both backends. */
export async function namespaceOnBoth(backends: Backends, prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  for (const b of [backends.sim, backends.real]) expectStatus(await b.admin.post('/api/v1/namespaces', { metadata: { name } }), `${b.name}: namespace ${name}`, 201);
  return name;
}

/** JSON with object keys sorted: key order carries no meaning in the API. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

/** Compares two transcripts step by step and fails with every differing step, side by side. */
export function assertSame(sim: readonly unknown[], real: readonly unknown[]): void {
  const problems: string[] = [];
  for (let i = 0; i < Math.max(sim.length, real.length); i++) {
    const a = canonical(sim[i]);
    const b = canonical(real[i]);
    if (a !== b) problems.push(`step ${i}:\n  sim:  ${a}\n  real: ${b}`);
  }
  if (problems.length) throw new Error(`the simulator differs from kube-apiserver:\n${problems.join('\n')}`);
}
