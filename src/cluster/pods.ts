// Deleting a pod (microVM, sandboxed or container) from the tree; its controller, if any, creates a new one.
import type { KubeHttp } from './kubeHttp';

export function podPath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
}

/** Deletes the pod with its default grace period; rejects with the server's Status message. */
export async function deletePod(http: KubeHttp, namespace: string, name: string): Promise<void> {
  await http.call('DELETE', podPath(namespace, name));
}
