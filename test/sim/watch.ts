// Watches: a chunked stream of `{"type":…,"object":…}` lines, started from a resourceVersion (resume from the
// store's history, or an ERROR 410 Expired event when it is too old), from "now" with synthetic ADDED events
// (resourceVersion unset or "0"), or a streamed list (sendInitialEvents: every object, in batches as the socket takes
// them, then a bookmark ending them), with periodic BOOKMARKs when asked, ending after timeoutSeconds.
import type { ServerResponse } from 'node:http';
import { ApiError } from './api-error';
import { validateListOptions } from './list-options';
import { resetResponse } from './respond';
import type { RequestContext } from './handlers/context';
import { selector } from './handlers/objects';
import { apiVersionOf, keyOf, type ResourceDef } from './resources';
import { StoreError, type Change, type KubeObject } from './store';
import { toTable, wantsTable } from './table';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** A streamed list's objects written between two turns of the event loop, so other requests are served meanwhile. */
const INITIAL_BATCH = 100;

/** Each stored object's JSON, serialized once (stored objects are never changed in place), as for list pages. */
const objectJson = new WeakMap<Readonly<KubeObject>, string>();

function jsonOf(object: Readonly<KubeObject>): string {
  let json = objectJson.get(object);
  if (json === undefined) objectJson.set(object, (json = JSON.stringify(object)));
  return json;
}

/** Resolves when the response can take more (or has closed). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Open watch responses of one cluster, so a fault can drop them all. */
export class WatchRegistry {
  private readonly open = new Set<ServerResponse>();

  get size(): number {
    return this.open.size;
  }

  add(res: ServerResponse): void {
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
  }

  /**
   * Ends every watch: `abrupt` resets them (a crashed server or proxy: each watch's connection over HTTP/1.1, its
   * stream over HTTP/2), otherwise the streams end cleanly (a server-side timeout or a proxy closing idle streams),
   * after which clients re-watch. Returns how many.
   */
  dropAll(abrupt = false): number {
    const count = this.open.size;
    for (const res of this.open) {
      if (abrupt) resetResponse(res);
      else res.end();
    }
    this.open.clear();
    return count;
  }
}

export function serveWatch(ctx: RequestContext, def: ResourceDef, watches: WatchRegistry, bookmarkIntervalMs: number): void {
  const { res, query, cluster } = ctx;
  const { store } = cluster;
  const key = keyOf(def);
  const matches = selector(ctx, def);
  const asTable = wantsTable(ctx.req.headers.accept);
  const includeObject = query.get('includeObject');
  const rvParam = query.get('resourceVersion');
  const fromNow = !rvParam || rvParam === '0';
  const sendInitial = query.get('sendInitialEvents') === 'true';
  const bookmarks = ['true', '1'].includes(query.get('allowWatchBookmarks') ?? '');
  validateListOptions(query, true);

  // HTTP/2 has no Transfer-Encoding: its frames carry the stream.
  res.writeHead(200, { 'Content-Type': 'application/json', ...(ctx.req.httpVersionMajor === 2 ? {} : { 'Transfer-Encoding': 'chunked' }), 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  watches.add(res);

  const write = (type: WatchEventType, object: unknown) => {
    if (!res.writableEnded && !res.destroyed) res.write(JSON.stringify({ type, object }) + '\n');
  };
  const emit = (type: WatchEventType, object: KubeObject) =>
    write(type, asTable ? toTable(def, [object], { resourceVersion: object.metadata.resourceVersion }, includeObject) : object);
  const bookmark = (annotations?: Record<string, string>, resourceVersion = String(store.resourceVersion)) => {
    const metadata: Record<string, unknown> = { resourceVersion };
    if (annotations) metadata.annotations = annotations;
    write('BOOKMARK', { kind: def.kind, apiVersion: apiVersionOf(def), metadata });
  };

  // Which objects this watcher currently sees, so a label change out of (into) its selector becomes DELETED (ADDED).
  const visible = new Set<string>();
  const id = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const deliver = (change: Change) => {
    if (change.resource !== key) return;
    const was = visible.has(id(change.object));
    const is = change.type !== 'DELETED' && matches(change.object);
    if (is) visible.add(id(change.object));
    else visible.delete(id(change.object));
    if (change.type === 'DELETED') {
      if (was || matches(change.object)) emit('DELETED', change.object);
    } else if (is) emit(was ? 'MODIFIED' : 'ADDED', change.object);
    else if (was) emit('DELETED', change.object);
  };

  let backlog: Change[] = [];
  if (!fromNow) {
    const rv = Number(rvParam);
    try {
      if (cluster.faults.takeWatchExpiry()) throw new StoreError('Expired', `too old resource version: ${rv} (${store.resourceVersion})`);
      backlog = store.changesSince(key, rv);
    } catch (e) {
      const error = e instanceof StoreError ? new ApiError(410, 'Expired', e.message) : (e as ApiError);
      write('ERROR', error.toStatus());
      res.end();
      return;
    }
    // Objects that match now are taken as visible at the resume point (an approximation of the past).
    for (const o of store.scan(key)) if (matches(o)) visible.add(id(o));
    for (const c of backlog) if (c.type === 'ADDED') visible.delete(id(c.object));
  }
  // Changes made while a streamed list is still being written wait until its objects and their bookmark are out.
  let queued: Change[] | undefined;
  const unsubscribe = store.subscribe((change) => (queued ? queued.push(change) : deliver(change)));
  if (sendInitial) {
    // The stored objects themselves (never changed in place): copying thousands would hold the server up.
    const snapshot = store.scan(key).filter(matches);
    const resourceVersion = String(store.resourceVersion);
    for (const o of snapshot) visible.add(id(o));
    queued = backlog;
    void (async () => {
      for (let i = 0; i < snapshot.length && !res.writableEnded && !res.destroyed; i++) {
        const written = asTable ? (emit('ADDED', snapshot[i]), true) : res.write(`{"type":"ADDED","object":${jsonOf(snapshot[i])}}\n`);
        if (!written) await drained(res);
        else if (i % INITIAL_BATCH === INITIAL_BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
      }
      if (bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' }, resourceVersion);
      const waiting = queued ?? [];
      queued = undefined;
      for (const change of waiting) deliver(change);
    })();
  } else {
    if (fromNow) {
      for (const o of store.list(key, undefined, matches)) {
        visible.add(id(o));
        emit('ADDED', o);
      }
    }
    for (const change of backlog) deliver(change);
  }

  const timers: NodeJS.Timeout[] = [];
  if (bookmarks) timers.push(setInterval(() => bookmark(), bookmarkIntervalMs));
  const timeout = Number(query.get('timeoutSeconds') ?? 0);
  // Without timeoutSeconds kube-apiserver picks 30–60 minutes; one hour is close enough.
  timers.push(setTimeout(() => res.end(), (timeout > 0 ? timeout : 3600) * 1000));
  res.on('close', () => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
  });
}
