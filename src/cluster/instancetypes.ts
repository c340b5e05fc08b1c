// The cluster-wide instancetypes and preferences (instancetype.kubevirt.io) a new VirtualMachine may name.
import type { ApiClient } from './apiClient';
import { failureCode } from './errors';
import { collectionPath, type ResourceType } from './resources';

export interface Instancetypes {
  instancetypes: string[];
  preferences: string[];
}

const CLUSTER_INSTANCETYPES: ResourceType = { group: 'instancetype.kubevirt.io', version: 'v1beta1', plural: 'virtualmachineclusterinstancetypes', namespaced: false };
const CLUSTER_PREFERENCES: ResourceType = { group: 'instancetype.kubevirt.io', version: 'v1beta1', plural: 'virtualmachineclusterpreferences', namespaced: false };

/**
 * Sorted names; undefined when the cluster does not serve instancetypes or the user may not list them.
 * Preferences that cannot be listed are left empty. Other failures reject.
 */
export async function clusterInstancetypes(client: ApiClient): Promise<Instancetypes | undefined> {
  const [instancetypes, preferences] = await Promise.all([names(client, CLUSTER_INSTANCETYPES), names(client, CLUSTER_PREFERENCES)]);
  return instancetypes && { instancetypes, preferences: preferences ?? [] };
}

async function names(client: ApiClient, type: ResourceType): Promise<string[] | undefined> {
  try {
    const list = await client.get<{ items?: { metadata?: { name?: unknown } }[] }>(collectionPath(type));
    return (list?.items ?? [])
      .map((item) => item.metadata?.name)
      .filter((name): name is string => typeof name === 'string')
      .sort();
  } catch (error) {
    const code = failureCode(error);
    if (code === 403 || code === 404) return undefined;
    throw error;
  }
}
