// Field ownership (`metadata.managedFields`) as kube-apiserver's field manager keeps it: every write records which
// fields its manager set (Update for create/update/patch, Apply for server-side apply), an update takes the fields
// it changes from other managers, and an apply that would change a field another manager owns fails with a
// Conflict unless forced. Paths are FieldsV1 keys: `f:<field>`, `k:{…}` for items of keyed lists, `v:<value>` for
// set lists. Lists of built-in kinds are keyed by their merge keys; CRD lists are atomic (as without a schema
// saying otherwise, which the simulator does not keep), except metadata's.
import { ApiError } from './api-error';
import type { KubeObject } from './store';

type Json = unknown;
type JsonObject = Record<string, Json>;
const isObject = (v: Json): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

/** What a write is: who, how, through which subresource, and whether an apply may take fields by force. */
export interface Write {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  force?: boolean;
  /** Lists of custom resources are atomic. */
  crd: boolean;
}

/** Fields no manager owns (kube's strip set). */
const STRIPPED = new Set(['["f:apiVersion"]', '["f:kind"]', '["f:metadata"]', ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => JSON.stringify(['f:metadata', `f:${f}`]))]);

/** Merge keys of built-in lists, by field name (ports depend on where they are). */
function listKeys(field: string, items: Json[], crd: boolean, inMetadata: boolean): string[] | 'set' | undefined {
  if (inMetadata && field === 'finalizers') return 'set';
  if (inMetadata && field === 'ownerReferences') return ['uid'];
  if (crd) return undefined;
  switch (field) {
    case 'containers': case 'initContainers': case 'ephemeralContainers': case 'volumes': case 'env': case 'imagePullSecrets':
    case 'resourceClaims': case 'schedulingGates': case 'volumeDevices':
      return field === 'volumeDevices' ? ['devicePath'] : ['name'];
    case 'ports':
      return items.some((i) => isObject(i) && 'containerPort' in i) ? ['containerPort', 'protocol'] : ['port', 'protocol'];
    case 'volumeMounts': return ['mountPath'];
    case 'conditions': return ['type'];
    case 'hostAliases': return ['ip'];
    case 'topologySpreadConstraints': return ['topologyKey', 'whenUnsatisfiable'];
    default: return undefined;
  }
}

/** Leaves keep their JSON (to see modifications); nodes (maps, keyed lists) are marked as such. */
const NODE = '\u0000node';

/** Every owned path of `value` with its leaf value, as JSON arrays of FieldsV1 keys. */
export function flatten(value: Json, crd: boolean): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: Json, path: string[]) => {
    if (isObject(v)) {
      for (const [key, child] of Object.entries(v)) {
        const childPath = [...path, `f:${key}`];
        const id = JSON.stringify(childPath);
        if (STRIPPED.has(id)) {
          if (id === '["f:metadata"]') walk(child, childPath);
          continue;
        }
        visit(child, childPath, key, path.length === 1 && path[0] === 'f:metadata');
      }
    }
  };
  const visit = (v: Json, path: string[], field: string, inMetadata: boolean) => {
    const id = JSON.stringify(path);
    // A LabelSelector is an atomic struct wherever it appears.
    if (isObject(v) && Object.keys(v).length && !('matchLabels' in v || 'matchExpressions' in v)) {
      out.set(id, NODE);
      walk(v, path);
      return;
    }
    if (Array.isArray(v) && v.length) {
      const keys = listKeys(field, v, crd, inMetadata);
      if (keys === 'set') {
        out.set(id, NODE);
        for (const item of v) out.set(JSON.stringify([...path, `v:${JSON.stringify(item)}`]), JSON.stringify(item));
        return;
      }
      if (keys && v.every(isObject)) {
        out.set(id, NODE);
        for (const item of v as JsonObject[]) {
          const keyed = Object.fromEntries(keys.filter((k) => item[k] !== undefined).map((k) => [k, item[k]]));
          const itemPath = [...path, `k:${JSON.stringify(keyed)}`];
          out.set(JSON.stringify(itemPath), NODE);
          walk(item, itemPath);
        }
        return;
      }
    }
    out.set(id, JSON.stringify(v));
  };
  walk(value, []);
  return out;
}

