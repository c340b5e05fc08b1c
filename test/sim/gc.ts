// The garbage collector (background propagation: when an owner is gone, objects whose ownerReferences name
// its uid are deleted) and the namespace controller (a Terminating namespace is emptied, then removed).
// Both run asynchronously after the change, as kube-controller-manager does.
import { keyOf, type Registry } from './resources';
import { StoreError, type Store } from './store';

export class GarbageCollector {
  private readonly unsubscribe: () => void;
  private readonly pending = new Set<NodeJS.Immediate>();
  private stopped = false;

  constructor(private readonly store: Store, private readonly registry: Registry) {
    this.unsubscribe = store.subscribe((change) => {
      if (change.type === 'DELETED' && change.object.metadata.uid) this.later(() => this.collect(change.object.metadata.uid!));
      if (change.resource === 'namespaces' && change.type === 'MODIFIED' && change.object.metadata.deletionTimestamp) {
        this.later(() => this.emptyNamespace(change.object.metadata.name ?? ''));
      }
    });
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    for (const p of this.pending) clearImmediate(p);
    this.pending.clear();
  }

  private later(work: () => void): void {
    const handle = setImmediate(() => {
      this.pending.delete(handle);
      work();
    });
    this.pending.add(handle);
  }

  private deleteQuietly(resource: string, namespace: string | undefined, name: string): void {
    try {
      this.store.delete(resource, namespace, name);
    } catch (e) {
      if (!(e instanceof StoreError && e.reason === 'NotFound')) throw e;
    }
  }

  private collect(ownerUid: string): void {
    for (const def of this.registry.all()) {
      for (const o of this.store.list(keyOf(def))) {
        if (o.metadata.ownerReferences?.some((r) => r.uid === ownerUid)) this.deleteQuietly(keyOf(def), o.metadata.namespace, o.metadata.name ?? '');
      }
    }
  }

  private emptyNamespace(namespace: string): void {
    if (this.stopped || !this.store.get('namespaces', undefined, namespace)) return;
    let remaining = 0;
    for (const def of this.registry.all().filter((d) => d.namespaced)) {
      for (const o of this.store.list(keyOf(def), namespace)) {
        this.deleteQuietly(keyOf(def), namespace, o.metadata.name ?? '');
        if (this.store.get(keyOf(def), namespace, o.metadata.name ?? '')) remaining++;
      }
    }
    // Objects held by finalizers keep the namespace Terminating; retry until they are gone.
    if (remaining) setTimeout(() => this.emptyNamespace(namespace), 100).unref();
    else this.store.delete('namespaces', undefined, namespace);
  }
}
