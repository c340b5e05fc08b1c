// Where the user may create an object: one SelfSubjectAccessReview per namespace, a few at a time, as the
// "New …" flows ask before offering a namespace.
import { settleBounded } from '../model/bulk';
import type { ResourceCheck } from '../model/permissions';
import { accessReview } from './actionAccess';
import type { KubeHttp } from './kubeHttp';

export const CREATE_VM: ResourceCheck = { verb: 'create', group: 'kubevirt.io', resource: 'virtualmachines' };

/** The namespaces (in the given order) where `check` is allowed; rejects only when every review failed. */
export async function namespacesAllowing(http: KubeHttp, namespaces: readonly string[], check: ResourceCheck): Promise<string[]> {
  const results = await settleBounded(namespaces, 8, (namespace) => accessReview(http, namespace, check));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed && results.every((r) => r.status === 'rejected')) throw failed.reason;
  return namespaces.filter((_, i) => results[i].status === 'fulfilled' && (results[i] as PromiseFulfilledResult<boolean>).value);
}
