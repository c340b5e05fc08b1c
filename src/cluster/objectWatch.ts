// Following one object by name: list + watch with fieldSelector metadata.name (no polling), resumed after the
// stream ends, backing off while it keeps failing; and a wait that ends when a judge says the object got where it
// should (or somewhere it cannot come back from), on timeout or on abort.
import * as l10n from '@vscode/l10n';
import type { Judgement } from '../model/judgement';
import type { WatchHandle } from './apiClient';
import { Backoff } from './backoff';
import { failureCode, KubeApiError } from './errors';
import type { KubeHttp } from './kubeHttp';

/**
 * List + watch of one object by name. The list gives the current state and the resourceVersion to watch from;
 * when the stream ends (server timeout, 410 Gone, network) it lists and watches again, backing off while it keeps
 * failing, until stopped. A 401, 403 or 404 is final: waiting cannot succeed without read access to something
 * that is served.
 */
export class SingleObjectWatch {
  private stopped = false;
  private handle?: WatchHandle;
  private retry?: NodeJS.Timeout;
  private readonly backoff = new Backoff({ initialMs: 500, maxMs: 10_000 });
  private readonly query: { fieldSelector: string };

  constructor(
    private readonly http: KubeHttp,
    private readonly collection: string,
    name: string,
    private readonly onObject: (object: unknown) => void,
    private readonly onFatal: (error: unknown) => void,
  ) {
    this.query = { fieldSelector: `metadata.name=${name}` };
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.handle?.stop();
  }

  private async run(): Promise<void> {
    let ended = false;
    let opened = false;
    const end = (error: unknown) => {
      if (ended || this.stopped) return;
      ended = true;
      this.handle?.stop();
      const code = failureCode(error);
      if (code === 401 || code === 403 || code === 404) return this.onFatal(error);
      // A watch that opened and then ended (a server-side timeout) resumes at once; failures back off.
      if (opened && !error) this.backoff.reset();
      this.again(opened && !error ? 0 : this.backoff.next());
    };
    try {
      const list = await this.http.call<{ metadata?: { resourceVersion?: string }; items?: unknown[] }>('GET', this.collection, { query: this.query });
      if (this.stopped) return;
      this.onObject(list.items?.[0]);
      const query = { ...this.query, resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true };
      this.handle = this.http.watch(this.collection, query, {
        onOpen: () => (opened = true),
        onEvent: (type, object) => {
          if (this.stopped || ended) return;
          if (type === 'ADDED' || type === 'MODIFIED') this.onObject(object);
          else if (type === 'DELETED') this.onObject(undefined);
          else if (type === 'ERROR') end(KubeApiError.fromResponse((object as { code?: number } | undefined)?.code ?? 500, object));
        },
        onDone: (error) => end(error),
      });
    } catch (error) {
      end(error);
    }
  }

  private again(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.run(), delayMs);
  }
}

export interface ObjectWaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Every judgement that is not final, e.g. for a progress notification. */
  onProgress?(progress: string | undefined): void;
  /** The error to reject with on timeout, given the last progress text. */
  timeoutError?(lastProgress: string | undefined, timeoutMs: number): Error;
}

export class ObjectWaitTimeoutError extends Error {
  constructor(readonly lastProgress: string | undefined, timeoutMs: number, what: string) {
    super(l10n.t('{0} did not finish within {1} s{2}', what, Math.round(timeoutMs / 1000), lastProgress ? ` (last: ${lastProgress})` : ''));
  }
}

/**
 * Follows `name` in the collection at `collectionPath` until `judge` says done; rejects on timeout, abort, or a
 * watch failure that cannot heal (401, 403, 404).
 */
export function waitForObject<T, R>(http: KubeHttp, collectionPath: string, name: string, judge: (object: T | undefined) => Judgement<R>, options: ObjectWaitOptions = {}): Promise<R> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  return new Promise<R>((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason ?? new Error('aborted'));
    let last: string | undefined;
    let settled = false;
    // The watch reports only after its first list answered, so `watch` and `timer` exist by then.
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      watch.stop();
      outcome();
    };
    const onAbort = () => finish(() => reject(options.signal?.reason ?? new Error('aborted')));
    const watch = new SingleObjectWatch(http, collectionPath, name, (object) => {
      if (settled) return;
      const verdict = judge(object as T | undefined);
      if (verdict.done) return finish(() => resolve(verdict.result));
      last = verdict.progress;
      options.onProgress?.(verdict.progress);
    }, (error) => finish(() => reject(error)));
    const timer = setTimeout(() => finish(() => reject(options.timeoutError?.(last, timeoutMs) ?? new ObjectWaitTimeoutError(last, timeoutMs, name))), timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
