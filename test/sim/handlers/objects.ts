// get / list / create / update / patch / delete of stored objects, with kube-apiserver's semantics and errors.
import { randomUUID } from 'node:crypto';
import { ApiError, alreadyExists, badRequest, conflict, invalid, notFound, withoutEmpty } from '../api-error';
import { serverSideApply } from '../apply';
import { disownedByApply, manageFields, removePath, type Write } from '../managed-fields';
import { APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, jsonPatch, mergePatch, strategicMergePatch } from '../patch';
import { applyCreateDefaults, applyDecodeDefaults } from '../defaults';
import { apiVersionOf, keyOf, type ResourceDef } from '../resources';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../selectors';
import { StoreError, type KubeObject } from '../store';
import { toTable, wantsTable } from '../table';
import { validateListOptions } from '../list-options';
import { validateMeta } from '../validation';
import { admitNodePortQuota, admitPodSecurity } from '../workloads/pod-security';
import { goJsonSyntaxError, isDryRun, mediaType, parseBody, parsePatchBody, reply, replyJson, type RequestContext } from './context';

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasStatus = (def: ResourceDef) => !!def.subresources?.status;

/** Built-in registries that answer DELETE with the object rather than a Success Status (as CRDs do only while finalizers hold it). */
const RETURNS_DELETED = new Set(['pods', 'services', 'namespaces']);
/** NamespaceLifecycle admission refuses to delete these. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export function storeError(def: ResourceDef, name: string, e: unknown): unknown {
  if (!(e instanceof StoreError)) return e;
  switch (e.reason) {
    case 'NotFound': return notFound(def.resource, def.group, name);
    case 'AlreadyExists': return alreadyExists(def.resource, def.group, name);
    case 'Conflict': return conflict(def.resource, def.group, name, e.message);
    case 'Expired': return new ApiError(410, 'Expired', e.message);
  }
}

function listKind(def: ResourceDef) {
  return { kind: `${def.kind}List`, apiVersion: apiVersionOf(def) };
}

/** Built-in lists carry items without kind/apiVersion; CRD lists keep them, as kube-apiserver serves them. */
function listItem(def: ResourceDef, object: Readonly<KubeObject>): Readonly<KubeObject> {
  if (def.crd) return object;
  const item = { ...object };
  delete item.kind;
  delete item.apiVersion;
  return item;
}

/**
 * Each stored object's JSON as a list item, serialized once: a stored object is never changed (a change stores a
 * new one), so a page of a list joins strings instead of serializing thousands of objects again, as kube-apiserver's
 * watch cache keeps objects serialized.
 */
const itemJson = new WeakMap<Readonly<KubeObject>, string>();

function listItemJson(def: ResourceDef, object: Readonly<KubeObject>): string {
  let json = itemJson.get(object);
  if (json === undefined) itemJson.set(object, (json = JSON.stringify(listItem(def, object))));
  return json;
}

export function getObject(ctx: RequestContext, def: ResourceDef): Promise<void> {
  const { info, cluster } = ctx;
  const object = cluster.store.get(keyOf(def), def.namespaced ? info.namespace : undefined, info.name ?? '');
  if (!object) throw notFound(def.resource, def.group, info.name ?? '');
  if (wantsTable(ctx.req.headers.accept)) {
    return reply(ctx, 200, toTable(def, [object], { resourceVersion: object.metadata.resourceVersion }, ctx.query.get('includeObject')));
  }
  return reply(ctx, 200, object);
}

/** kube's continue token: base64url JSON of `{v, rv, start}`; `start` is the last key listed. */
interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

/** Decodes a continue token with kube-apiserver's errors (storage.DecodeContinue, wrapped as "invalid continue token"). */
function decodeContinue(token: string): ContinueToken {
  const fail = (why: string) => badRequest(`invalid continue token: continue key is not valid${why}`);
  const bad = token.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0 || token.length % 4 === 1) {
    throw fail(`: incorrect encoded start resourceVersion (version meta.k8s.io/v1): illegal base64 data at input byte ${bad >= 0 ? bad : token.length - 1}`);
  }
  // Go reads the bytes, one character each.
  const text = Buffer.from(token, 'base64url').toString('latin1');
  let parsed: Partial<ContinueToken>;
  try {
    parsed = JSON.parse(text) as Partial<ContinueToken>;
  } catch (e) {
    throw fail(`: ${goJsonSyntaxError(text, e as Error)}`);
  }
  if (parsed.v !== 'meta.k8s.io/v1') throw fail(`: server does not recognize this encoded version ${parsed.v ?? ''}`);
  if (!parsed.rv) throw fail(': incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (!parsed.start) throw fail(': encoded start key empty (version meta.k8s.io/v1)');
  return parsed as ContinueToken;
}