/** Paths added or whose leaf value changed (`changed`), and paths gone (`removed`), from `before` to `after`. */
function compare(before: Map<string, string>, after: Map<string, string>): { changed: Set<string>; removed: Set<string> } {
  const changed = new Set<string>();
  const removed = new Set<string>();
  for (const [path, value] of after) if (before.get(path) !== value) changed.add(path);
  for (const path of before.keys()) if (!after.has(path)) removed.add(path);
  return { changed, removed };
}

/** FieldsV1 JSON → path set. */
export function parseFieldsV1(fields: JsonObject, prefix: string[] = [], out = new Set<string>()): Set<string> {
  for (const [key, child] of Object.entries(fields)) {
    if (key === '.') continue;
    const path = [...prefix, key];
    const nested = isObject(child) ? child : {};
    if ('.' in nested || Object.keys(nested).length === 0) out.add(JSON.stringify(path));
    parseFieldsV1(nested, path, out);
  }
  return out;
}

/** Path set → FieldsV1 JSON: a member with children gets `"."`. */
export function toFieldsV1(paths: Iterable<string>): JsonObject {
  const root: JsonObject = {};
  const members = new Set(paths);
  for (const id of members) {
    let node = root;
    for (const key of JSON.parse(id) as string[]) node = (node[key] ??= {}) as JsonObject;
  }
  const mark = (node: JsonObject, prefix: string[]) => {
    for (const [key, child] of Object.entries(node)) {
      const path = [...prefix, key];
      const c = child as JsonObject;
      if (Object.keys(c).length && members.has(JSON.stringify(path))) c['.'] = {};
      mark(c, path);
    }
  };
  mark(root, []);
  return root;
}

interface Owner {
  entry: Omit<ManagedFieldsEntry, 'fieldsV1' | 'fieldsType'>;
  paths: Set<string>;
}

const ownerKey = (e: { manager: string; operation: string; subresource?: string }) => `${e.manager}\u0000${e.operation}\u0000${e.subresource ?? ''}`;

function owners(object: KubeObject | undefined): Map<string, Owner> {
  const out = new Map<string, Owner>();
  for (const raw of (object?.metadata.managedFields ?? []) as ManagedFieldsEntry[]) {
    const { fieldsV1, fieldsType: _type, ...entry } = raw;
    out.set(ownerKey(entry), { entry, paths: parseFieldsV1(fieldsV1 ?? {}) });
  }
  return out;
}

/** kube's order: Apply before Update, then older first, then by manager, apiVersion and subresource. */
function encode(all: Map<string, Owner>): ManagedFieldsEntry[] {
  return [...all.values()]
    .filter((o) => o.paths.size > 0)
    .map(({ entry, paths }) => ({ ...entry, fieldsType: 'FieldsV1' as const, fieldsV1: toFieldsV1(paths) }))
    .sort((p, q) => (p.operation !== q.operation ? (p.operation < q.operation ? -1 : 1)
      : p.time !== q.time ? ((p.time ?? '') < (q.time ?? '') ? -1 : 1)
        : p.manager !== q.manager ? (p.manager < q.manager ? -1 : 1)
          : p.apiVersion !== q.apiVersion ? (p.apiVersion < q.apiVersion ? -1 : 1)
            : (p.subresource ?? '') < (q.subresource ?? '') ? -1 : (p.subresource ?? '') > (q.subresource ?? '') ? 1 : 0));
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** `.data.key`, `.spec.containers[name="app"].image`: a path as kube prints it in conflicts. */
export function printPath(id: string): string {
  return (JSON.parse(id) as string[]).map((key) => {
    if (key.startsWith('f:')) return `.${key.slice(2)}`;
    if (key.startsWith('k:')) return `[${Object.entries(JSON.parse(key.slice(2)) as JsonObject).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    return `[=${key.slice(2)}]`;
  }).join('');
}

interface Conflict {
  manager: string;
  operation: string;
  apiVersion: string;
  path: string;
}

/** `conflict with "m"`, plus ` using <apiVersion>` when the other manager's write was an Update. */
const conflictWith = (c: Conflict) => `"${c.manager}"${c.operation === 'Update' ? ` using ${c.apiVersion}` : ''}`;

/** kube's apply conflict: one line per manager and path; the details hold only the causes. */
function conflictError(conflicts: Conflict[]): ApiError {
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(conflictWith(c), [...(byManager.get(conflictWith(c)) ?? []), printPath(c.path)]);
  const n = conflicts.length;
  const parts = [...byManager].map(([who, paths]) => (paths.length === 1 ? `conflict with ${who}: ${paths[0]}` : `conflicts with ${who}:\n${paths.map((p) => `- ${p}`).join('\n')}`));
  const message = `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${parts.join('\n')}`;
  return new ApiError(409, 'Conflict', message, {
    causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${conflictWith(c)}`, field: printPath(c.path) })),
  });
}

