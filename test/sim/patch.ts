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

/** Go's name for the JSON type of a value, as in its "cannot unmarshal <type> into" errors. */
const goJsonType = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v);

/**
 * RFC 6902. A body that is not a list of operations is a 400; an operation that does not apply (a failed test, a
 * missing path) is a 422 that, like kube-apiserver's, does not say which.
 */
export function jsonPatch(target: Json, patch: Json): Json {
  if (!Array.isArray(patch)) throw badRequest(`error decoding patch: json: cannot unmarshal ${goJsonType(patch)} into Go value of type []handlers.jsonPatchOp`);
  try {
    return applyPatch(structuredClone(target), patch as Operation[], true, false).newDocument;
  } catch {
    throw new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
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
      result[key] = mergeList(key, Array.isArray(result[key]) ? (result[key] as Json[]) : [], value, patch[`$setElementOrder/${key}`]);
    } else {
      result[key] = value;
    }
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  return result;
}

/**
 * A keyed list: items merged by key, in kube's order: the patch's items (in `$setElementOrder` order when given)
 * interleaved with the items only the live list has, by their live positions (strategicpatch's mergeSortedSlice).
 */
function mergeList(field: string, target: Json[], patch: Json[], setOrder?: Json): Json[] {
  if (patch.some((i) => isObject(i) && i.$patch === 'replace')) {
    return patch.filter((i) => !(isObject(i) && i.$patch === 'replace')).map(stripDirectives);
  }
  if (MERGED_PRIMITIVE_LISTS.has(field)) return [...target, ...patch.filter((v) => !target.includes(v))];
  const key = mergeKeyFor(field, [...target, ...patch]);
  if (!key) return patch.map(stripDirectives);
  const keyOf = (item: Json) => (isObject(item) ? item[key] : undefined);
  const deleted = new Set(patch.filter((i) => isObject(i) && i.$patch === 'delete').map(keyOf));
  let patched = patch.filter((i) => isObject(i) && i.$patch !== 'delete').map((item) => {
    const live = target.find((t) => keyOf(t) === keyOf(item));
    return live ? mergeObject(live as JsonObject, item as JsonObject) : stripDirectives(item);
  });
  if (Array.isArray(setOrder)) {
    const position = (item: Json) => setOrder.findIndex((o) => keyOf(o) === keyOf(item));
    patched = [...patched].sort((a, b) => position(a) - position(b));
  }
  const inPatch = new Set(patched.map(keyOf));
  const serverOnly = target.filter((t) => !inPatch.has(keyOf(t)) && !deleted.has(keyOf(t)));
  const livePosition = (item: Json) => target.findIndex((t) => keyOf(t) === keyOf(item));
  const result: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patched.length) {
    if (j >= patched.length) result.push(serverOnly[i++]);
    else if (i >= serverOnly.length) result.push(patched[j++]);
    else {
      const l = livePosition(serverOnly[i]);
      const r = livePosition(patched[j]);
      result.push(l >= 0 && r >= 0 && l < r ? serverOnly[i++] : patched[j++]);
    }
  }
  return result;
}

function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('$')).map(([k, v]) => [k, stripDirectives(v)]));
}
