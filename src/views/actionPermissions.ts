// What the tree needs synchronously from the access reviews: the actions RBAC allows in a (context, namespace),
// once known. An unknown namespace is reviewed in the background (one batch in flight per key) and the tree is
// told to redraw it when the answer arrives. A batch that failed is tried again after a backoff.
import type { Action, AccessKind } from '../model/actions';
import { AccessCache, type NamespaceAccess } from '../cluster/actionAccess';
import { Backoff } from '../cluster/backoff';
import type { Fleet } from '../cluster/fleet';

export class ActionPermissions {
  private cache = new AccessCache();
  private readonly known = new Map<string, NamespaceAccess>();
  private readonly inFlight = new Set<string>();
  /** Failed batches: not asked again before `retryAt`; a timer redraws the namespace then, which asks again. */
  private readonly failed = new Map<string, { backoff: Backoff; retryAt: number; timer: ReturnType<typeof setTimeout> }>();
  private fleet?: Fleet;

  constructor(
    private readonly onLearned: (context: string, namespace: string) => void,
    private readonly onError: (context: string, namespace: string, error: unknown) => void,
    private readonly backoff: { initialMs?: number; maxMs?: number } = { initialMs: 2000, maxMs: 60_000 },
  ) {}

  /** A new fleet may have other users behind the same context names: forget every answer. */
  setFleet(fleet: Fleet): void {
    this.fleet = fleet;
    this.cache = new AccessCache();
    this.known.clear();
    this.inFlight.clear();
    this.clearFailures();
  }

  /** The allowed actions when known; otherwise undefined, and a review is under way. */
  allowed(context: string, namespace: string, kind: AccessKind): ReadonlySet<Action> | undefined {
    const key = `${context}\u0000${namespace}`;
    const access = this.known.get(key);
    if (access) return access.allowed(kind);
    this.learn(key, context, namespace);
    return undefined;
  }

  private learn(key: string, context: string, namespace: string): void {
    const fleet = this.fleet;
    const failure = this.failed.get(key);
    if (!fleet || this.inFlight.has(key) || (failure && failure.retryAt > Date.now())) return;
    this.inFlight.add(key);
    const cache = this.cache;
    cache.forNamespace(fleet.http(context), namespace).then(
      (access) => {
        if (this.cache !== cache) return;
        this.inFlight.delete(key);
        clearTimeout(this.failed.get(key)?.timer);
        this.failed.delete(key);
        this.known.set(key, access);
        this.onLearned(context, namespace);
      },
      (error: unknown) => {
        if (this.cache !== cache) return;
        this.inFlight.delete(key);
        this.onError(context, namespace, error);
        const backoff = this.failed.get(key)?.backoff ?? new Backoff(this.backoff);
        const delay = backoff.next();
        // Redrawing the namespace makes the tree ask again, which starts the next batch.
        this.failed.set(key, { backoff, retryAt: Date.now() + delay, timer: setTimeout(() => this.onLearned(context, namespace), delay) });
      },
    );
  }

  private clearFailures(context?: string): void {
    for (const [key, failure] of this.failed) {
      if (context !== undefined && !key.startsWith(`${context}\u0000`)) continue;
      clearTimeout(failure.timer);
      this.failed.delete(key);
    }
  }

  dispose(): void {
    this.clearFailures();
  }

  /** Ask again next time (after a Retry of the cluster). */
  forget(context: string): void {
    this.cache.invalidate(context);
    this.clearFailures(context);
    for (const key of [...this.known.keys(), ...this.inFlight]) {
      if (key.startsWith(`${context}\u0000`)) {
        this.known.delete(key);
        this.inFlight.delete(key);
      }
    }
  }
}