/** The objects a list or watch selects (namespace, label and field selectors). */
export function selector(ctx: RequestContext, def: ResourceDef): (o: KubeObject) => boolean {
  const labels = parseLabelSelector(ctx.query.get('labelSelector'));
  const fields = parseFieldSelector(ctx.query.get('fieldSelector'));
  const namespace = def.namespaced ? ctx.info.namespace : undefined;
  return (o) => (namespace === undefined || o.metadata.namespace === namespace) && matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o);
}

export function listObjects(ctx: RequestContext, def: ResourceDef): Promise<void> {
  const { cluster, query } = ctx;
  validateListOptions(query, false);
  const matches = selector(ctx, def);
  const namespace = def.namespaced ? ctx.info.namespace : undefined;
  const token = query.get('continue');
  const resumed = token ? decodeContinue(token) : undefined;
  let items = cluster.store.scan(keyOf(def), namespace, resumed?.start).filter(matches);
  const meta: Record<string, unknown> = { resourceVersion: String(resumed?.rv ?? cluster.store.resourceVersion) };
  const limit = Number(query.get('limit') ?? 0);
  if (limit > 0 && items.length > limit) {
    const last = items[limit - 1];
    const remaining = items.length - limit;
    items = items.slice(0, limit);
    const next: ContinueToken = { v: 'meta.k8s.io/v1', rv: Number(meta.resourceVersion), start: `${last.metadata.namespace ?? ''}/${last.metadata.name}` };
    meta.continue = Buffer.from(JSON.stringify(next)).toString('base64url');
    // kube-apiserver only knows the remaining count when no selector filters the list.
    if (!query.get('labelSelector') && !query.get('fieldSelector')) meta.remainingItemCount = remaining;
  }
  // The reply is serialized at once, so the page is written from the stored objects themselves, not copies.
  if (wantsTable(ctx.req.headers.accept)) return reply(ctx, 200, toTable(def, items, meta, query.get('includeObject')));
  const head = JSON.stringify({ ...listKind(def), metadata: meta }).slice(0, -1);
  return replyJson(ctx, 200, `${head},"items":[${items.map((o) => listItemJson(def, o)).join(',')}]}`);
}

