// What the tree needs synchronously from the access reviews: the actions RBAC allows in a (context, namespace),
// once known. An unknown namespace is reviewed in the background (one batch in flight per key) and the tree is
// told to redraw it when the answer arrives.
import type { AccessKind, Action } from '../model/actions';
import { AccessCache, type NamespaceAccess } from '../cluster/actionAccess';
import type { Fleet } from '../cluster/fleet';

export class ActionPermissions {
  private cache = new AccessCache();
  private readonly known = new Map<string, NamespaceAccess>();
  private readonly inFlight = new Set<string>();
  private fleet?: Fleet;

  constructor(
    private readonly onLearned: (context: string, namespace: string) => void,
    private readonly onError: (context: string, namespace: string, error: unknown) => void,
  ) {}

  /** A new fleet may have other users behind the same context names: forget every answer. */
  setFleet(fleet: Fleet): void {
    this.fleet = fleet;
    this.cache = new AccessCache();
    this.known.clear();
    this.inFlight.clear();
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
    if (!fleet || this.inFlight.has(key)) return;
    this.inFlight.add(key);
    const cache = this.cache;
    cache.forNamespace(fleet.http(context), namespace).then(
      (access) => {
        if (this.cache !== cache) return;
        this.inFlight.delete(key);
        this.known.set(key, access);
        this.onLearned(context, namespace);
      },
      (error: unknown) => {
        // Stays in flight: no retry loop against a failing cluster until the fleet is reloaded or retried.
        if (this.cache === cache) this.onError(context, namespace, error);
      },
    );
  }

  /** Ask again next time (after a Retry of the cluster). */
  forget(context: string): void {
    this.cache.invalidate(context);
    for (const key of [...this.known.keys(), ...this.inFlight]) {
      if (key.startsWith(`${context}\u0000`)) {
        this.known.delete(key);
        this.inFlight.delete(key);
      }
    }
  }
}
