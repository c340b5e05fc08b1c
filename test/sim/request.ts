// A request to a simulated cluster as one of its users would send it (bearer token, the cluster's CA), for tests
// that change a cluster from outside the extension.
import * as https from 'node:https';
import type { RunningScenario } from './scenario';

/** Resolves with the status code. */
export function callCluster(sim: RunningScenario, cluster: string, token: string, method: string, urlPath: string, body?: unknown, contentType = 'application/json'): Promise<number> {
  const target = sim.clusters.find((c) => c.name === cluster);
  if (!target) throw new Error(`no cluster ${cluster}`);
  const url = new URL(urlPath, target.url);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca: target.tls?.caPem, headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
