// The cluster-wide instancetypes and preferences (instancetype.kubevirt.io) a new VirtualMachine may name.
import type { ApiClient } from './apiClient';
import { failureCode } from './errors';
import { collectionPath, type ResourceType } from './resources';

export interface InstancetypeInfo {
  name: string;
  /** `spec.cpu.guest`: vCPUs. */
  cpus?: number;
  /** `spec.memory.guest`, e.g. `4Gi`. */
  memory?: string;
}

export interface Instancetypes {
  instancetypes: InstancetypeInfo[];
  preferences: string[];
}

interface Item {
  metadata?: { name?: unknown };
  spec?: { cpu?: { guest?: unknown }; memory?: { guest?: unknown } };
}

const CLUSTER_INSTANCETYPES: ResourceType = { group: 'instancetype.kubevirt.io', version: 'v1beta1', plural: 'virtualmachineclusterinstancetypes', namespaced: false };
const CLUSTER_PREFERENCES: ResourceType = { group: 'instancetype.kubevirt.io', version: 'v1beta1', plural: 'virtualmachineclusterpreferences', namespaced: false };

/**
 * Sorted names; undefined when the cluster does not serve instancetypes or the user may not list them.
 * Preferences that cannot be listed are left empty. Other failures reject.
 */
export async function clusterInstancetypes(client: ApiClient): Promise<Instancetypes | undefined> {
  const [instancetypes, preferences] = await Promise.all([items(client, CLUSTER_INSTANCETYPES), items(client, CLUSTER_PREFERENCES)]);
  return (
    instancetypes && {
      instancetypes: instancetypes.map(instancetypeInfo),
      preferences: (preferences ?? []).map((p) => p.metadata?.name as string),
    }
  );
}

function instancetypeInfo(item: Item): InstancetypeInfo {
  const info: InstancetypeInfo = { name: item.metadata?.name as string };
  const cpus = item.spec?.cpu?.guest;
  const memory = item.spec?.memory?.guest;
  if (typeof cpus === 'number') info.cpus = cpus;
  if (typeof memory === 'string') info.memory = memory;
  return info;
}

/** The named items, sorted by name. */
async function items(client: ApiClient, type: ResourceType): Promise<Item[] | undefined> {
  try {
    const list = await client.get<{ items?: Item[] }>(collectionPath(type));
    return (list?.items ?? []).filter((item) => typeof item.metadata?.name === 'string').sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
  } catch (error) {
    const code = failureCode(error);
    if (code === 403 || code === 404) return undefined;
    throw error;
  }
}
