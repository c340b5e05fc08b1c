// A live copy of one resource (in one namespace, or all): list, then watch from the list's resourceVersion.
// Lists fill the cache page by page; a list of several pages starts the watch once the first page names the
// list's resourceVersion, so a change to what is already listed shows while the rest is still listing. A namespace's
// first list is read from the API server's watch cache (see `list`). A watch that ends is resumed from the last
// resourceVersion seen (bookmarks included); 410 Gone relists and reports the difference to what was cached, so no
// change is lost.
// Failures back off exponentially; there is no polling. 403/404 stop the cache in a state that says why, they are
// never thrown (a 403 also empties it: access revoked while watching hides what was cached); a 401 (or credentials
// that cannot be had) is retried with backoff, since a refreshed token or a plugin run later may be accepted.
import type { KubeObject } from '../model/kubeObject';
import { objectKey } from '../model/kubeObject';
import type { ApiClient, WatchHandle } from './apiClient';
import { Backoff, type BackoffOptions } from './backoff';
import { classifyFailure, failureCode, KubeApiError } from './errors';
import type { ListPacer, PageRank } from './listPacer';
import { collectionPath, type ResourceType } from './resources';

export type CacheStatus = 'pending' | 'synced' | 'forbidden' | 'unauthorized' | 'notFound' | 'error' | 'stopped';

export interface CacheState {
  status: CacheStatus;
  /** One line: the Status message of a 403, or why the last attempt failed. */
  reason?: string;
  /** The failure behind 'unauthorized' or 'error', for the connection to classify. */
  error?: unknown;
  /** For 'error': when the next attempt is made. */
  retryInMs?: number;
}

export interface CacheChange {
  type: 'added' | 'modified' | 'deleted';
  object: KubeObject;
}

export interface ListWatchOptions {
  /** Passed to the API; the cache holds only matching objects. */
  labelSelector?: string;
  backoff?: BackoffOptions;
  /** A watch that stays open this long, or delivers an event, is healthy and resets the backoff. */
  healthyAfterMs?: number;
  /** Objects per list page. */
  pageSize?: number;
  /** Given: each page of the first list waits its turn, by its rank (whether someone waits for it, `ListPacer`). */
  pacing?: { pacer: ListPacer; rank(): PageRank };
  onChange?(change: CacheChange): void;
  /** On each change of state, and after each page of the first list (more namespaces are listed: `stateIn`). */
  onState?(state: CacheState): void;
}

interface ListBody {
  kind?: string;
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

type Step = 'halt' | { relist: boolean; delayMs: number };

interface OpenWatch {
  step: Promise<Step>;
  stop(): void;
}

export class ListWatchCache {
  private readonly items = new Map<string, KubeObject>();
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  private readonly backoff: Backoff;
  private readonly path: string;
  private rv = '';
  private current: CacheState = { status: 'pending' };
  private started = false;
  private stopped = false;
  /** End whatever the loop is waiting on: a list and the watch beside it, a watch, a backoff delay. */
  private readonly interrupts = new Set<() => void>();
  /** The watch a list of several pages opened beside its later pages; the loop goes on with it. */
  private early?: OpenWatch;
  /**
   * While a list runs beside its watch: the keys the watch changed. Their events are newer than the list's
   * snapshot, so a later page's copy of such an object is older than the cache's and is skipped.
   */
  private touched?: Set<string>;
  private readonly settledWaiters: ((state: CacheState) => void)[] = [];
  /** During the first list: the key of the last object listed so far. */
  private listedThrough?: string;
  /** Whether the server listed in key order, as kube-apiserver pages do (checked, not assumed). */
  private ordered = true;

  constructor(
    private readonly client: ApiClient,
    readonly type: ResourceType,
    readonly namespace: string | undefined,
    private readonly options: ListWatchOptions = {},
  ) {
    this.backoff = new Backoff(options.backoff);
    this.path = collectionPath(type, namespace);
  }

  get state(): CacheState {
    return this.current;
  }

  /** The resourceVersion the next watch resumes from. */
  get resourceVersion(): string {
    return this.rv;
  }

  /** Cached objects, all or those of one namespace. */
  objects(namespace?: string): KubeObject[] {
    const scope = namespace === undefined ? this.items : this.byNamespace.get(namespace);
    return scope ? [...scope.values()] : [];
  }

  /**
   * The state as far as one namespace goes: a cluster-wide cache still making its first list already holds every
   * object of the namespaces whose keys (namespace/name) sort before the last one listed, since pages come in key
   * order; so a tenant shows its workloads while the rest of the cluster is still listing.
   */
  stateIn(namespace: string): CacheState {
    const through = this.listedThrough;
    if (this.current.status !== 'pending' || this.namespace !== undefined || !this.ordered || through === undefined) return this.current;
    const prefix = `${namespace}/`;
    return prefix < through && !through.startsWith(prefix) ? { status: 'synced' } : this.current;
  }

  get(key: string): KubeObject | undefined {
    return this.items.get(key);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.run();
  }

