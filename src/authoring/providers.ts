// What the authoring flows may learn from a reachable cluster. Offline (the default) they fall back to the
// common RuntimeClasses and to choosing CPU cores and memory instead of an instancetype.
import type { Instancetypes } from '../cluster/instancetypes';
import type { RuntimeClassInfo } from '../model/runtimeClasses';

export interface AuthoringProviders {
  /** Undefined when no cluster can be asked. */
  runtimeClasses(): Promise<RuntimeClassInfo[] | undefined>;
  /** Cluster-wide instancetypes and preferences; undefined when no cluster can be asked. */
  instancetypes(): Promise<Instancetypes | undefined>;
}

export const offlineProviders: AuthoringProviders = {
  runtimeClasses: async () => undefined,
  instancetypes: async () => undefined,
};
