// Owner references in a scenario name their owner by kind and name only (a scenario has no uids). Each loader
// fills in the uid the owner got when it was created, so generated objects (the scale scenario's VMIs) arrive
// owned by their VM, as virt-controller makes them, and nothing is left for a controller to adopt after the load.
import type { KubeObject, OwnerReference } from './store';

/** Whether the object names an owner whose uid the loader must fill in. */
export function needsOwnerUids(object: KubeObject): boolean {
  return (object.metadata.ownerReferences ?? []).some((r) => !r.uid);
}

/** The object with each owner's uid filled in from `uidOf` (the owner in the object's namespace); throws for an owner not loaded. */
export function withOwnerUids(object: KubeObject, uidOf: (owner: OwnerReference, namespace: string | undefined) => string | undefined): KubeObject {
  if (!needsOwnerUids(object)) return object;
  const ownerReferences = object.metadata.ownerReferences!.map((r) => {
    if (r.uid) return r;
    const uid = uidOf(r, object.metadata.namespace);
    if (!uid) throw new Error(`${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}: its owner ${r.kind} ${r.name} was not loaded before it`);
    return { ...r, uid };
  });
  return { ...object, metadata: { ...object.metadata, ownerReferences } };
}