  /** Aborts the request in flight and any pending retry; nothing of the cache keeps running afterwards. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const interrupt of [...this.interrupts]) interrupt();
    this.setState({ status: 'stopped' });
  }

  /** Resolves once the first list has succeeded or failed (or the cache was stopped). */
  whenSettled(): Promise<CacheState> {
    if (this.current.status !== 'pending') return Promise.resolve(this.current);
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private async run(): Promise<void> {
    let relist = true;
    while (!this.stopped) {
      const step: Step = relist ? await this.list() : await this.watch();
      if (step === 'halt' || this.stopped) return;
      relist = step.relist;
      if (step.delayMs > 0) await this.sleep(step.delayMs);
    }
  }

  private async list(): Promise<Step> {
    const abort = new AbortController();
    const interrupt = () => abort.abort();
    this.interrupts.add(interrupt);
    const progressive = this.current.status === 'pending';
    // A namespace's first list is read from the API server's watch cache as it stands (resourceVersion 0, as
    // client-go's informers list first), without waiting for that cache to catch up with etcd; the watch goes on from
    // the list's resourceVersion, so nothing is lost. A relist reads the latest state, so it cannot step back. A
    // cluster-wide list does not: a server may answer resourceVersion 0 from its cache whole, ignoring the page size.
    const fromWatchCache = progressive && this.namespace !== undefined;
    const listed = new Set<string>();
    let previousKey = '';
    try {
      let resourceVersion = '';
      let page: string | undefined;
      do {
        const done = progressive && this.options.pacing ? await this.options.pacing.pacer.turn(this.options.pacing.rank, abort.signal) : undefined;
        let body: ListBody;
        try {
          body = await this.client.get<ListBody>(this.path, {
            query: { labelSelector: this.options.labelSelector, limit: this.options.pageSize ?? 500, continue: page, resourceVersion: fromWatchCache && !page ? '0' : undefined },
            signal: abort.signal,
          });
          if (this.stopped) return 'halt';
          const itemKind = body.kind?.replace(/List$/, '');
          for (const item of body.items ?? []) {
            const object = normalize({ apiVersion: body.apiVersion, kind: itemKind, ...item });
            const key = objectKey(object);
            if (key < previousKey) this.ordered = false;
            previousKey = key;
            listed.add(key);
            if (!this.touched?.has(key)) this.upsert(key, object);
          }
        } finally {
          done?.();
        }
        resourceVersion ||= body.metadata?.resourceVersion ?? '';
        page = body.metadata?.continue || undefined;
        if (page && !this.early && resourceVersion) {
          // Every page is of the first page's snapshot: watching from it now loses nothing.
          this.rv = resourceVersion;
          this.touched = new Set();
          this.early = this.openWatch();
        }
        if (progressive) {
          this.listedThrough = previousKey;
          if (page) this.options.onState?.(this.current);
        }
      } while (page);
      this.sweep(listed);
      // The watch beside the list has moved the resourceVersion on from the list's.
      if (!this.early) this.rv = resourceVersion;
      this.touched = undefined;
      this.setState({ status: 'synced' });
      return { relist: false, delayMs: 0 };
    } catch (error) {
      this.touched = undefined;
      this.early?.stop();
      this.early = undefined;
      if (this.stopped) return 'halt';
      this.listedThrough = undefined;
      return this.failed(error, true);
    } finally {
      this.interrupts.delete(interrupt);
    }
  }

  /** Deletes what a list no longer has (except what a watch beside it changed), reporting each. */
  private sweep(listed: Set<string>): void {
    // Deleting the entry being visited is safe while iterating a Map: no copy of a large cache is needed.
    for (const [key, object] of this.items) {
      if (listed.has(key) || this.touched?.has(key)) continue;
      this.remove(key);
      this.emit('deleted', object);
    }
  }

  /** The watch the list opened beside its later pages, else a new one from the last resourceVersion seen. */
  private watch(): Promise<Step> {
    const early = this.early;
    this.early = undefined;
    return (early ?? this.openWatch()).step;
  }

  /** A watch from the last resourceVersion seen. */
  private openWatch(): OpenWatch {
    let stop!: () => void;
    const step = new Promise<Step>((resolve) => {
      let openedAt = 0;
      let events = 0;
      let relist = false;
      let settled = false;
      const settle = (failure?: unknown) => {
        if (settled) return;
        settled = true;
        this.interrupts.delete(stop);
        if (this.stopped) return resolve('halt');
        const healthy = openedAt > 0 && (events > 0 || Date.now() - openedAt >= (this.options.healthyAfterMs ?? 5000));
        if (healthy) this.backoff.reset();
        if (failureCode(failure) === 410) relist = true;
        // Beside a list, the list's outcome is the state: the loop opens a watch of its own after it.
        else if (failure && openedAt === 0 && this.touched) return resolve({ relist: false, delayMs: 0 });
        else if (failure && openedAt === 0) return resolve(this.failed(failure, false));
        resolve({ relist, delayMs: (failure && !relist) || !healthy ? this.backoff.next() : 0 });
      };
      const handle: WatchHandle = this.client.watch(
        this.path,
        {
          resourceVersion: this.rv || undefined,
          allowWatchBookmarks: true,
          labelSelector: this.options.labelSelector,
          // As client-go does: the server ends the watch after a while, so a half-dead connection cannot linger.
          timeoutSeconds: 300 + Math.floor(Math.random() * 300),
        },
        {
          onOpen: () => {
            openedAt = Date.now();
            if (this.current.status === 'error' && !this.touched) this.setState({ status: 'synced' });
          },
          onEvent: (type, object) => {
            if (type !== 'ERROR') {
              events++;
              this.apply(type, object as KubeObject);
              return;
            }
            const status = (object ?? {}) as { code?: number };
            handle.stop();
            settle(KubeApiError.fromResponse(status.code ?? 500, status));
          },
          onDone: (error) => settle(error),
        },
      );
      // Stopped, by the cache or by the list it was beside failing: it ends without a step of its own.
      stop = () => {
        handle.stop();
        if (settled) return;
        settled = true;
        this.interrupts.delete(stop);
        resolve('halt');
      };
      if (!settled) this.interrupts.add(stop);
    });
    return { step, stop };
  }

  /** The state a failed list (or a watch that never opened) leaves, and what to do next. */
  private failed(error: unknown, listing: boolean): Step {
    const code = failureCode(error);
    const classified = classifyFailure(error, this.client.credentialKind);
    if (code === 403) {
      // Access was revoked (or never granted): what the user may no longer read is hidden, not kept stale.
      this.clear();
      this.rv = '';
      this.setState({ status: 'forbidden', reason: error instanceof Error ? error.message : classified.reason });
      return 'halt';
    }
    if (classified.status === 'unauthorized' || classified.status === 'credentials') {
      const delayMs = this.backoff.next();
      this.setState({ status: 'unauthorized', reason: classified.reason, error, retryInMs: delayMs });
      return { relist: true, delayMs };
    }
    if (code === 404) {
      this.setState({ status: 'notFound', reason: classified.reason });
      return 'halt';
    }
    const retryAfterMs = error instanceof KubeApiError ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
    const delayMs = Math.max(this.backoff.next(), retryAfterMs);
    this.setState({ status: 'error', reason: classified.reason, error, retryInMs: delayMs });
    return { relist: listing, delayMs };
  }

  private apply(type: string, raw: KubeObject): void {
    const resourceVersion = raw?.metadata?.resourceVersion;
    if (type === 'BOOKMARK') {
      if (resourceVersion) this.rv = resourceVersion;
      return;
    }
    if (!raw?.metadata?.name) return;
    const object = normalize(raw);
    const key = objectKey(object);
    this.touched?.add(key);
    if (type === 'DELETED') {
      this.remove(key);
      this.emit('deleted', object);
    } else if (type === 'ADDED' || type === 'MODIFIED') {
      const existed = this.items.has(key);
      this.put(key, object);
      this.emit(existed ? 'modified' : 'added', object);
    }
    if (resourceVersion) this.rv = resourceVersion;
  }

  /** A listed object: cached, and reported as added, or as modified when its resourceVersion moved. */
  private upsert(key: string, object: KubeObject): void {
    const old = this.items.get(key);
    this.put(key, object);
    if (!old) this.emit('added', object);
    else if (old.metadata.resourceVersion !== object.metadata.resourceVersion) this.emit('modified', object);
  }

  /** Access revoked: every cached object is reported deleted. */
  private clear(): void {
    const previous = [...this.items.values()];
    this.items.clear();
    this.byNamespace.clear();
    for (const object of previous) this.emit('deleted', object);
  }

  private put(key: string, object: KubeObject): void {
    this.items.set(key, object);
    const namespace = object.metadata.namespace ?? '';
    let scope = this.byNamespace.get(namespace);
    if (!scope) this.byNamespace.set(namespace, (scope = new Map()));
    scope.set(key, object);
  }

  private remove(key: string): void {
    const namespace = this.items.get(key)?.metadata.namespace ?? '';
    this.items.delete(key);
    const scope = this.byNamespace.get(namespace);
    scope?.delete(key);
    if (scope?.size === 0) this.byNamespace.delete(namespace);
  }

  private emit(type: CacheChange['type'], object: KubeObject): void {
    this.options.onChange?.({ type, object });
  }

  private setState(state: CacheState): void {
    this.current = state;
    if (state.status !== 'pending') for (const resolve of this.settledWaiters.splice(0)) resolve(state);
    this.options.onState?.(state);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const interrupt = () => {
        clearTimeout(timer);
        this.interrupts.delete(interrupt);
        resolve();
      };
      const timer = setTimeout(interrupt, ms);
      this.interrupts.add(interrupt);
    });
  }
}

/** Drops managedFields, which are large and never shown. */
function normalize(object: KubeObject): KubeObject {
  if (object.metadata?.managedFields) delete object.metadata.managedFields;
  return object;
}
