// Helpers for the cluster-layer tests against the simulator: bounded waits, kubeconfigs derived from a running
// scenario, and the objects the scenarios are made of.
import { KubeConfig } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { ApiClient } from '../../../src/cluster/apiClient';
import { ContextConfig, type ContextConfigOptions } from '../../../src/cluster/contextConfig';
import { fromKubeConfig, type LoadedKubeconfig } from '../../../src/cluster/kubeconfig';
import type { KubeObject } from '../../sim/store';

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface KubeconfigDoc {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: Record<string, unknown> }[];
}

/** A kubeconfig from the scenario's, optionally edited (wrong token, other CA, other server…). */
export function kubeconfigFrom(yaml: string, edit?: (doc: KubeconfigDoc) => void): LoadedKubeconfig {
  const doc = parse(yaml) as KubeconfigDoc;
  edit?.(doc);
  const config = new KubeConfig();
  config.loadFromString(stringify(doc));
  return fromKubeConfig(config);
}

/** The ContextConfig of one context of an in-memory kubeconfig (by default its current context). */
export function contextConfig(config: KubeConfig, context = config.getCurrentContext()): ContextConfig {
  const resolved = fromKubeConfig(config).contexts.find((c) => c.name === context);
  if (!resolved) throw new Error(`no context ${context}`);
  return new ContextConfig(resolved);
}

/** A ContextConfig that names no server, for clients whose requests a test answers itself. */
export function offlineConfig(): ContextConfig {
  return new ContextConfig({ name: 'none', file: '', context: { name: 'none', cluster: 'none', user: '' }, cluster: { name: 'none', server: 'https://127.0.0.1:1', skipTLSVerify: false }, warnings: [] });
}

/** An ApiClient for one context of a kubeconfig, recording its log lines. */
export function clientFor(loaded: LoadedKubeconfig, context: string, log: string[] = [], timeoutMs = 8000, options: ContextConfigOptions = {}): ApiClient {
  const resolved = loaded.contexts.find((c) => c.name === context);
  if (!resolved) throw new Error(`no context ${context}`);
  return new ApiClient(new ContextConfig(resolved, options), (line) => log.push(line), timeoutMs);
}

/** Fast retries so fault tests converge quickly. */
export const FAST_RETRY = { backoff: { initialMs: 20, maxMs: 300 }, healthyAfterMs: 200 };

export const namespace = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } }, spec: {}, status: { phase: 'Active' },
});

export const configMap = (ns: string, name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data,
});

export const virtualMachine = (ns: string, name: string): KubeObject => ({
  apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: ns },
  spec: {
    runStrategy: 'Halted',
    template: { spec: { domain: { devices: {}, resources: { requests: { memory: '128Mi' } } } } },
  },
});

export const runtimeClass = (name: string, handler: string, podFixed?: Record<string, string>): KubeObject => ({
  apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name }, handler, ...(podFixed ? { overhead: { podFixed } } : {}),
});

export const pod = (ns: string, name: string, runtimeClassName?: string): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns },
  spec: { ...(runtimeClassName ? { runtimeClassName } : {}), containers: [{ name: 'main', image: 'busybox' }] },
});

export const clusterRole = (name: string, rules: { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames?: string[] }[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules,
});

export const roleBinding = (ns: string, user: string, clusterRoleName: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: `${user}-${clusterRoleName}`, namespace: ns },
  subjects: [{ kind: 'User', name: user, apiGroup: 'rbac.authorization.k8s.io' }],
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRoleName },
});

export const clusterRoleBinding = (user: string, clusterRoleName: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: `${user}-${clusterRoleName}` },
  subjects: [{ kind: 'User', name: user, apiGroup: 'rbac.authorization.k8s.io' }],
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRoleName },
});

/** Reads workloads (pods, VMs, VMIs) in the namespaces it is bound in. */
export const WORKLOAD_READER = clusterRole('workload-reader', [
  { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] },
  { verbs: ['get', 'list', 'watch'], apiGroups: ['kubevirt.io'], resources: ['virtualmachines', 'virtualmachineinstances'] },
]);

export const ADMIN = { name: 'admin', token: 'admin-token', groups: ['system:masters'] };
