// JSON paths for the replica: which fields a controller changed (as key paths, arrays whole), reading and writing
// a field by path, and the JSON merge patch that turns one value into another.

export type Json = unknown;
type JsonObject = Record<string, Json>;
export type Path = readonly string[];

const isObject = (v: Json): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
/** A merge patch cannot store null: null and absent are the same here. */
const present = (v: Json) => v !== undefined && v !== null;

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(present(a[k]) ? a[k] : undefined, present(b[k]) ? b[k] : undefined)) return false;
    return true;
  }
  return false;
}

/** The paths where `b` differs from `a`: down to the leaves of objects present in both, arrays and scalars whole. */
export function changedPaths(a: Json, b: Json, at: string[] = [], out: string[][] = []): string[][] {
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const [x, y] = [a[key], b[key]];
      if (!present(x) && !present(y)) continue;
      if (!present(x) || !present(y)) out.push([...at, key]);
      else changedPaths(x, y, [...at, key], out);
    }
  } else if (!deepEqual(a, b)) {
    out.push(at);
  }
  return out;
}

export function getPath(object: Json, path: Path): Json {
  let value = object;
  for (const key of path) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** Sets (or with `undefined`, removes) a field, creating the objects on the way. */
export function setPath(object: JsonObject, path: Path, value: Json): void {
  let parent = object;
  for (const key of path.slice(0, -1)) {
    if (!isObject(parent[key])) {
      if (!present(value)) return;
      parent[key] = {};
    }
    parent = parent[key] as JsonObject;
  }
  const last = path[path.length - 1];
  if (present(value)) parent[last] = structuredClone(value);
  else delete parent[last];
}

/** The JSON merge patch (RFC 7386) that turns `from` into `to` (null removes a key; arrays are replaced). */
export function mergeDiff(from: Json, to: Json): Json {
  if (!isObject(from) || !isObject(to)) return present(to) ? structuredClone(to) : null;
  const patch: JsonObject = {};
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
    const [x, y] = [from[key], to[key]];
    if (!present(y)) {
      if (present(x)) patch[key] = null;
    } else if (!present(x)) {
      patch[key] = structuredClone(y);
    } else if (!deepEqual(x, y)) {
      patch[key] = isObject(x) && isObject(y) ? mergeDiff(x, y) : structuredClone(y);
    }
  }
  return patch;
}

/** Keeps the shortest of overlapping paths, in order. */
export function withoutNested(paths: Iterable<Path>): Path[] {
  const sorted = [...paths].sort((a, b) => a.length - b.length);
  const kept: Path[] = [];
  for (const p of sorted) if (!kept.some((k) => k.every((key, i) => p[i] === key))) kept.push(p);
  return kept;
}
