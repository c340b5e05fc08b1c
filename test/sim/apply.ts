// Server-side apply (`application/apply-patch+yaml`): the applied configuration is merged into the live object
// (maps recursively, keyed lists by their merge key, other lists replaced). Who owns which field, conflicts between
// managers and the removal of fields a manager stopped applying are in managed-fields.ts.
import { strategicMergePatch } from './patch';
import type { KubeObject } from './store';

/** Merges `applied` into `live` (or builds the object when `live` is undefined), without managedFields. */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject): KubeObject {
  const appliedMeta = { ...applied.metadata };
  delete appliedMeta.managedFields;
  return strategicMergePatch(live ?? {}, { ...applied, metadata: appliedMeta }) as KubeObject;
}
