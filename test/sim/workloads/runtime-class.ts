// kube-apiserver's RuntimeClass admission plugin: a pod naming a RuntimeClass gets its overhead and node
// scheduling constraints; a RuntimeClass that does not exist gets the pod rejected (403).
import { ApiError } from '../api-error';
import type { KubeObject, Store } from '../store';

export const RUNTIME_CLASSES = 'runtimeclasses.node.k8s.io';

type Toleration = { key?: string; operator?: string; value?: string; effect?: string };
type RuntimeClass = KubeObject & { handler?: string; overhead?: { podFixed?: Record<string, string> }; scheduling?: { nodeSelector?: Record<string, string>; tolerations?: Toleration[] } };
type PodSpec = { runtimeClassName?: string; overhead?: Record<string, string>; nodeSelector?: Record<string, string>; tolerations?: Toleration[] };

const rejected = (pod: KubeObject, why: string) =>
  new ApiError(403, 'Forbidden', `pods "${pod.metadata.name ?? ''}" is forbidden: ${why}`, { name: pod.metadata.name, kind: 'pods' });

/** Mutates the pod as the plugin does (create only); throws the plugin's 403 Forbidden. */
export function applyRuntimeClass(store: Store, pod: KubeObject): void {
  const spec = (pod.spec ?? {}) as PodSpec;
  if (!spec.runtimeClassName) return;
  const runtimeClass = store.get(RUNTIME_CLASSES, undefined, spec.runtimeClassName) as RuntimeClass | undefined;
  if (!runtimeClass) throw rejected(pod, `pod rejected: RuntimeClass "${spec.runtimeClassName}" not found`);
  const podFixed = runtimeClass.overhead?.podFixed;
  if (podFixed) {
    if (spec.overhead && JSON.stringify(spec.overhead) !== JSON.stringify(podFixed)) throw rejected(pod, "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
    spec.overhead = { ...podFixed };
  } else if (spec.overhead) {
    throw rejected(pod, 'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead');
  }
  const scheduling = runtimeClass.scheduling;
  if (scheduling?.nodeSelector) {
    for (const [key, value] of Object.entries(scheduling.nodeSelector)) {
      const existing = spec.nodeSelector?.[key];
      if (existing !== undefined && existing !== value) {
        throw rejected(pod, `conflict: runtimeClass.scheduling.nodeSelector[${key}] = ${value}; pod.spec.nodeSelector[${key}] = ${existing}`);
      }
    }
    spec.nodeSelector = { ...spec.nodeSelector, ...scheduling.nodeSelector };
  }
  for (const toleration of scheduling?.tolerations ?? []) {
    if (!(spec.tolerations ?? []).some((t) => JSON.stringify(t) === JSON.stringify(toleration))) spec.tolerations = [...(spec.tolerations ?? []), toleration];
  }
  pod.spec = spec;
}
