// RuntimeClasses of a cluster and the isolation each gives its pods. When the RuntimeClass objects cannot be
// read, the names pods use are taken as their handlers: kata-deploy and gVisor name them after the handler.
import { isolationOfHandler, type Isolation } from './isolation';

export interface RuntimeClassInfo {
  name: string;
  handler: string;
  isolation: Isolation;
  /** `overhead.podFixed`, e.g. `{ memory: '160Mi', cpu: '250m' }`. */
  overhead?: Record<string, string>;
  /** True when guessed from pods' `runtimeClassName` because the RuntimeClass could not be read. */
  inferred: boolean;
}

interface RuntimeClassObject {
  metadata: { name: string };
  handler?: unknown;
  overhead?: { podFixed?: Record<string, unknown> };
}

export function runtimeClassInfo(object: RuntimeClassObject): RuntimeClassInfo {
  const handler = typeof object.handler === 'string' ? object.handler : object.metadata.name;
  const info: RuntimeClassInfo = { name: object.metadata.name, handler, isolation: isolationOfHandler(handler), inferred: false };
  const podFixed = object.overhead?.podFixed;
  if (podFixed) info.overhead = Object.fromEntries(Object.entries(podFixed).map(([k, v]) => [k, String(v)]));
  return info;
}

/** One entry per distinct `spec.runtimeClassName` among the pods, its name standing in for the handler. */
export function inferRuntimeClasses(pods: Iterable<{ spec?: unknown }>): RuntimeClassInfo[] {
  const names = new Set<string>();
  for (const pod of pods) {
    const name = (pod.spec as { runtimeClassName?: unknown } | undefined)?.runtimeClassName;
    if (typeof name === 'string' && name) names.add(name);
  }
  return [...names].sort().map((name) => ({ name, handler: name, isolation: isolationOfHandler(name), inferred: true }));
}
