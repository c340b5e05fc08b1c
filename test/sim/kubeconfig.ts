// A kubeconfig with one context per cluster (CA data, server URL, bearer token or client certificate), for the
// simulator and the real control plane alike.
import { stringify } from 'yaml';

export interface KubeconfigEntry {
  /** Context, cluster and user entries are named after the cluster (user: `<user>@<cluster>`). */
  name: string;
  server: string;
  /** PEM of the CA; omitted for plain HTTP. */
  caPem?: string;
  user: string;
  /** A bearer token, or a client certificate and key (PEM). */
  token?: string;
  clientCertPem?: string;
  clientKeyPem?: string;
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
    users: entries.map((e) => ({ name: `${e.user}@${e.name}`, user: credentials(e) })),
    contexts: entries.map((e) => ({
      name: e.name,
      context: { cluster: e.name, user: `${e.user}@${e.name}`, ...(e.namespace ? { namespace: e.namespace } : {}) },
    })),
  });
}

function credentials(e: KubeconfigEntry): Record<string, string> {
  if (e.token) return { token: e.token };
  if (!e.clientCertPem || !e.clientKeyPem) throw new Error(`kubeconfig entry ${e.name}: user ${e.user} has neither a token nor a client certificate`);
  const base64 = (pem: string) => Buffer.from(pem).toString('base64');
  return { 'client-certificate-data': base64(e.clientCertPem), 'client-key-data': base64(e.clientKeyPem) };
}
