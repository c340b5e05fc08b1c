// A local Store that mirrors resources of a real kube-apiserver, so that the simulator's controllers — written
// synchronously against a Store — run unchanged on a real cluster. The server's objects come in by list+watch
// (Follower); what the controllers change goes back out through the API, per object in order and a few objects
// at a time:
//   - a create is a POST (status, where the resource has a status subresource, follows as a status patch);
//   - a change is a JSON merge patch of exactly the fields the controller changed (status through `/status`,
//     a pod's nodeName as a `pods/binding`, finalizers as a set merged with the server's under the version they
//     were read at — a conflict refetches and merges again);
//   - a delete is a DELETE (pods with grace period 0: the simulation is their kubelet).
// Each object remembers the server's last state and the fields the controllers changed that the server does not
// have yet; whenever the server's state moves (a watch event, the answer to a push) the local object becomes the
// server's with those fields laid over it. A user's edit and a controller's write therefore both survive, and the
// server's echo of a push changes nothing locally. Uids are translated both ways (UidMap).
import type { Registry, ResourceDef } from '../../sim/resources';
import { keyOf } from '../../sim/resources';
import { Store, type Change, type KubeObject } from '../../sim/store';
import { collectionPath, objectPath } from '../loader';
import type { RestClient, RestResponse } from '../rest';
import { Follower } from './follow';
import { changedPaths, deepEqual, getPath, mergeDiff, setPath, withoutNested, type Path } from './paths';
import { UidMap } from './uids';

