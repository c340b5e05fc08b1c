// A kubeconfig with one context per simulated cluster (CA data, server URL, bearer token).
import { stringify } from 'yaml';

export interface KubeconfigEntry {
  /** Context, cluster and user entries are named after the cluster (user: `<user>@<cluster>`). */
  name: string;
  server: string;
  /** PEM of the CA; omitted for plain HTTP. */
  caPem?: string;
  user: string;
  token: string;
  namespace?: string;
}

export function kubeconfigYaml(entries: readonly KubeconfigEntry[], currentContext = entries[0]?.name ?? ''): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': currentContext,
    clusters: entries.map((e) => ({
      name: e.name,
      cluster: e.caPem ? { server: e.server, 'certificate-authority-data': Buffer.from(e.caPem).toString('base64') } : { server: e.server },
    })),
    users: entries.map((e) => ({ name: `${e.user}@${e.name}`, user: { token: e.token } })),
    contexts: entries.map((e) => ({
      name: e.name,
      context: { cluster: e.name, user: `${e.user}@${e.name}`, ...(e.namespace ? { namespace: e.namespace } : {}) },
    })),
  });
}
