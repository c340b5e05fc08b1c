// Defaults kube-apiserver's built-in registries fill in on create: while decoding the request (`SetDefaults_*`,
// owned by the writer in managedFields) and in the strategy's PrepareForCreate (owned by nobody).
import type { ResourceDef } from './resources';
import type { KubeObject } from './store';

export function applyDecodeDefaults(def: ResourceDef, object: KubeObject): void {
  if (def.group) return;
  if (def.resource === 'namespaces') {
    const name = object.metadata.name ?? '';
    object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': name };
  } else if (def.resource === 'secrets') {
    object.type ??= 'Opaque';
  }
}

/** Both kinds of defaults (decode, then PrepareForCreate). */
export function applyCreateDefaults(def: ResourceDef, object: KubeObject): void {
  applyDecodeDefaults(def, object);
  if (def.group) return;
  if (def.resource === 'namespaces') {
    object.spec = { finalizers: ['kubernetes'], ...(object.spec as object | undefined) };
    object.status = { phase: 'Active', ...(object.status as object | undefined) };
  } else if (def.resource === 'pods') {
    object.status = { phase: 'Pending', ...(object.status as object | undefined) };
  }
}
