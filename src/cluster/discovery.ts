// What a cluster offers the tree: its Kubernetes version, whether KubeVirt (and its subresource API) and
// Capsule are installed, and — filled in live by the session — its RuntimeClasses.
import type { RuntimeClassInfo } from '../model/runtimeClasses';
import type { ApiClient } from './apiClient';
import { collectionPath, RESOURCES } from './resources';

export interface Discovery {
  /** `gitVersion` of `/version`, e.g. `v1.33.1`. */
  serverVersion?: string;
  kubevirt: {
    installed: boolean;
    /** From virt-api's `/version`, else the KubeVirt CR's `status.observedKubeVirtVersion`; undefined when neither is readable. */
    version?: string;
    /** `subresources.kubevirt.io` is served: start/stop/console go through virt-api; otherwise lifecycle actions fall back. */
    subresources: boolean;
  };
  capsule: { installed: boolean };
  runtimeClasses: RuntimeClassInfo[];
}

export interface ApiGroupList {
  groups?: { name: string }[];
}

/**
 * What the API groups say: whether KubeVirt, its subresource API and Capsule are installed (the versions and the
 * RuntimeClasses come later).
 */
export function discoveryOf(list: ApiGroupList): Discovery {
  const groups = new Set((list.groups ?? []).map((g) => g.name));
  return {
    kubevirt: { installed: groups.has('kubevirt.io'), subresources: groups.has('subresources.kubevirt.io') },
    capsule: { installed: groups.has('capsule.clastix.io') },
    runtimeClasses: [],
  };
}

/** The server's `gitVersion` from `/version`; undefined when it cannot be read (a user may be refused it). */
export async function serverVersion(client: ApiClient): Promise<string | undefined> {
  try {
    const info = await client.get<{ gitVersion?: unknown }>('/version');
    return typeof info?.gitVersion === 'string' ? info.gitVersion : undefined;
  } catch {
    return undefined;
  }
}

/** KubeVirt's version from virt-api's `/version`, else the KubeVirt CR; undefined when neither is readable. */
export async function kubevirtVersion(client: ApiClient, subresources: boolean): Promise<string | undefined> {
  if (subresources) {
    try {
      const info = await client.get<{ gitVersion?: unknown }>('/apis/subresources.kubevirt.io/v1/version');
      if (typeof info?.gitVersion === 'string' && info.gitVersion) return info.gitVersion;
    } catch {
      // virt-api unavailable: try the KubeVirt CR below.
    }
  }
  try {
    const list = await client.get<{ items?: { status?: { observedKubeVirtVersion?: unknown } }[] }>(collectionPath(RESOURCES.kubevirts));
    const observed = list?.items?.map((kv) => kv.status?.observedKubeVirtVersion).find((v) => typeof v === 'string' && v);
    return typeof observed === 'string' ? observed : undefined;
  } catch {
    return undefined;
  }
}
