// What the authoring flows may learn from a reachable cluster. Without one (undefined answers) they fall back to
// the common RuntimeClasses and to choosing CPU cores and memory instead of an instancetype.
import type { Instancetypes } from '../cluster/instancetypes';
import type { RuntimeClassInfo } from '../model/runtimeClasses';

/** `context` names the cluster to ask; without it, the one selected in the Fleet view (else the current context). */
export interface AuthoringProviders {
  /** Undefined when no cluster can be asked. */
  runtimeClasses(context?: string): Promise<RuntimeClassInfo[] | undefined>;
  /** Cluster-wide instancetypes and preferences; undefined when no cluster can be asked. */
  instancetypes(context?: string): Promise<Instancetypes | undefined>;
}