/**
 * The managedFields of `after`, written by `write` over `before` (undefined on create). `base` is the
 * managedFields the write starts from (the live object's, or those the request replaced them with). For an apply,
 * `applied` is the applied configuration: the manager then owns exactly its fields, and changing a field another
 * manager owns is a conflict unless forced (ApiError 409, listing each field).
 */
export function manageFields(before: KubeObject | undefined, after: KubeObject, write: Write, base: unknown[] | undefined, applied?: KubeObject): ManagedFieldsEntry[] {
  const all = owners({ metadata: { managedFields: base } });
  const { changed, removed } = compare(flatten(before ?? {}, write.crd), flatten(after, write.crd));
  const mine = ownerKey(write);
  if (write.operation === 'Apply' && applied) {
    const conflicts: Conflict[] = [];
    for (const [key, owner] of all) {
      if (key === mine) continue;
      for (const path of owner.paths) if (changed.has(path)) conflicts.push({ ...owner.entry, path });
    }
    if (conflicts.length && !write.force) throw conflictError(conflicts);
  }
  for (const [key, owner] of all) {
    if (key === mine) continue;
    for (const path of [...changed, ...removed]) owner.paths.delete(path);
  }
  const fresh: Owner = { entry: { manager: write.manager, operation: write.operation, apiVersion: write.apiVersion, ...(write.subresource ? { subresource: write.subresource } : {}) }, paths: new Set<string>() };
  const own = all.get(mine) ?? fresh;
  // An applier owns the leaves of what it applied; an updater also the maps and lists it created.
  const paths = write.operation === 'Apply' && applied
    ? leaves(flatten(applied, write.crd))
    : new Set([...own.paths, ...changed].filter((p) => !removed.has(p)));
  const touched = paths.size !== own.paths.size || [...paths].some((p) => !own.paths.has(p)) || write.operation === 'Apply';
  all.set(mine, { entry: { ...own.entry, apiVersion: write.apiVersion, time: touched ? now() : own.entry.time }, paths });
  return encode(all);
}

/** The paths that have no children among `paths`. */
function leaves(paths: Map<string, string>): Set<string> {
  const ids = [...paths.keys()];
  const parents = new Set(ids.map((id) => JSON.stringify((JSON.parse(id) as string[]).slice(0, -1))));
  return new Set(ids.filter((id) => !parents.has(id)));
}

/** Fields the manager applied last time and no longer applies, which no other manager owns: an apply removes them. */
export function disownedByApply(live: KubeObject, applied: KubeObject, write: Write): string[] {
  const all = owners(live);
  const previous = all.get(ownerKey(write))?.paths ?? new Set<string>();
  const now = leaves(flatten(applied, write.crd));
  const others = [...all].filter(([key]) => key !== ownerKey(write)).flatMap(([, o]) => [...o.paths]);
  return [...previous].filter((p) => !now.has(p) && !others.includes(p));
}

/** Removes one path (as `flatten` names it) from an object, if it is there. */
export function removePath(object: JsonObject, id: string): void {
  const keys = JSON.parse(id) as string[];
  let parent: Json = object;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const last = i === keys.length - 1;
    if (key.startsWith('f:') && isObject(parent)) {
      if (last) delete parent[key.slice(2)];
      else parent = parent[key.slice(2)];
    } else if (Array.isArray(parent)) {
      const list: Json[] = parent;
      const index = key.startsWith('k:')
        ? list.findIndex((item) => isObject(item) && Object.entries(JSON.parse(key.slice(2)) as JsonObject).every(([k, v]) => item[k] === v))
        : list.findIndex((item) => JSON.stringify(item) === key.slice(2));
      if (index < 0) return;
      if (last) list.splice(index, 1);
      else parent = list[index];
    } else return;
  }
}
