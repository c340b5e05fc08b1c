// One way to start a scenario for a test, on either backend: the in-process simulator (the default, fast, with
// fault injection and direct access to its store) or real control planes with the KubeVirt simulation on them
// (`KUBEVIRT_WORKBENCH_BACKEND=real`, as `npm test`'s real layer runs the cluster suites). A suite is written once
// against TestFleet; what only the simulator can do (faults, its request log, its store) is reached through
// `cluster.sim`, and a test that needs it says so with `simOnly`.
import { randomBytes } from 'node:crypto';
import { requireControlPlane } from '../controlplane/binaries';
import type { ControlPlane } from '../controlplane/launcher';
import { RestClient } from '../controlplane/rest';
import { startRealScenario } from '../controlplane/scenario';
import type { SimCluster } from '../sim/cluster';
import { startScenario, type Scenario } from '../sim/scenario';
import { ClusterApi } from './clusterApi';
import { startRealFleetProcess } from './realFleetProcess';

export type BackendName = 'sim' | 'real';

/** Environment variable that picks the backend of the suites written against TestFleet. */
export const BACKEND_ENV = 'KUBEVIRT_WORKBENCH_BACKEND';

export function testBackend(): BackendName {
  const value = process.env[BACKEND_ENV] ?? 'sim';
  if (value !== 'sim' && value !== 'real') throw new Error(`${BACKEND_ENV} must be sim or real, got "${value}"`);
  return value;
}

/** A bound for a suite's `before` that starts a fleet: real control planes take up to minutes on a loaded machine. */
export const FLEET_START_TIMEOUT_MS = 240_000;

export interface TestCluster {
  name: string;
  /** Where the cluster answers (or, offline, the port where nothing listens). */
  url: string;
  caPem?: string;
  /** A cluster admin through the API; undefined for an offline cluster. */
  api?: ClusterApi;
  /** The in-process cluster (store, faults, request log): only on the simulator. */
  sim?: SimCluster;
  /** The control plane: only on the real backend. */
  controlPlane?: ControlPlane;
}

export interface TestFleet {
  backend: BackendName;
  clusters: TestCluster[];
  /** A cluster by name; fails when there is none. */
  cluster(name: string): TestCluster;
  /** One context per cluster, in scenario order; the first is current. */
  kubeconfig(): string;
  stop(): Promise<void>;
}

export interface FleetOptions {
  /** Delay between controller steps (default 0). */
  stepDelayMs?: number;
  /** Simulator only: how often watches get bookmarks. */
  bookmarkIntervalMs?: number;
  /** Simulator only: false serves HTTP/1.1 alone, as a proxy in front of a cluster may. */
  http2?: false;
  /** Default: testBackend(). */
  backend?: BackendName;
  /** Real backend only: start the control planes and the KubeVirt simulation in a child process (their state then is not reachable). */
  ownProcess?: boolean;
}

function fleet(backend: BackendName, clusters: TestCluster[], kubeconfig: () => string, stop: () => Promise<void>): TestFleet {
  return {
    backend, clusters, kubeconfig,
    cluster(name) {
      const found = clusters.find((c) => c.name === name);
      if (!found) throw new Error(`no cluster ${name} (${clusters.map((c) => c.name).join(', ')})`);
      return found;
    },
    async stop() {
      for (const c of clusters) c.api?.close();
      await stop();
    },
  };
}

export async function startTestFleet(scenario: Scenario, options: FleetOptions = {}): Promise<TestFleet> {
  const backend = options.backend ?? testBackend();
  if (backend === 'real' && options.ownProcess) {
    return startRealFleetProcess(scenario, options.stepDelayMs ?? 0, (clusters, kubeconfig, stop) => fleet(backend, clusters, kubeconfig, stop));
  }
  if (backend === 'real') {
    const real = await startRealScenario(scenario, { binaries: await requireControlPlane(), stepDelayMs: options.stepDelayMs ?? 0 });
    const clusters = real.clusters.map((c): TestCluster => ({
      name: c.name, url: c.url, caPem: c.caPem, controlPlane: c.controlPlane,
      api: c.controlPlane && new ClusterApi(c.controlPlane.client(undefined, { maxSockets: 8 }), c.groups),
    }));
    return fleet(backend, clusters, () => real.kubeconfig(), () => real.stop());
  }
  const running = await startScenario(scenario, { stepDelayMs: options.stepDelayMs ?? 0, bookmarkIntervalMs: options.bookmarkIntervalMs, http2: options.http2 });
  const clusters = running.clusters.map((c, i): TestCluster => {
    // An admin of the tests' own, by bearer token, beside the scenario's users.
    const token = randomBytes(16).toString('hex');
    c.addUser('kubevirt-workbench-test-admin', token, ['system:masters']);
    return {
      name: c.name, url: c.url, caPem: c.tls?.caPem, sim: c,
      api: scenario.clusters[i].offline ? undefined : new ClusterApi(new RestClient(c.url, c.tls?.caPem ?? '', { token }, { userAgent: 'kubevirt-workbench-tests' }), scenario.clusters[i].groups ?? []),
    };
  });
  return fleet(backend, clusters, () => running.kubeconfig(), () => running.stop());
}

/** Marks a test that needs the simulator (faults, its store or request log): on the real backend it is skipped. */
export function simOnly(context: Mocha.Context, why: string): void {
  if (testBackend() !== 'sim') {
    context.test!.title += ` (simulator only: ${why})`;
    context.skip();
  }
}