/** Metadata each store keeps for itself: never pushed, never compared. */
const OWN_METADATA = ['resourceVersion', 'generation', 'uid', 'creationTimestamp', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'];
const FINALIZERS = ['metadata', 'finalizers'];
const NODE_NAME = ['spec', 'nodeName'];
const MERGE = 'application/merge-patch+json';

type OpKind = 'create' | 'sync' | 'delete';

interface Tracked {
  resource: string;
  def: ResourceDef;
  namespace?: string;
  name: string;
  /** The server's object as last seen (local uids); undefined while the server has none. */
  server?: KubeObject;
  serverRv: number;
  /** The local object as last seen, to tell what a controller changed. */
  local?: KubeObject;
  /** Fields the controllers changed that are not pushed yet, and the ones being pushed. */
  intent: Map<string, Path>;
  sending: Map<string, Path>;
  /** Finalizers the controllers added and removed, merged into the server's list. */
  finalizers: { added: Set<string>; removed: Set<string> };
  ops: { kind: OpKind; seq: number }[];
  busy: boolean;
  /** A server event that came while the create was under way. */
  stash?: KubeObject;
  /** The local uid of this incarnation of the object. */
  uid?: string;
  /** An earlier incarnation, deleted while a controller made a new one of the same name: it finishes its ops alone. */
  retired?: boolean;
}

const rvOf = (o: KubeObject | undefined) => Number(o?.metadata?.resourceVersion ?? 0);
const entryKey = (resource: string, namespace: string | undefined, name: string) => `${resource}|${namespace ?? ''}|${name}`;

/** A Status's message, else the body. */
function messageOf(response: RestResponse): string {
  try {
    return response.json<{ message?: string }>().message ?? response.text;
  } catch {
    return response.text;
  }
}

/** The object without the metadata each store keeps for itself. */
function comparable(object: KubeObject | undefined): KubeObject | undefined {
  if (!object) return undefined;
  const copy = { ...object, metadata: { ...object.metadata } };
  for (const field of OWN_METADATA) delete (copy.metadata as Record<string, unknown>)[field];
  return copy;
}

/** Everything but the resourceVersion and managedFields (which differ between the stores by design). */
function withoutVersion(object: KubeObject): KubeObject {
  const copy = { ...object, metadata: { ...object.metadata } };
  delete copy.metadata.resourceVersion;
  delete copy.metadata.managedFields;
  return copy;
}

export interface ReplicaOptions {
  client: RestClient;
  registry: Registry;
  /** Store keys to mirror, e.g. `pods`, `virtualmachines.kubevirt.io`. */
  resources: readonly string[];
  /** Store keys the controllers only create (events): pushed, then forgotten locally. */
  createOnly?: readonly string[];
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  log?: (line: string) => void;
  /** A controller's new object the server refused for good (after the object is forgotten locally): the server's message. */
  refused?: (resource: string, object: KubeObject, message: string) => void;
}

export class Replica {
  readonly store = new Store();
  readonly uids = new UidMap();
  /** Requests sent, by kind, for reports. */
  readonly sent = { create: 0, patch: 0, status: 0, binding: 0, delete: 0, get: 0 };
  private readonly tracked = new Map<string, Tracked>();
  private readonly queue: Tracked[] = [];
  private readonly retired = new Set<Tracked>();
  private readonly followers: Follower[] = [];
  private readonly unsubscribe: () => void;
  private readonly client: RestClient;
  private readonly registry: Registry;
  private readonly defs = new Map<string, ResourceDef>();
  private readonly createOnly: Set<string>;
  private readonly concurrency: number;
  private readonly log: (line: string) => void;
  private readonly refused?: (resource: string, object: KubeObject, message: string) => void;
  private applying = false;
  private running = 0;
  private seq = 0;
  private stopped = false;
  private flushes: { seq: number; resolve: () => void }[] = [];

  constructor(options: ReplicaOptions) {
    this.client = options.client;
    this.registry = options.registry;
    this.createOnly = new Set(options.createOnly ?? []);
    this.concurrency = options.concurrency ?? 8;
    this.log = options.log ?? ((line) => console.error(line));
    this.refused = options.refused;
    for (const def of this.registry.all()) this.defs.set(keyOf(def), def);
    for (const resource of [...options.resources, ...this.createOnly]) if (!this.defs.has(resource)) throw new Error(`replica: the cluster does not serve ${resource}`);
    this.store.held = (object) => !this.uids.blocked(object.metadata.uid);
    this.unsubscribe = this.store.subscribe((change) => this.onLocal(change));
    for (const resource of options.resources) {
      const def = this.defs.get(resource)!;
      this.followers.push(new Follower(this.client, def, {
        listed: (items) => this.onList(resource, items),
        changed: (type, object) => this.onServer(resource, type, object),
      }, (message) => this.log(`replica: ${message}`)));
    }
  }

  /** Settles once every followed resource has been listed. */
  async synced(): Promise<void> {
    await Promise.all(this.followers.map((f) => f.synced));
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    for (const f of this.followers) f.stop();
    for (const f of this.flushes.splice(0)) f.resolve();
  }

  /**
   * Settles once the controllers have written nothing for `quietMs` and the server has answered all they wrote (what
   * a scenario's objects set off at its start has played out), or after `timeoutMs` regardless: a VM left to retry
   * for ever would never let it settle.
   */
  async settled(quietMs = 500, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seq = this.seq;
      await this.flush();
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      if (this.stopped || this.seq === seq || Date.now() > deadline) return;
    }
  }

  /** Settles when everything the controllers wrote until now has been answered by the server. */
  flush(): Promise<void> {
    const seq = this.seq;
    if (this.oldestPending() > seq) return Promise.resolve();
    return new Promise((resolve) => this.flushes.push({ seq, resolve }));
  }

  /** Reads objects from the server now (a request must see what the server has, not what the watch has brought). */
  async refresh(resource: string, namespace: string | undefined, name: string): Promise<void> {
    const def = this.defs.get(resource)!;
    this.sent.get++;
    const response = await this.client.get(objectPath(def, { metadata: { namespace, name } }));
    if (response.status === 200) this.onServer(resource, 'MODIFIED', { apiVersion: def.group ? `${def.group}/${def.version}` : def.version, kind: def.kind, ...response.json<KubeObject>() });
    else if (response.status === 404) {
      const t = this.tracked.get(entryKey(resource, namespace, this.uids.fromServer(name)));
      if (t?.server && !t.busy && !t.ops.length) this.gone(t);
    }
  }

  /** Deletes a pod whose deletion the server is waiting for, as its kubelet confirms it (grace period 0). */
  finishPodDeletion(namespace: string, name: string): void {
    const t = this.tracked.get(entryKey('pods', namespace, name));
    if (!t || t.ops.some((o) => o.kind === 'delete')) return;
    this.enqueue(t, 'delete');
  }

  // ---- local side: what the controllers write ----

  private entry(resource: string, namespace: string | undefined, name: string): Tracked {
    const key = entryKey(resource, namespace, name);
    let t = this.tracked.get(key);
    if (!t) {
      t = { resource, def: this.defs.get(resource)!, namespace, name, serverRv: 0, intent: new Map(), sending: new Map(), finalizers: { added: new Set(), removed: new Set() }, ops: [], busy: false };
      this.tracked.set(key, t);
    }
    return t;
  }

  private onLocal(change: Change): void {
    const { namespace, name } = change.object.metadata;
    if (!this.defs.has(change.resource)) return;
    if (this.applying) {
      const known = this.tracked.get(entryKey(change.resource, namespace, name ?? ''));
      if (known) known.local = change.type === 'DELETED' ? undefined : change.object;
      if (known && change.type !== 'DELETED') known.uid = change.object.metadata.uid;
      return;
    }
    let t = this.entry(change.resource, namespace, name ?? '');
    const after = change.object;
    if (change.type === 'ADDED') {
      if (t.ops.length || t.busy) t = this.retire(t);
      t.local = after;
      t.uid = after.metadata.uid;
      this.uids.creating(after.metadata.uid!);
      return this.enqueue(t, 'create');
    }
    const before = t.local;
    t.local = after;
    const wasDeleting = !!before?.metadata.deletionTimestamp;
    this.noteChanges(t, before, after);
    if (change.type === 'DELETED' && !wasDeleting) {
      if (t.ops[0]?.kind === 'create' && !t.busy) {
        // Never sent: there is nothing to delete on the server.
        this.uids.abandoned(after.metadata.uid!);
        this.tracked.delete(entryKey(t.resource, t.namespace, t.name));
        return;
      }
      return this.enqueue(t, 'delete');
    }
    if (!wasDeleting && after.metadata.deletionTimestamp) this.enqueue(t, 'delete');
    if (t.intent.size || t.finalizers.added.size || t.finalizers.removed.size) this.enqueue(t, 'sync');
  }

  /** Sets an entry with pending ops aside for a new incarnation of its object; returns the new entry. */
  private retire(t: Tracked): Tracked {
    t.retired = true;
    this.tracked.delete(entryKey(t.resource, t.namespace, t.name));
    this.retired.add(t);
    return this.entry(t.resource, t.namespace, t.name);
  }

  private noteChanges(t: Tracked, before: KubeObject | undefined, after: KubeObject): void {
    const [a, b] = [comparable(before), comparable(after)];
    for (const path of changedPaths(a, b)) {
      if (!path.length) continue;
      if (deepEqual(path, FINALIZERS)) {
        const old = new Set(before?.metadata.finalizers ?? []);
        const next = new Set(after.metadata.finalizers ?? []);
        for (const f of next) {
          if (old.has(f)) continue;
          t.finalizers.removed.delete(f);
          t.finalizers.added.add(f);
        }
        for (const f of old) {
          if (next.has(f)) continue;
          t.finalizers.added.delete(f);
          t.finalizers.removed.add(f);
        }
      } else if (path[0] !== 'kind' && path[0] !== 'apiVersion') {
        t.intent.set(JSON.stringify(path), path);
      }
    }
  }

  private enqueue(t: Tracked, kind: OpKind): void {
    const last = t.ops[t.ops.length - 1];
    // A queued sync takes later changes too (it reads the fields when it is sent).
    if (kind === 'sync' && last?.kind === 'sync' && !(t.busy && t.ops.length === 1)) return;
    t.ops.push({ kind, seq: ++this.seq });
    if (!this.queue.includes(t)) this.queue.push(t);
    this.pump();
  }

  // ---- sending ----

  private pump(): void {
    if (this.stopped) return;
    for (let i = 0; i < this.queue.length && this.running < this.concurrency;) {
      const t = this.queue[i];
      if (t.busy || !t.ops.length || !this.ready(t)) {
        if (!t.ops.length && !t.busy) this.queue.splice(i, 1);
        else i++;
        continue;
      }
      this.queue.splice(i, 1);
      t.busy = true;
      this.running++;
      void this.run(t).finally(() => {
        t.busy = false;
        this.running--;
        if (t.retired && !t.ops.length) this.retired.delete(t);
        if (t.ops.length && !this.queue.includes(t)) this.queue.push(t);
        this.settleFlushes();
        this.pump();
      });
    }
    this.settleFlushes();
  }

  /**
   * An op whose payload names a local uid still being created waits for that create — except status fields, which
   * a create leaves for a later sync (a VMI's `activePods` names its pod, whose labels name the VMI).
   */
  private ready(t: Tracked): boolean {
    const op = t.ops[0];
    if (op.kind === 'delete') return true;
    const local = this.localObject(t);
    if (!local) return true;
    if (op.kind === 'create') return this.uids.blockedPaths(comparable(local)).every((p) => p[0] === 'status');
    if (t.finalizers.added.size > 0 || t.finalizers.removed.size > 0 || !t.intent.size) return true;
    return [...t.intent.values()].some((p) => !this.uids.blocked(getPath(local, p)));
  }

  private localObject(t: Tracked): KubeObject | undefined {
    if (t.retired) return t.local;
    return this.store.get(t.resource, t.namespace, t.name) ?? t.local;
  }

  private oldestPending(): number {
    let oldest = Infinity;
    for (const entries of [this.tracked.values(), this.retired.values()]) for (const t of entries) for (const op of t.ops) oldest = Math.min(oldest, op.seq);
    return oldest;
  }

  private settleFlushes(): void {
    if (!this.flushes.length) return;
    const oldest = this.oldestPending();
    const done = this.flushes.filter((f) => f.seq < oldest);
    this.flushes = this.flushes.filter((f) => f.seq >= oldest);
    for (const f of done) f.resolve();
  }

  private async run(t: Tracked): Promise<void> {
    const op = t.ops[0];
    try {
      if (op.kind === 'create') await this.create(t);
      else if (op.kind === 'sync') await this.sync(t);
      else await this.remove(t);
    } catch (error) {
      // Writes still in flight when the control plane stops fail as it goes: nothing to report.
      if (!this.stopped) this.log(`replica: ${op.kind} ${t.resource} ${t.namespace ?? ''}/${t.name}: ${(error as Error).message}`);
    }
    t.ops.shift();
  }

  /**
   * The object's path on the server. A name that embeds a uid of the controllers' (a snapshot content is named
   * after its snapshot's uid) is created under the server's uid, so every request after the create uses that name.
   */
  private serverPath(t: Tracked): string {
    return objectPath(t.def, { metadata: { namespace: t.namespace, name: this.uids.toServer(t.name) } });
  }

  private failed(t: Tracked, what: string, response: RestResponse): void {
    if (this.stopped) return;
    this.log(`replica: ${what} ${t.resource} ${t.namespace ?? ''}/${t.name}: ${response.status} ${messageOf(response).slice(0, 400)}`);
  }

  private async create(t: Tracked): Promise<void> {
    const local = this.localObject(t);
    if (!local) return;
    const localUid = local.metadata.uid!;
    const body = structuredClone(comparable(local)!);
    // Status fields naming objects not created yet follow in a sync.
    const deferred = this.uids.blockedPaths(body);
    for (const path of deferred) setPath(body, path, undefined);
    const withStatus = !!t.def.subresources?.status && body.status !== undefined;
    if (withStatus) delete body.status;
    const response = await this.createWithRetries(t, body);
    if (response.status === 409) {
      // Someone made it first: adopt the server's object.
      this.sent.get++;
      const existing = await this.client.get(this.serverPath(t));
      if (existing.status === 200) this.uids.created(localUid, existing.json<KubeObject>().metadata.uid!);
      else this.uids.abandoned(localUid);
      t.intent.clear();
      if (existing.status === 200) this.serverState(t, existing.json<KubeObject>());
      return;
    }
    if (response.status !== 201) {
      this.failed(t, 'create', response);
      this.uids.abandoned(localUid);
      this.forgetLocally(t);
      if (!this.stopped) this.refused?.(t.resource, local, messageOf(response));
      return;
    }
    const created = response.json<KubeObject>();
    this.uids.created(localUid, created.metadata.uid!);
    if (this.createOnly.has(t.resource)) {
      this.forgetLocally(t);
      return;
    }
    // What the create could not carry (status) or what changed meanwhile goes in the next sync.
    if (withStatus) t.intent.set(JSON.stringify(['status']), ['status']);
    for (const path of deferred) t.intent.set(JSON.stringify(path), path);
    const stash = t.stash;
    t.stash = undefined;
    this.serverState(t, created);
    if (stash && rvOf(stash) > t.serverRv) this.serverState(t, stash, true);
    if (t.intent.size && !t.ops.slice(1).some((o) => o.kind === 'sync')) t.ops.push({ kind: 'sync', seq: ++this.seq });
  }

  /**
   * POSTs a new object, retrying for a while what a controller would requeue: a busy server, or a namespace whose
   * `default` service account the controller manager has not made yet (ServiceAccount admission refuses pods then).
   */
  private async createWithRetries(t: Tracked, body: KubeObject): Promise<RestResponse> {
    for (let attempt = 0; ; attempt++) {
      this.sent.create++;
      const response = await this.client.post(collectionPath(t.def, t.namespace), this.uids.toServer(body));
      let transient = response.status >= 500 || response.status === 429 || (response.status === 403 && /error looking up service account/.test(response.text));
      if (response.status === 409) {
        // An earlier incarnation that is still being deleted (its finalizers) leaves shortly.
        this.sent.get++;
        const existing = await this.client.get(this.serverPath(t));
        transient = existing.status === 404 || (existing.status === 200 && !!existing.json<KubeObject>().metadata.deletionTimestamp);
      }
      if (!transient || attempt >= 10 || this.stopped) return response;
      await new Promise((resolve) => setTimeout(resolve, Math.min(3000, 100 * 2 ** attempt)));
    }
  }

  private async sync(t: Tracked): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const local = this.localObject(t);
      if (!local || !t.server) {
        t.intent.clear();
        return;
      }
      for (const [k, p] of t.intent) {
        if (this.uids.blocked(getPath(local, p))) continue;
        t.sending.set(k, p);
        t.intent.delete(k);
      }
      const { main, status, node, finalizers } = this.patches(t, local);
      const results: RestResponse[] = [];
      const path = this.serverPath(t);
      if (node) {
        this.sent.binding++;
        results.push(await this.client.post(`${path}/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: this.uids.toServer(t.name), namespace: t.namespace }, target: { apiVersion: 'v1', kind: 'Node', name: node } }));
      }
      if (main) {
        this.sent.patch++;
        results.push(await this.client.patch(path, this.uids.toServer(main), MERGE));
      }
      if (status) {
        this.sent.status++;
        results.push(await this.client.patch(`${path}/status`, this.uids.toServer(status), MERGE));
      }
      let conflict = false;
      for (const r of results) {
        if (r.status === 200 && r.json<KubeObject>().kind !== 'Status') this.serverState(t, r.json<KubeObject>(), false);
        else if (r.status === 201) continue;
        else if (r.status === 404) return this.gone(t);
        else if (r.status === 409 && finalizers) conflict = true;
        else this.failed(t, 'update', r);
      }
      if (!conflict) {
        t.sending.clear();
        if (finalizers) t.finalizers = { added: new Set(), removed: new Set() };
        this.rebase(t);
        // Fields that waited for a create go in a sync of their own.
        if (t.intent.size && !t.ops.slice(1).some((o) => o.kind === 'sync')) t.ops.push({ kind: 'sync', seq: ++this.seq });
        return;
      }
      // The finalizers were read at an older version: merge them into the newest and try again.
      for (const [k, p] of t.sending) t.intent.set(k, p);
      t.sending.clear();
      this.sent.get++;
      const fresh = await this.client.get(path);
      if (fresh.status === 404) return this.gone(t);
      if (fresh.status === 200) this.serverState(t, fresh.json<KubeObject>(), false);
    }
  }

  /** The requests that carry the fields being sent: a merge patch of the object, one of its status, a binding. */
  private patches(t: Tracked, local: KubeObject): { main?: Record<string, unknown>; status?: Record<string, unknown>; node?: string; finalizers: boolean } {
    const server = t.server!;
    const statusApart = !!t.def.subresources?.status;
    let main: Record<string, unknown> | undefined;
    let status: Record<string, unknown> | undefined;
    let node: string | undefined;
    for (const path of withoutNested(t.sending.values())) {
      if (t.resource === 'pods' && deepEqual(path, NODE_NAME)) {
        if (!getPath(server, path)) node = getPath(local, path) as string | undefined;
        continue;
      }
      const [from, to] = [getPath(server, path), getPath(local, path)];
      if (deepEqual(from, to)) continue;
      const value = from !== null && typeof from === 'object' && !Array.isArray(from) && to !== null && typeof to === 'object' && !Array.isArray(to) ? mergeDiff(from, to) : to ?? null;
      const target = statusApart && path[0] === 'status' ? (status ??= {}) : (main ??= {});
      let parent = target;
      for (const key of path.slice(0, -1)) parent = (parent[key] ??= {}) as Record<string, unknown>;
      parent[path[path.length - 1]] = value;
    }
    const { added, removed } = t.finalizers;
    const finalizers = added.size > 0 || removed.size > 0;
    if (finalizers) {
      const merged = [...(server.metadata.finalizers ?? []).filter((f) => !removed.has(f))];
      for (const f of added) if (!merged.includes(f)) merged.push(f);
      main ??= {};
      main.metadata = { ...(main.metadata as object), finalizers: merged, resourceVersion: String(t.serverRv) };
    }
    return { main, status, node, finalizers };
  }

  private async remove(t: Tracked): Promise<void> {
    const local = this.localObject(t) ?? t.server;
    if (!local) return;
    // Only this incarnation: a newer one of the same name must survive. A pod goes at once, as when its kubelet
    // confirms it. Both in the body: kube-apiserver reads DeleteOptions from the body when there is one and then
    // ignores the query's.
    const uid = t.uid && this.uids.toServer(t.uid);
    const options = { ...(uid ? { preconditions: { uid } } : {}), ...(t.resource === 'pods' ? { gracePeriodSeconds: 0 } : {}) };
    const body = Object.keys(options).length ? { apiVersion: 'v1', kind: 'DeleteOptions', ...options } : undefined;
    this.sent.delete++;
    const response = await this.client.delete(this.serverPath(t), body ? { body } : undefined);
    if (response.status === 404 || (response.status === 409 && /Precondition failed/.test(response.text))) return this.gone(t);
    if (response.status !== 200 && response.status !== 202) return this.failed(t, 'delete', response);
    const answer = response.json<KubeObject>();
    if (answer.kind !== 'Status' && answer.metadata?.deletionTimestamp) this.serverState(t, answer, false);
  }

  // ---- server side: what the watches and answers bring ----

  private onList(resource: string, items: KubeObject[]): void {
    const seen = new Set<string>();
    for (const item of items) {
      seen.add(entryKey(resource, item.metadata.namespace, item.metadata.name ?? ''));
      this.onServer(resource, 'ADDED', item);
    }
    for (const [key, t] of this.tracked) {
      if (t.resource === resource && t.server && !seen.has(key) && !t.busy && !t.ops.some((o) => o.kind === 'create')) this.gone(t);
    }
  }

  private onServer(resource: string, type: 'ADDED' | 'MODIFIED' | 'DELETED', raw: KubeObject): void {
    if (this.stopped) return;
    const object = this.uids.fromServer(raw);
    const { namespace, name, uid } = object.metadata;
    const earlier = [...this.retired].find((r) => r.resource === resource && r.uid === uid);
    if (earlier) {
      if (type === 'DELETED') return this.gone(earlier);
      if (rvOf(object) > earlier.serverRv) {
        earlier.server = object;
        earlier.serverRv = rvOf(object);
      }
      return;
    }
    const t = this.entry(resource, namespace, name ?? '');
    if (t.ops[0]?.kind === 'create') {
      if (type !== 'DELETED') t.stash = object;
      return;
    }
    // An earlier incarnation's news, once this one is known: nothing to do with the local object.
    if (t.uid && uid !== t.uid && (type === 'DELETED' || t.ops.some((o) => o.kind === 'create'))) return;
    if (rvOf(object) <= t.serverRv) return;
    if (type === 'DELETED') return this.gone(t);
    this.serverState(t, object, true);
  }

  /** The server's newer state of an object; the local object follows it, with the controllers' unsent fields on top. */
  private serverState(t: Tracked, raw: KubeObject, translated = false): void {
    const object = translated ? raw : this.uids.fromServer(raw);
    if (rvOf(object) < t.serverRv) return;
    t.server = object;
    t.serverRv = rvOf(object);
    this.rebase(t);
  }

  private rebase(t: Tracked): void {
    if (!t.server || t.retired) return;
    const local = this.store.get(t.resource, t.namespace, t.name);
    const deleting = t.ops.some((o) => o.kind === 'delete');
    if (!local && (deleting || t.local)) return;
    const next = structuredClone(t.server);
    if (local) {
      for (const path of withoutNested([...t.sending.values(), ...t.intent.values()])) setPath(next, path, getPath(local, path));
      const { added, removed } = t.finalizers;
      if (added.size || removed.size) {
        const merged = (next.metadata.finalizers ?? []).filter((f) => !removed.has(f));
        for (const f of added) if (!merged.includes(f)) merged.push(f);
        next.metadata.finalizers = merged;
      }
      if (deleting && !next.metadata.deletionTimestamp) next.metadata.deletionTimestamp = local.metadata.deletionTimestamp;
      if (deepEqual(withoutVersion(next), withoutVersion(local))) return;
    }
    this.apply(() => this.store.mirror(t.resource, next));
  }

  private gone(t: Tracked): void {
    if (t.retired) {
      this.retired.delete(t);
      return;
    }
    this.forgetLocally(t);
    this.tracked.delete(entryKey(t.resource, t.namespace, t.name));
  }

  private forgetLocally(t: Tracked): void {
    this.apply(() => this.store.forget(t.resource, t.namespace, t.name));
    if (this.createOnly.has(t.resource)) this.tracked.delete(entryKey(t.resource, t.namespace, t.name));
  }

  private apply(write: () => void): void {
    this.applying = true;
    try {
      write();
    } finally {
      this.applying = false;
    }
  }
}
