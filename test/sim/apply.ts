// Server-side apply (`application/apply-patch+yaml`): the applied configuration is merged into the live object
// (maps recursively, keyed lists by their merge key, other lists replaced) and the manager's field set is
// recorded in `metadata.managedFields`. Conflict detection between managers is not simulated.
import { strategicMergePatch } from './patch';
import type { KubeObject } from './store';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

/** The FieldsV1 set of an applied configuration: `{"f:spec":{"f:runStrategy":{}}}`. */
export function fieldSet(value: unknown): JsonObject {
  if (!isObject(value)) return {};
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (Array.isArray(child)) {
      const keyed = child.every((i) => isObject(i) && typeof i.name === 'string');
      out[`f:${key}`] = keyed
        ? Object.fromEntries(child.map((i) => [`k:${JSON.stringify({ name: (i as JsonObject).name })}`, { '.': {}, ...fieldSet(i) }]))
        : {};
    } else {
      out[`f:${key}`] = isObject(child) ? fieldSet(child) : {};
    }
  }
  return out;
}

/**
 * Merges `applied` into `live` (or builds the object when `live` is undefined) and records the manager.
 * Uses the strategic merge rules for keyed lists, which is also what SSA does for CRD lists marked as maps.
 */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, manager: string, now: string, subresource?: string): KubeObject {
  const appliedMeta = { ...applied.metadata };
  delete appliedMeta.managedFields;
  const merged = strategicMergePatch(live ?? {}, { ...applied, metadata: appliedMeta }) as KubeObject;
  const entry: ManagedFieldsEntry = {
    manager, operation: 'Apply', apiVersion: applied.apiVersion ?? '', time: now, fieldsType: 'FieldsV1', fieldsV1: fieldSet({ ...applied, metadata: appliedMeta }),
  };
  if (subresource) entry.subresource = subresource;
  const others = ((live?.metadata.managedFields ?? []) as ManagedFieldsEntry[])
    .filter((e) => !(e.manager === manager && e.operation === 'Apply' && e.subresource === subresource));
  merged.metadata.managedFields = [...others, entry];
  return merged;
}
