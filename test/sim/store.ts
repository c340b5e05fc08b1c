// The simulated etcd: every object of one cluster, one global resourceVersion counter, and a bounded
// history of changes so watches can resume from a resourceVersion (or get 410 Gone when it is too old).
import { randomUUID } from 'node:crypto';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A stored change. `resource` is the resource key, e.g. `pods` or `virtualmachines.kubevirt.io`. */
export interface Change {
  type: ChangeType;
  resource: string;
  object: KubeObject;
  resourceVersion: number;
}

export type StoreErrorReason = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired';

/** How often a controller waiting for `Store.held` looks again: the server answers a create within a few round trips. */
export const HELD_POLL_MS = 100;

export class StoreError extends Error {
  constructor(readonly reason: StoreErrorReason, message: string) {
    super(message);
  }
}

/** `virtualmachines.kubevirt.io` for a group, `pods` for core. */
export function resourceKey(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

const clone = <T>(value: T): T => structuredClone(value);
const objectKey = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

export class Store {
  private revision = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  /** Per resource: its objects by namespace ('' for cluster-scoped), so a scan of one namespace reads only it. */
  private readonly byNamespace = new Map<string, Map<string, Map<string, KubeObject>>>();
  /** Per resource: its objects sorted by key, kept until the resource next changes (a paged list reads it per page). */
  private readonly sorted = new Map<string, [string, KubeObject][]>();
  private history: Change[] = [];
  private readonly listeners = new Set<(change: Change) => void>();

  /**
   * Whether the API server holds an object yet. In-process the Store is the server; a replica of a real server says
   * no while the object's create is under way (the server may still refuse it).
   */
  held: (object: KubeObject) => boolean = () => true;

  /** How many changes are kept for watch resume; older resourceVersions answer 410 Gone. */
  constructor(private readonly historyLimit = 10_000) {}

  get resourceVersion(): number {
    return this.revision;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.objects.get(resource)?.get(objectKey(namespace, name));
    return found && clone(found);
  }

  /** Copies of the objects of a resource, in one namespace or all, that `where` selects, sorted by namespace/name like etcd keys. */
  list(resource: string, namespace?: string, where?: (object: Readonly<KubeObject>) => boolean): KubeObject[] {
    return this.scan(resource, namespace).filter((o) => !where || where(o)).map(clone);
  }

  /**
   * The stored objects themselves, sorted as `list` does, to read and not to change: a list of thousands copies only
   * what it returns (a page, or the few a controller looks for). `after`: only keys (namespace/name) after it, where
   * a continued list resumes.
   */
  scan(resource: string, namespace?: string, after?: string): readonly Readonly<KubeObject>[] {
    const entries = namespace === undefined ? this.sortedEntries(resource) : sortByKey([...(this.byNamespace.get(resource)?.get(namespace)?.entries() ?? [])]);
    let from = 0;
    if (after !== undefined) {
      // The first key after `after`, by bisection.
      for (let to = entries.length; from < to; ) {
        const mid = (from + to) >> 1;
        if (entries[mid][0] > after) to = mid;
        else from = mid + 1;
      }
    }
    return entries.slice(from).map(([, o]) => o);
  }

  private sortedEntries(resource: string): [string, KubeObject][] {
    let entries = this.sorted.get(resource);
    if (!entries) this.sorted.set(resource, (entries = sortByKey([...(this.objects.get(resource)?.entries() ?? [])])));
    return entries;
  }

  /** Stores a new object, filling uid, resourceVersion, generation, creationTimestamp and a generated name. */
  create(resource: string, input: KubeObject): KubeObject {
    const object = clone(input);
    const meta = object.metadata;
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
    if (!meta.name) throw new StoreError('NotFound', 'name or generateName is required');
    const bucket = this.bucket(resource);
    const key = objectKey(meta.namespace, meta.name);
    if (bucket.has(key)) throw new StoreError('AlreadyExists', `"${meta.name}" already exists`);
    meta.uid = randomUUID();
    meta.generation = 1;
    meta.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    delete meta.deletionTimestamp;
    return this.commit('ADDED', resource, bucket, key, object);
  }

  /**
   * Replaces an object. When `object.metadata.resourceVersion` is set it must match the stored one
   * (optimistic concurrency, as kube-apiserver does for PUT); immutable metadata is kept from storage.
   */
  update(resource: string, input: KubeObject): KubeObject {
    const object = clone(input);
    const meta = object.metadata;
    const bucket = this.bucket(resource);
    const key = objectKey(meta.namespace, meta.name ?? '');
    const current = bucket.get(key);
    if (!current) throw new StoreError('NotFound', `"${meta.name}" not found`);
    if (meta.resourceVersion && meta.resourceVersion !== current.metadata.resourceVersion) {
      throw new StoreError('Conflict', 'the object has been modified; please apply your changes to the latest version and try again');
    }
    meta.uid = current.metadata.uid;
    meta.creationTimestamp = current.metadata.creationTimestamp;
    meta.deletionTimestamp ??= current.metadata.deletionTimestamp;
    const specChanged = JSON.stringify(object.spec) !== JSON.stringify(current.spec);
    meta.generation = (current.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    if (meta.deletionTimestamp && !meta.finalizers?.length) return this.remove(resource, bucket, key, object);
    return this.commit('MODIFIED', resource, bucket, key, object);
  }

  /**
   * Deletes an object. One with finalizers only gets a deletionTimestamp (MODIFIED) and goes when an
   * update empties its finalizers, as in kube-apiserver; otherwise it is removed with a DELETED change.
   */
  delete(resource: string, namespace: string | undefined, name: string): KubeObject {
    const bucket = this.bucket(resource);
    const key = objectKey(namespace, name);
    const current = bucket.get(key);
    if (!current) throw new StoreError('NotFound', `"${name}" not found`);
    if (current.metadata.finalizers?.length) {
      if (current.metadata.deletionTimestamp) return clone(current);
      const marked = clone(current);
      marked.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      return this.commit('MODIFIED', resource, bucket, key, marked);
    }
    return this.remove(resource, bucket, key, current);
  }

  /**
   * Sets deletionTimestamp (MODIFIED) without removing the object, whatever its finalizers: for namespaces,
   * whose finalizers live in `spec.finalizers` and which stay Terminating until their content is gone.
   */
  markForDeletion(resource: string, namespace: string | undefined, name: string, mutate?: (object: KubeObject) => void): KubeObject {
    const bucket = this.bucket(resource);
    const key = objectKey(namespace, name);
    const current = bucket.get(key);
    if (!current) throw new StoreError('NotFound', `"${name}" not found`);
    if (current.metadata.deletionTimestamp) return clone(current);
    const marked = clone(current);
    marked.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    mutate?.(marked);
    return this.commit('MODIFIED', resource, bucket, key, marked);
  }

  /**
   * Stores an object as another server holds it (a replica following that server's watch): uid, generation,
   * timestamps and deletionTimestamp are kept, only the resourceVersion is this store's. ADDED or MODIFIED.
   */
  mirror(resource: string, input: KubeObject): KubeObject {
    const object = clone(input);
    const bucket = this.bucket(resource);
    const key = objectKey(object.metadata.namespace, object.metadata.name ?? '');
    return this.commit(bucket.has(key) ? 'MODIFIED' : 'ADDED', resource, bucket, key, object);
  }

  /** Removes an object whatever its finalizers (a replica following the other server's DELETED event). */
  forget(resource: string, namespace: string | undefined, name: string): void {
    const bucket = this.bucket(resource);
    const key = objectKey(namespace, name);
    const current = bucket.get(key);
    if (current) this.remove(resource, bucket, key, current);
  }

  private remove(resource: string, bucket: Map<string, KubeObject>, key: string, current: KubeObject): KubeObject {
    bucket.delete(key);
    this.unindex(resource, key, current);
    const object = clone(current);
    object.metadata.resourceVersion = String(++this.revision);
    this.record({ type: 'DELETED', resource, object, resourceVersion: this.revision });
    return clone(object);
  }

  /**
   * Changes of one resource after `resourceVersion`, oldest first. Throws `Expired` when that version is
   * older than the retained history (the watch must relist, as with kube-apiserver's 410 Gone).
   */
  changesSince(resource: string, resourceVersion: number): Change[] {
    const oldest = this.history.length ? this.history[0].resourceVersion - 1 : this.revision;
    if (resourceVersion < oldest) {
      throw new StoreError('Expired', `too old resource version: ${resourceVersion} (${oldest})`);
    }
    return this.history.filter((c) => c.resource === resource && c.resourceVersion > resourceVersion).map(clone);
  }

  /** Forgets the change history: every watch resumed from an older resourceVersion gets 410 Gone. */
  compact(): void {
    this.history = [];
  }

  /** Listens to every committed change; returns the unsubscribe function. */
  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bucket(resource: string): Map<string, KubeObject> {
    let bucket = this.objects.get(resource);
    if (!bucket) this.objects.set(resource, (bucket = new Map()));
    return bucket;
  }

  private commit(type: ChangeType, resource: string, bucket: Map<string, KubeObject>, key: string, object: KubeObject) {
    object.metadata.resourceVersion = String(++this.revision);
    bucket.set(key, object);
    this.index(resource, key, object);
    this.record({ type, resource, object: clone(object), resourceVersion: this.revision });
    return clone(object);
  }

  /** Keeps `byNamespace` and `sorted` in step with a stored object. */
  private index(resource: string, key: string, object: KubeObject): void {
    this.sorted.delete(resource);
    let namespaces = this.byNamespace.get(resource);
    if (!namespaces) this.byNamespace.set(resource, (namespaces = new Map()));
    const name = object.metadata.namespace ?? '';
    let namespace = namespaces.get(name);
    if (!namespace) namespaces.set(name, (namespace = new Map()));
    namespace.set(key, object);
  }

  private unindex(resource: string, key: string, object: KubeObject): void {
    this.sorted.delete(resource);
    const namespaces = this.byNamespace.get(resource);
    const name = object.metadata.namespace ?? '';
    const namespace = namespaces?.get(name);
    namespace?.delete(key);
    if (namespace?.size === 0) namespaces?.delete(name);
  }

  private record(change: Change): void {
    this.history.push(change);
    if (this.history.length > this.historyLimit) this.history.splice(0, this.history.length - this.historyLimit);
    for (const listener of this.listeners) listener(clone(change));
  }
}

function sortByKey(entries: [string, KubeObject][]): [string, KubeObject][] {
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < 5; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}
