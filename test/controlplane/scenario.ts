// Scenarios on real control planes (`npm run sim -- --backend real`): one control plane per scenario cluster,
// started together, serving the cluster's optional API groups as CRDs, with the scenario's users as static tokens
// (and client certificates), its objects loaded through the API, and one kubeconfig like the simulator's. An
// `offline` cluster gets a reserved port where nothing listens.
//
// Once loaded, each cluster runs the project's KubeVirt simulation (kubevirt/simulation.ts): the scheduler and
// kubelet for its pods, and where it serves `kubevirt.io` virt-controller, CDI, virt-api (aggregated
// `subresources.kubevirt.io` where the scenario lists it) and virt-api's validating webhooks.
import { ensureControlPlane, type ControlPlaneBinaries } from './binaries';
import { KubeVirtSimulation } from './kubevirt/simulation';
import { ControlPlane, freePort } from './launcher';
import { ScenarioLoader, type LoadReport } from './loader';
import { CertificateAuthority } from './pki';
import { kubeconfigYaml, type KubeconfigEntry } from '../sim/kubeconfig';
import { Registry } from '../sim/resources';
import type { Scenario, ScenarioCluster } from '../sim/scenario';

export interface RealCluster {
  name: string;
  url: string;
  /** False for an offline cluster: its port is reserved but nothing listens. */
  listening: boolean;
  /** The optional API groups the scenario asked for. */
  groups: readonly string[];
  /** Undefined when offline. */
  controlPlane?: ControlPlane;
  /** How loading the scenario's objects went; undefined when offline. */
  load?: LoadReport;
  /** The KubeVirt simulation (scheduler and kubelet too); undefined when offline or not asked for. */
  simulation?: KubeVirtSimulation;
  caPem: string;
}

export interface RealScenario {
  clusters: RealCluster[];
  binaries: ControlPlaneBinaries;
  /** One context per cluster, in scenario order; the first is current. */
  kubeconfig(): string;
  stop(): Promise<void>;
}

export interface RealStartOptions {
  /** Default: ensureControlPlane() (builds them on first use). */
  binaries?: ControlPlaneBinaries;
  /** Requests in flight per cluster while loading (default 16). */
  concurrency?: number;
  /** Parent folder of the control planes' data and logs (default: the OS temp folder). */
  parentDir?: string;
  keep?: boolean;
  /** Throw when the API refuses an object (default true); otherwise the refusals are in each cluster's `load`. */
  strict?: boolean;
  /** Run the KubeVirt simulation (and the scheduler/kubelet) on each cluster (default true). */
  simulation?: boolean;
  /** Delay between the simulation's controller steps (default 0). */
  stepDelayMs?: number;
}

async function startCluster(c: ScenarioCluster, binaries: ControlPlaneBinaries, options: RealStartOptions): Promise<RealCluster> {
  const groups = c.groups ?? [];
  if (c.offline) {
    const ca = await CertificateAuthority.create(`kubernetes-ca-${c.name}`);
    return { name: c.name, url: `https://127.0.0.1:${await freePort()}`, listening: false, groups, caPem: ca.certPem };
  }
  const plane = await ControlPlane.start({ name: c.name, binaries, users: c.users, groups, parentDir: options.parentDir, keep: options.keep });
  const cluster: RealCluster = { name: c.name, url: plane.url, listening: true, groups, controlPlane: plane, caPem: plane.caPem };
  try {
    const admin = plane.client(undefined, { maxSockets: options.concurrency ?? 16 });
    cluster.load = await new ScenarioLoader(admin, new Registry(groups), options.concurrency ?? 16).load(c.objects);
    admin.close();
  } catch (e) {
    await plane.stop();
    throw e;
  }
  return cluster;
}

export async function startRealScenario(scenario: Scenario, options: RealStartOptions = {}): Promise<RealScenario> {
  const binaries = options.binaries ?? await ensureControlPlane();
  for (const c of scenario.clusters) {
    if (!c.users.some((u) => u.name === c.contextUser)) throw new Error(`scenario ${scenario.name}: cluster ${c.name} has no user ${c.contextUser}`);
  }
  const loaded = await Promise.allSettled(scenario.clusters.map((c) => startCluster(c, binaries, options)));
  const clusters = loaded.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  // The simulations start once every cluster has loaded: one mirroring its cluster would slow the loads still running.
  const simulated = loaded.some((s) => s.status === 'rejected') || options.simulation === false ? [] : await Promise.allSettled(clusters.map(async (c) => {
    if (c.controlPlane) c.simulation = await KubeVirtSimulation.start(c.controlPlane, { groups: c.groups, stepDelayMs: options.stepDelayMs });
  }));
  const started = [...loaded, ...simulated];
  const stop = async () => {
    await Promise.all(clusters.map(async (c) => {
      await c.simulation?.stop();
      await c.controlPlane?.stop();
    }));
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const refused = clusters.flatMap((c) => (c.load?.refused ?? []).map((r) => `  ${c.name}: ${r.object}: ${r.status} ${r.message}`));
  if (refused.length && options.strict !== false) {
    await stop();
    throw new Error(`scenario ${scenario.name}: the API refused ${refused.length} object(s):\n${refused.join('\n')}`);
  }
  const entries = (): KubeconfigEntry[] => scenario.clusters.map((c, i) => {
    const user = c.users.find((u) => u.name === c.contextUser)!;
    return { name: c.name, server: clusters[i].url, caPem: clusters[i].caPem, user: user.name, token: user.token, namespace: c.contextNamespace };
  });
  return { clusters, binaries, kubeconfig: () => kubeconfigYaml(entries()), stop };
}