/** kind/apiVersion/metadata checks common to create and update; returns the object to store. */
function normalize(ctx: RequestContext, def: ResourceDef, body: unknown): KubeObject {
  if (!isObject(body)) throw badRequest('Object \'Kind\' is missing in \'' + JSON.stringify(body ?? '') + '\'');
  const object = structuredClone(body) as KubeObject;
  const apiVersion = apiVersionOf(def);
  if (object.apiVersion !== undefined && object.apiVersion !== apiVersion) {
    throw badRequest(`the API version in the data (${object.apiVersion}) does not match the expected API version (${apiVersion})`);
  }
  if (object.kind !== undefined && object.kind !== def.kind && def.crd) {
    // The CRD handler decodes any kind and lets validation refuse it.
    const name = isObject(object.metadata) ? String(object.metadata.name ?? '') : '';
    throw invalid(String(object.kind), def.group, name, [{ field: 'kind', message: `Invalid value: "${String(object.kind)}": must be ${def.kind}` }]);
  }
  if (object.kind !== undefined && object.kind !== def.kind) {
    throw badRequest(`${object.kind} in version "${def.version}" cannot be handled as a ${def.kind}: the kind in the data does not match the expected kind`);
  }
  object.apiVersion = apiVersion;
  object.kind = def.kind;
  object.metadata = isObject(object.metadata) ? object.metadata : {};
  const ns = ctx.info.namespace;
  if (def.namespaced) {
    if (object.metadata.namespace && object.metadata.namespace !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    object.metadata.namespace = ns;
  } else {
    delete object.metadata.namespace;
  }
  return object;
}

/** Namespace lifecycle admission: content can only be created in an existing, non-terminating namespace. */
function checkNamespace(ctx: RequestContext, def: ResourceDef, name: string): void {
  if (!def.namespaced || !ctx.info.namespace) return;
  const ns = ctx.cluster.store.get('namespaces', undefined, ctx.info.namespace);
  if (!ns) throw notFound('namespaces', '', ctx.info.namespace);
  if (ns.metadata.deletionTimestamp) {
    throw new ApiError(403, 'Forbidden', `${def.resource}${def.group ? '.' + def.group : ''} "${name}" is forbidden: unable to create new content in namespace ${ctx.info.namespace} because it is being terminated`,
      { name, group: def.group, kind: def.resource, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ctx.info.namespace} is being terminated`, field: 'metadata.namespace' }] });
  }
}

/** The field manager of a write: `?fieldManager=`, else the user agent up to its first `/`, as kube-apiserver names it. */
function managerOf(ctx: RequestContext): string {
  return ctx.query.get('fieldManager') || (ctx.req.headers['user-agent'] ?? '').split('/')[0] || 'unknown';
}

function writeOf(ctx: RequestContext, def: ResourceDef, operation: Write['operation'], subresource?: string): Write {
  return {
    manager: managerOf(ctx), operation, apiVersion: apiVersionOf(def), crd: !!def.crd,
    ...(subresource ? { subresource } : {}), ...(operation === 'Apply' && ['true', '1'].includes(ctx.query.get('force') ?? '') ? { force: true } : {}),
  };
}

/** Creates `object` (already normalized) the way POST does; used by create and by apply-patch of a missing object. */
function createObject(ctx: RequestContext, def: ResourceDef, object: KubeObject, applied?: KubeObject): KubeObject {
  const { cluster } = ctx;
  const meta = object.metadata;
  checkNamespace(ctx, def, meta.name ?? meta.generateName ?? '');
  const rv = Number(meta.resourceVersion ?? 0);
  if (meta.resourceVersion && Number.isInteger(rv) && rv !== 0) throw new ApiError(500, '', 'resourceVersion should not be set on objects to be created');
  for (const field of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'managedFields'] as const) delete meta[field];
  // The status subresource owns status: a create starts without one (then the built-in defaults).
  if (hasStatus(def)) delete object.status;
  // Defaults applied while decoding belong to the writer; those of PrepareForCreate (a namespace's phase…) to nobody.
  applyDecodeDefaults(def, object);
  meta.managedFields = manageFields(undefined, object, writeOf(ctx, def, applied ? 'Apply' : 'Update'), undefined, applied);
  applyCreateDefaults(def, object);
  validateMeta(def, object);
  cluster.admit(keyOf(def), object, undefined);
  if (def.resource === 'pods' && !def.group) admitPodSecurity(cluster.store, object);
  if (def.resource === 'services' && !def.group) admitNodePortQuota(cluster.store, object);
  if (!isDryRun(ctx.query)) {
    try {
      return cluster.store.create(keyOf(def), object);
    } catch (e) {
      throw storeError(def, meta.name ?? '', e);
    }
  }
  if (!meta.name && meta.generateName) meta.name = meta.generateName + randomUUID().slice(0, 5);
  if (cluster.store.get(keyOf(def), meta.namespace, meta.name ?? '')) throw alreadyExists(def.resource, def.group, meta.name ?? '');
  return { ...object, metadata: { ...meta, uid: randomUUID(), generation: 1, creationTimestamp: now() } };
}

export function create(ctx: RequestContext, def: ResourceDef): Promise<void> {
  const object = normalize(ctx, def, parseBody(ctx));
  return reply(ctx, 201, createObject(ctx, def, object));
}

/**
 * Stores `next` as the new state of `current` (validation, admission, field ownership, dry-run, conflicts);
 * `applied` is the configuration of a server-side apply.
 */
function commitUpdate(ctx: RequestContext, def: ResourceDef, current: KubeObject, next: KubeObject, statusOnly: boolean, applied?: KubeObject): KubeObject {
  const name = current.metadata.name ?? '';
  // Managed fields sent with a write replace the live ones (that is how clients reset them); a subresource write keeps them.
  const sent = next.metadata.managedFields;
  const base = !statusOnly && Array.isArray(sent) && sent.length ? sent : current.metadata.managedFields;
  if (hasStatus(def)) {
    // Writes to the main resource cannot change status; writes to /status change nothing else.
    if (statusOnly) next = { ...current, status: next.status, metadata: { ...current.metadata, resourceVersion: next.metadata.resourceVersion } };
    else if (current.status === undefined) delete next.status;
    else next.status = current.status;
  }
  if (!statusOnly) ctx.cluster.admit(keyOf(def), next, current);
  const write = writeOf(ctx, def, applied ? 'Apply' : 'Update', statusOnly ? 'status' : undefined);
  next.metadata.managedFields = manageFields(current, next, write, base, applied);
  validateMeta(def, next);
  if (isDryRun(ctx.query)) {
    if (next.metadata.resourceVersion && next.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(def.resource, def.group, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    return { ...next, metadata: { ...next.metadata, uid: current.metadata.uid, resourceVersion: current.metadata.resourceVersion } };
  }
  try {
    return ctx.cluster.store.update(keyOf(def), next);
  } catch (e) {
    throw storeError(def, name, e);
  }
}

export function update(ctx: RequestContext, def: ResourceDef): Promise<void> {
  const { info } = ctx;
  const name = info.name ?? '';
  const object = normalize(ctx, def, parseBody(ctx));
  if (object.metadata.name !== name) {
    throw badRequest(`the name of the object (${object.metadata.name ?? ''}) does not match the name on the URL (${name})`);
  }
  const current = ctx.cluster.store.get(keyOf(def), object.metadata.namespace, name);
  if (!current) throw notFound(def.resource, def.group, name);
  return reply(ctx, 200, commitUpdate(ctx, def, current, object, info.subresource === 'status'));
}

const UNSUPPORTED_PATCH = (def: ResourceDef) => new ApiError(415, 'UnsupportedMediaType',
  `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml${def.crd ? '' : ', application/strategic-merge-patch+json'}`);

export function patch(ctx: RequestContext, def: ResourceDef): Promise<void> {
  const { info, cluster, query } = ctx;
  const name = info.name ?? '';
  const type = mediaType(ctx.req);
  if (![JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH].includes(type)) throw new ApiError(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {});
  if (type === STRATEGIC_PATCH && def.crd) throw UNSUPPORTED_PATCH(def);
  const namespace = def.namespaced ? info.namespace : undefined;
  const current = cluster.store.get(keyOf(def), namespace, name);
  const statusOnly = info.subresource === 'status';

  if (type === APPLY_PATCH) {
    const body = parseBody(ctx);
    const manager = query.get('fieldManager');
    if (!manager) throw invalid('PatchOptions', 'meta.k8s.io', '', [{ field: 'fieldManager', message: 'Required value: is required for apply patch' }]);
    const applied = normalize(ctx, def, body);
    if (applied.metadata.name !== name) {
      throw badRequest(`the name of the object (${applied.metadata.name ?? ''}) does not match the name on the URL (${name})`);
    }
    if (!current) {
      if (statusOnly) throw notFound(def.resource, def.group, name);
      return reply(ctx, 201, createObject(ctx, def, serverSideApply(undefined, applied), applied));
    }
    const merged = serverSideApply(current, applied);
    // Fields this manager applied before and no longer applies go, unless another manager owns them too.
    for (const path of disownedByApply(current, applied, writeOf(ctx, def, 'Apply', statusOnly ? 'status' : undefined))) removePath(merged, path);
    return reply(ctx, 200, commitUpdate(ctx, def, current, merged, statusOnly, applied));
  }

  if (!current) throw notFound(def.resource, def.group, name);
  const body = parsePatchBody(ctx);
  let patched: unknown;
  if (type === JSON_PATCH) patched = jsonPatch(current, body);
  else if (type === MERGE_PATCH) {
    if (!isObject(body)) throw badRequest('json: cannot unmarshal into Go value of type map[string]interface {}');
    patched = mergePatch(current, body);
  } else patched = strategicMergePatch(current, body);
  if (!isObject(patched)) throw badRequest('the patch does not produce an object');
  const next = patched as KubeObject;
  next.metadata = isObject(next.metadata) ? next.metadata : {};
  // Identity is not patchable.
  Object.assign(next.metadata, { name: current.metadata.name, namespace: current.metadata.namespace, uid: current.metadata.uid });
  next.apiVersion = current.apiVersion;
  next.kind = current.kind;
  return reply(ctx, 200, commitUpdate(ctx, def, current, next, statusOnly));
}

export function remove(ctx: RequestContext, def: ResourceDef): Promise<void> {
  const { info, cluster } = ctx;
  const name = info.name ?? '';
  const namespace = def.namespaced ? info.namespace : undefined;
  const current = cluster.store.get(keyOf(def), namespace, name);
  if (!current) throw notFound(def.resource, def.group, name);
  if (!def.group && def.resource === 'namespaces' && IMMORTAL_NAMESPACES.has(name)) {
    throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
  }
  if (isDryRun(ctx.query)) return reply(ctx, 200, current);
  let result: KubeObject;
  try {
    result = def.resource === 'namespaces' && !def.group ? cluster.deleteNamespace(name) : cluster.store.delete(keyOf(def), namespace, name);
  } catch (e) {
    throw storeError(def, name, e);
  }
  const stillThere = !!cluster.store.get(keyOf(def), namespace, name);
  if (stillThere || (!def.group && RETURNS_DELETED.has(def.resource))) return reply(ctx, 200, result);
  return reply(ctx, 200, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
    details: withoutEmpty({ name, group: def.group, kind: def.resource, uid: current.metadata.uid }),
  });
}

export function removeCollection(ctx: RequestContext, def: ResourceDef): Promise<void> {
  const { cluster, info } = ctx;
  const matches = selector(ctx, def);
  const victims = cluster.store.list(keyOf(def), def.namespaced ? info.namespace : undefined).filter(matches);
  const deleted = isDryRun(ctx.query)
    ? victims
    : victims.map((o) => cluster.store.delete(keyOf(def), o.metadata.namespace, o.metadata.name ?? ''));
  return reply(ctx, 200, { ...listKind(def), metadata: { resourceVersion: String(cluster.store.resourceVersion) }, items: deleted.map((o) => listItem(def, o)) });
}
