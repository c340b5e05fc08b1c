// Shared helpers for the simulator core tests: clusters with an admin and a tenant, raw HTTP(S) requests,
// kubeconfig files and real kubectl runs.
import { KubeConfig } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SimCluster, type SimClusterOptions } from '../../sim/cluster';
import { kubeconfigYaml } from '../../sim/kubeconfig';
import type { KubeObject } from '../../sim/store';

/** The repository root, from out/test/unit/sim. */
export const repoRoot = path.resolve(__dirname, '../../../..');

export const ADMIN = { name: 'admin', token: 'admin-token', groups: ['system:masters'] };
export const TENANT = { name: 'alice', token: 'alice-token', groups: ['team-a-devs'] };

export const KUBEVIRT_GROUPS = ['kubevirt.io', 'subresources.kubevirt.io', 'instancetype.kubevirt.io', 'cdi.kubevirt.io', 'pool.kubevirt.io', 'capsule.clastix.io'];

/** A namespace `team-a` where the tenant may read and change VMs (no delete) and read pods. */
export function tenantObjects(): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'vm-operator', namespace: 'team-a' },
      rules: [
        { apiGroups: ['kubevirt.io'], resources: ['virtualmachines'], verbs: ['get', 'list', 'watch', 'patch', 'update', 'create'] },
        { apiGroups: ['subresources.kubevirt.io'], resources: ['virtualmachines/start', 'virtualmachines/stop'], verbs: ['update'] },
        { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'alice-vm-operator', namespace: 'team-a' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'vm-operator' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
    },
  ];
}

export function vm(name: string, namespace = 'team-a', labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace, labels },
    spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {} } } } },
  };
}

export function startCluster(options: Partial<SimClusterOptions> = {}): Promise<SimCluster> {
  return SimCluster.start({ name: 'test', groups: KUBEVIRT_GROUPS, users: [ADMIN, TENANT], objects: tenantObjects(), ...options });
}

export interface Response {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
  json: () => Record<string, unknown> & { metadata?: Record<string, unknown>; items?: KubeObject[]; message?: string; reason?: string; code?: number };
}

/** One request against a cluster (TLS verified against the cluster's CA). */
export function call(cluster: SimCluster, method: string, path: string, options: { token?: string; body?: unknown; contentType?: string; accept?: string } = {}): Promise<Response> {
  const token = options.token ?? ADMIN.token;
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: options.accept ?? 'application/json' };
  if (body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  const url = new URL(path, cluster.url);
  return new Promise((resolve, reject) => {
    const send = cluster.tls ? httpsRequest : httpRequest;
    const req = send(url, { method, headers, ca: cluster.tls?.caPem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Watch events read until `until` says stop (or the stream ends). */
export function watchEvents(cluster: SimCluster, path: string, until: (events: { type: string; object: KubeObject & Record<string, unknown> }[]) => boolean, token = ADMIN.token): Promise<{ type: string; object: KubeObject & Record<string, unknown> }[]> {
  const url = new URL(path, cluster.url);
  return new Promise((resolve, reject) => {
    const events: { type: string; object: KubeObject & Record<string, unknown> }[] = [];
    const send = cluster.tls ? httpsRequest : httpRequest;
    const req = send(url, { headers: { Authorization: `Bearer ${token}` }, ca: cluster.tls?.caPem, agent: false }, (res) => {
      let buffered = '';
      res.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buffered.slice(0, newline)));
          buffered = buffered.slice(newline + 1);
          if (until(events)) {
            req.destroy();
            resolve(events);
            return;
          }
        }
      });
      res.on('end', () => resolve(events));
      res.on('error', () => resolve(events));
    });
    req.on('error', reject);
    req.end();
  });
}

export class TempDir {
  readonly path = mkdtempSync(path.join(tmpdir(), 'kvw-sim-'));

  file(name: string, content: string): string {
    const file = path.join(this.path, name);
    writeFileSync(file, content);
    return file;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** A kubeconfig with one context (`test`) for `user` on `cluster`. */
export function kubeconfigFor(cluster: SimCluster, user: { name: string; token: string }, namespace?: string): string {
  return kubeconfigYaml([{ name: cluster.name, server: cluster.url, caPem: cluster.tls?.caPem, user: user.name, token: user.token, namespace }]);
}

/** A client-node KubeConfig for `user` (ADMIN by default) on `cluster`. */
export function kubeConfig(cluster: SimCluster, user: { name: string; token: string } = ADMIN, namespace?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigFor(cluster, user, namespace));
  return kc;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real kubectl (never through a shell) with its discovery cache in `dir`. */
export function kubectl(kubeconfig: string, cacheDir: string, args: string[]): Promise<KubectlResult> {
  return new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export const until = async (check: () => boolean, what: string, attempts = 200): Promise<void> => {
  for (let i = 0; i < attempts; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
};
