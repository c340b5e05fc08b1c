// SelfSubjectAccessReview: may the user do one verb on a resource, in a namespace or across all of them.
import type { ApiClient } from './apiClient';
import type { ResourceType } from './resources';

/** Whether the user may `verb` the resource, cluster-wide when `namespace` is undefined. A failed review counts as no. */
export async function canI(client: ApiClient, verb: string, type: ResourceType, namespace?: string): Promise<boolean> {
  const review = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: { verb, group: type.group, version: type.version, resource: type.plural, namespace } },
  };
  try {
    const answer = await client.post<{ status?: { allowed?: boolean } }>('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', review);
    return answer?.status?.allowed === true;
  } catch {
    return false;
  }
}

/** Both `list` and `watch` across all namespaces: one cache can then serve the whole cluster. */
export async function canListWatchClusterWide(client: ApiClient, type: ResourceType): Promise<boolean> {
  const [list, watch] = await Promise.all([canI(client, 'list', type), canI(client, 'watch', type)]);
  return list && watch;
}
