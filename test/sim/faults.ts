// Injected failures for one simulated cluster. Every fault is reversible: `set({...})` / `reset()` for the
// per-request ones, `online()` after `offline()`, `restoreToken()` after `expireToken()`.
import { ApiError } from './api-error';

export type FaultCode = 429 | 500 | 503;

export interface FaultSettings {
  /** Added before every request is answered. */
  latencyMs: number;
  /** Share of requests (0…1) answered with `errorCode` after authentication. */
  errorRate: number;
  errorCode: FaultCode;
  /** `Retry-After` of injected 429s (and 503s, as kube-apiserver's priority-and-fairness does). */
  retryAfterSeconds: number;
  /** Bodies written in `chunkBytes` pieces, `delayMs` apart (chunked transfer encoding). */
  slowBody: { chunkBytes: number; delayMs: number } | undefined;
}

const DEFAULTS: FaultSettings = { latencyMs: 0, errorRate: 0, errorCode: 500, retryAfterSeconds: 1, slowBody: undefined };

/** What the faults act on; implemented by the cluster's server. */
export interface FaultTargets {
  closeWatches(abrupt: boolean): number;
  compact(): void;
  offline(): Promise<void>;
  online(): Promise<void>;
  goAway(): number;
}

export class Faults {
  private current: FaultSettings = { ...DEFAULTS };
  private readonly expired = new Set<string>();
  private goneWatches = 0;

  constructor(private readonly targets: FaultTargets) {}

  get settings(): Readonly<FaultSettings> {
    return this.current;
  }

  set(settings: Partial<FaultSettings>): void {
    this.current = { ...this.current, ...settings };
  }

  /** Back to a healthy cluster (per-request faults, token expiry and pending watch expiry). */
  reset(): void {
    this.current = { ...DEFAULTS };
    this.expired.clear();
    this.goneWatches = 0;
  }

  /**
   * Ends every open watch: cleanly by default (as a server-side timeout does; clients re-watch from their last
   * resourceVersion), or `abrupt`ly by resetting the connections. Returns how many.
   */
  dropWatches(abrupt = false): number {
    return this.targets.closeWatches(abrupt);
  }

  /** The next `count` watches started from a resourceVersion get the ERROR 410 Expired event. */
  expireNextWatch(count = 1): void {
    this.goneWatches += count;
  }

  /** Forgets the watch history (etcd compaction): every resume from an older resourceVersion gets 410. */
  compact(): void {
    this.targets.compact();
  }

  /** Closes the listening socket and every connection: clients get ECONNREFUSED until `online()`. */
  offline(): Promise<void> {
    return this.targets.offline();
  }

  /**
   * Sends GOAWAY on every HTTP/2 connection, as kube-apiserver does now and then to spread clients over replicas
   * (`--goaway-chance`): the streams open go on, new ones must come on a new connection. Returns how many.
   */
  goAway(): number {
    return this.targets.goAway();
  }

  /** Listens again on the same port. */
  online(): Promise<void> {
    return this.targets.online();
  }

  expireToken(token: string): void {
    this.expired.add(token);
  }

  restoreToken(token: string): void {
    this.expired.delete(token);
  }

  isExpired(token: string): boolean {
    return this.expired.has(token);
  }

  /** Consumes one pending forced expiry. */
  takeWatchExpiry(): boolean {
    if (this.goneWatches <= 0) return false;
    this.goneWatches--;
    return true;
  }

  /** The injected failure for this request, if the dice say so. */
  injectedError(): ApiError | undefined {
    const { errorRate, errorCode, retryAfterSeconds } = this.current;
    if (errorRate <= 0 || Math.random() >= errorRate) return undefined;
    switch (errorCode) {
      case 429:
        return new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });
      case 503:
        return new ApiError(503, 'ServiceUnavailable', 'The server is currently unable to handle the request', { retryAfterSeconds });
      default:
        return new ApiError(500, 'InternalError', 'Internal error occurred: injected fault', { causes: [{ message: 'injected fault' }] });
    }
  }
}
