// SelfSubjectRulesReview: the rules the user holds in a namespace; undefined when the review itself is refused.
import type { ResourceRule } from '../model/rbacRules';
import type { ApiClient } from './apiClient';
import { KubeApiError } from './errors';

export async function rulesIn(client: ApiClient, namespace: string): Promise<ResourceRule[] | undefined> {
  const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } };
  try {
    const review = await client.post<{ status?: { resourceRules?: ResourceRule[] } }>('/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', body);
    return review.status?.resourceRules ?? [];
  } catch (error) {
    if (error instanceof KubeApiError && (error.code === 403 || error.code === 404)) return undefined;
    throw error;
  }
}
