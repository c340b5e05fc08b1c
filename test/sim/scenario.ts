// Scenarios: several clusters with their users and initial objects, started together with one kubeconfig.
import { SimCluster, type Http2Serving } from './cluster';
import { kubeconfigYaml, type KubeconfigEntry } from './kubeconfig';
import type { KubeObject } from './store';

export interface ScenarioUser {
  name: string;
  token: string;
  groups?: string[];
}

export interface ScenarioCluster {
  name: string;
  /** The context points at a reserved port where nothing listens (until `cluster.faults.online()`). */
  offline?: boolean;
  /** Optional API groups installed, e.g. 'kubevirt.io', 'subresources.kubevirt.io', 'cdi.kubevirt.io', 'instancetype.kubevirt.io', 'capsule.clastix.io'. */
  groups?: string[];
  users: ScenarioUser[];
  /** The user of this cluster's kubeconfig context. */
  contextUser: string;
  contextNamespace?: string;
  /** Every initial object, including RBAC, namespaces and VMs. */
  objects: KubeObject[];
}

export interface Scenario {
  name: string;
  clusters: ScenarioCluster[];
}

export interface StartOptions {
  http?: boolean;
  /** How each cluster speaks HTTP/2 (see SimClusterOptions). */
  http2?: Http2Serving | false;
  stepDelayMs?: number;
  bookmarkIntervalMs?: number;
}

export interface RunningScenario {
  clusters: SimCluster[];
  /** One context per cluster, in scenario order; the first is current. */
  kubeconfig(): string;
  stop(): Promise<void>;
}

export async function startScenario(scenario: Scenario, options: StartOptions = {}): Promise<RunningScenario> {
  const clusters: SimCluster[] = [];
  try {
    for (const c of scenario.clusters) {
      if (!c.users.some((u) => u.name === c.contextUser)) throw new Error(`scenario ${scenario.name}: cluster ${c.name} has no user ${c.contextUser}`);
      clusters.push(await SimCluster.start({
        name: c.name, groups: c.groups, users: c.users, objects: c.objects, offline: c.offline,
        http: options.http, http2: options.http2, stepDelayMs: options.stepDelayMs, bookmarkIntervalMs: options.bookmarkIntervalMs,
      }));
    }
  } catch (e) {
    await Promise.all(clusters.map((c) => c.stop()));
    throw e;
  }
  const entries = (): KubeconfigEntry[] => scenario.clusters.map((c, i) => {
    const user = c.users.find((u) => u.name === c.contextUser)!;
    return { name: c.name, server: clusters[i].url, caPem: clusters[i].tls?.caPem, user: user.name, token: user.token, namespace: c.contextNamespace };
  });
  return {
    clusters,
    kubeconfig: () => kubeconfigYaml(entries()),
    stop: async () => {
      await Promise.all(clusters.map((c) => c.stop()));
    },
  };
}
