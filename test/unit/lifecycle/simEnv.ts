// A small fleet for the lifecycle tests, on the simulator or on real control planes (test/backends/fleet.ts):
// cluster `lab` (KubeVirt with its subresource API, two nodes, an admin, a developer without migrate and a viewer)
// and cluster `legacy` (kubevirt.io only, no virt-api).
import { KubeConfig } from '@kubernetes/client-node';
import { KubeHttp } from '../../../src/cluster/kubeHttp';
import type { ClusterApi } from '../../backends/clusterApi';
import { startTestFleet, type TestCluster, type TestFleet } from '../../backends/fleet';
import type { Scenario } from '../../sim/scenario';
import type { KubeObject } from '../../sim/store';

export const NS = 'team-a';
export const TOKENS = { admin: 'lab-admin-secret-token', dev: 'lab-dev-secret-token', viewer: 'lab-viewer-secret-token', legacy: 'legacy-admin-secret-token' };

export function node(name: string, index: number): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubevirt.io/schedulable': 'true' } },
    spec: { podCIDR: `10.244.${index}.0/24` },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** The simulator tests' VM: Halted, one containerDisk, in team-a (NS). */
export { vm } from '../sim/kubevirt-fake-hooks';

/** A client for `context` as its kubeconfig user, or with `token` in place of that user's credentials. */
export function clientAs(config: KubeConfig, context: string, token?: string, log?: (line: string) => void, timeoutMs?: number): KubeHttp {
  if (!token) return KubeHttp.forContext(config, context, log, timeoutMs);
  const userName = config.getContextObject(context)?.user;
  const other = new KubeConfig();
  other.loadFromOptions({
    clusters: config.getClusters(),
    users: config.getUsers().map((u) => (u.name === userName ? { ...u, token } : u)),
    contexts: config.getContexts(),
    currentContext: context,
  });
  return KubeHttp.forContext(other, context, log, timeoutMs);
}

const role = (name: string, rules: unknown[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: NS }, rules });
const binding = (user: string, roleName: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: `${user}-${roleName}`, namespace: NS },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
});

/** Like kubevirt.io:edit (no migrate) and kubevirt.io:view. */
const RBAC: KubeObject[] = [
  role('vm-developer', [
    { apiGroups: ['kubevirt.io'], resources: ['virtualmachines', 'virtualmachineinstances'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    { apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstancemigrations'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['subresources.kubevirt.io'], resources: ['virtualmachines/start', 'virtualmachines/stop', 'virtualmachines/restart'], verbs: ['update'] },
    { apiGroups: ['subresources.kubevirt.io'], resources: ['virtualmachineinstances/pause', 'virtualmachineinstances/unpause', 'virtualmachineinstances/softreboot'], verbs: ['update'] },
    { apiGroups: ['subresources.kubevirt.io'], resources: ['virtualmachineinstances/console', 'virtualmachineinstances/vnc', 'virtualmachines/portforward'], verbs: ['get'] },
    { apiGroups: [''], resources: ['pods', 'pods/log', 'events'], verbs: ['get', 'list', 'watch'] },
  ]),
  role('vm-viewer', [
    { apiGroups: ['kubevirt.io'], resources: ['virtualmachines', 'virtualmachineinstances', 'virtualmachineinstancemigrations'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] },
  ]),
  binding('dev', 'vm-developer'),
  binding('viewer', 'vm-viewer'),
];

export function labScenario(vms: KubeObject[], legacyVms: KubeObject[] = []): Scenario {
  const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } };
  return {
    name: 'lifecycle',
    clusters: [
      {
        name: 'lab',
        groups: ['kubevirt.io', 'subresources.kubevirt.io'],
        users: [
          { name: 'admin', token: TOKENS.admin, groups: ['system:masters'] },
          { name: 'dev', token: TOKENS.dev },
          { name: 'viewer', token: TOKENS.viewer },
        ],
        contextUser: 'admin',
        contextNamespace: NS,
        objects: [node('node-1', 1), node('node-2', 2), namespace, ...RBAC, ...vms],
      },
      {
        name: 'legacy',
        groups: ['kubevirt.io'],
        users: [{ name: 'admin', token: TOKENS.legacy, groups: ['system:masters'] }],
        contextUser: 'admin',
        contextNamespace: NS,
        objects: [node('node-1', 1), node('node-2', 2), namespace, ...legacyVms],
      },
    ],
  };
}

export interface Lab {
  fleet: TestFleet;
  config: KubeConfig;
  lines: string[];
  /** A client for a context; `token` switches the user (same cluster and CA). */
  client(context: 'lab' | 'legacy', token?: string): KubeHttp;
  cluster(context: 'lab' | 'legacy'): TestCluster;
  /** A cluster admin through the API, to read and change what the tests act on. */
  api(context: 'lab' | 'legacy'): ClusterApi;
  stop(): Promise<void>;
}

export async function startLab(scenario: Scenario): Promise<Lab> {
  const fleet = await startTestFleet(scenario);
  const config = new KubeConfig();
  config.loadFromString(fleet.kubeconfig());
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  return {
    fleet,
    config,
    lines,
    client: (context, token) => clientAs(config, context, token, log, 10_000),
    cluster: (context) => fleet.cluster(context),
    api: (context) => fleet.cluster(context).api!,
    stop: () => fleet.stop(),
  };
}

/** Re-evaluates `probe` until it returns a value (not undefined), or fails after `limitMs` saying what was awaited. */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, limitMs = 10_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${limitMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
