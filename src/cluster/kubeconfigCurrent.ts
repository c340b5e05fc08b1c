// The current context of a kubeconfig file another tool uses (the Kubernetes extension's), with its server, so
// that context can be matched to ours only when both name the same server.
import { KubeConfig } from '@kubernetes/client-node';

export interface CurrentContext {
  context: string;
  server?: string;
}

/** Undefined when the file cannot be read or names no current context. */
export function currentContextOf(file: string, context?: string): CurrentContext | undefined {
  const config = new KubeConfig();
  try {
    config.loadFromFile(file);
  } catch {
    return undefined;
  }
  const name = context ?? config.getCurrentContext();
  const entry = name ? config.getContextObject(name) : null;
  if (!entry) return undefined;
  return { context: entry.name, server: config.getCluster(entry.cluster)?.server };
}
