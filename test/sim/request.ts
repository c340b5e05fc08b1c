// A request to a simulated cluster as one of its users would send it, for tests that hold the running scenario
// rather than a TestFleet (the UI tests on the simulated demo).
import { callEndpoint } from '../backends/callCluster';
import type { RunningScenario } from './scenario';

/** Resolves with the status code. */
export function callCluster(sim: RunningScenario, cluster: string, token: string, method: string, urlPath: string, body?: unknown, contentType?: string): Promise<number> {
  const target = sim.clusters.find((c) => c.name === cluster);
  if (!target) throw new Error(`no cluster ${cluster}`);
  return callEndpoint({ url: target.url, caPem: target.tls?.caPem }, token, method, urlPath, body, contentType);
}
