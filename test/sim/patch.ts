// PATCH bodies: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and the strategic merge patch that
// kube-apiserver accepts for built-in kinds (lists merged by their patchMergeKey, `$patch` directives).
import { applyPatch, type Operation } from 'fast-json-patch';
import { ApiError, badRequest } from './api-error';

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** RFC 7386: objects merge recursively, `null` removes a key, anything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** RFC 6902. A malformed patch is a 400, an operation that does not apply a 422, as kube-apiserver answers. */
export function jsonPatch(target: Json, patch: Json): Json {
  if (!Array.isArray(patch)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  try {
    return applyPatch(structuredClone(target), patch as Operation[], true, false).newDocument;
  } catch (e) {
    const name = (e as { name?: string }).name;
    const message = (e as Error).message.split('\n')[0];
    if (name === 'TEST_OPERATION_FAILED') throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${message}`);
    throw new ApiError(422, 'Invalid', message);
  }
}

/** patchMergeKey of the list fields of core/apps objects, by field name (ports depend on where they are). */
function mergeKeyFor(field: string, items: Json[]): string | undefined {
  switch (field) {
    case 'containers': case 'initContainers': case 'ephemeralContainers': case 'volumes': case 'env':
    case 'imagePullSecrets': case 'resourceClaims': case 'schedulingGates':
      return 'name';
    case 'ports':
      return items.some((i) => isObject(i) && 'containerPort' in i) ? 'containerPort' : 'port';
    case 'volumeMounts': return 'mountPath';
    case 'volumeDevices': return 'devicePath';
    case 'conditions': return 'type';
    case 'hostAliases': return 'ip';
    case 'ownerReferences': return 'uid';
    case 'topologySpreadConstraints': return 'topologyKey';
    default: return undefined;
  }
}

/** Primitive lists whose patchStrategy is `merge` (union instead of replace). */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

/** Strategic merge patch for built-in kinds. */
export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) throw badRequest('the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
  return mergeObject(isObject(target) ? target : {}, patch);
}

function mergeObject(target: JsonObject, patch: JsonObject): JsonObject {
  const directive = patch.$patch;
  const clean = Object.fromEntries(Object.entries(patch).filter(([k]) => !k.startsWith('$')));
  if (directive === 'replace') return stripDirectives(clean) as JsonObject;
  const result: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const remove = Array.isArray(value) ? value : [];
      if (Array.isArray(result[field])) result[field] = (result[field] as Json[]).filter((v) => !remove.includes(v));
      continue;
    }
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete result[key];
    } else if (isObject(value)) {
      if (value.$patch === 'delete') delete result[key];
      else result[key] = mergeObject(isObject(result[key]) ? (result[key] as JsonObject) : {}, value);
    } else if (Array.isArray(value)) {
      result[key] = mergeList(key, Array.isArray(result[key]) ? (result[key] as Json[]) : [], value);
    } else {
      result[key] = value;
    }
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  return result;
}

function mergeList(field: string, target: Json[], patch: Json[]): Json[] {
  if (patch.some((i) => isObject(i) && i.$patch === 'replace')) {
    return patch.filter((i) => !(isObject(i) && i.$patch === 'replace')).map(stripDirectives);
  }
  if (MERGED_PRIMITIVE_LISTS.has(field)) return [...target, ...patch.filter((v) => !target.includes(v))];
  const key = mergeKeyFor(field, [...target, ...patch]);
  if (!key) return patch.map(stripDirectives);
  const result = [...target];
  for (const item of patch) {
    if (!isObject(item)) continue;
    const index = result.findIndex((t) => isObject(t) && t[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = mergeObject(result[index] as JsonObject, item);
    } else {
      result.push(stripDirectives(item));
    }
  }
  return result;
}

function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('$')).map(([k, v]) => [k, stripDirectives(v)]));
}
