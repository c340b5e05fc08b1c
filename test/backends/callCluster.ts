// A request to a cluster as one of its users would send it (bearer token, the cluster's CA), for tests that change
// a cluster from outside the extension: the same on the in-process simulator and on a real kube-apiserver.
import * as https from 'node:https';
import type { TestFleet } from './fleet';

/** Where a cluster answers, and the CA its serving certificate is signed by. */
export interface Endpoint {
  url: string;
  caPem?: string;
}

/** Resolves with the status code. */
export function callEndpoint(endpoint: Endpoint, token: string, method: string, urlPath: string, body?: unknown, contentType = 'application/json'): Promise<number> {
  const url = new URL(urlPath, endpoint.url);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca: endpoint.caPem, headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** A call to the fleet's cluster `cluster` as the user of `token` (a scenario user's static token on both backends). */
export function callCluster(fleet: TestFleet, cluster: string, token: string, method: string, urlPath: string, body?: unknown, contentType?: string): Promise<number> {
  return callEndpoint(fleet.cluster(cluster), token, method, urlPath, body, contentType);
}
