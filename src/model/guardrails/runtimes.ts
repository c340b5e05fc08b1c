// The RuntimeClasses the audit judges pods by: the cluster's own when readable, else guessed from the names
// pods use (kata-deploy and gVisor name their classes after their handlers), flagged as inferred.
import type { Isolation } from '../isolation';
import type { Pod } from '../objects';
import { inferRuntimeClasses, runtimeClassInfo, type RuntimeClassInfo } from '../runtimeClasses';
import { podIsolation } from '../workloads';
import type { AuditPod } from './kinds';
import type { TenantSnapshot } from './snapshot';

export interface RuntimeClasses {
  byName: ReadonlyMap<string, RuntimeClassInfo>;
  /** Why the classes were guessed from pod names, when they were. */
  inferredBecause?: string;
}

export function runtimeClassesOf(s: TenantSnapshot): RuntimeClasses {
  if (s.runtimeClasses.known) return { byName: new Map(s.runtimeClasses.value.map((o) => [o.metadata.name, runtimeClassInfo(o)])) };
  const pods = s.namespaces.flatMap((ns) => (ns.pods.known ? ns.pods.value : []));
  return { byName: new Map(inferRuntimeClasses(pods).map((i) => [i.name, i])), inferredBecause: s.runtimeClasses.reason };
}

export const isSandbox = (isolation: Isolation): boolean => isolation.class !== 'container';

export function isolationOf(pod: AuditPod, classes: RuntimeClasses): Isolation {
  return podIsolation(pod as Pod, classes.byName);
}

/** Sandbox RuntimeClasses of the cluster, Kata microVMs first, then by name. */
export function sandboxClassNames(classes: RuntimeClasses): string[] {
  return [...classes.byName.values()]
    .filter((i) => isSandbox(i.isolation))
    .sort((a, b) => (a.isolation.class === b.isolation.class ? a.name.localeCompare(b.name) : a.isolation.class === 'microvm' ? -1 : 1))
    .map((i) => i.name);
}
