// AuthoringProviders that ask one cluster of the Fleet: the one the caller names, else the context selected in the
// Fleet tree, else the kubeconfig's current context, and only once it is connected (connecting is bounded by the Fleet's timeout).
// Anything else falls back to what the generators offer offline.
import type { Fleet } from '../cluster/fleet';
import type { AuthoringProviders } from './providers';

export function fleetProviders(fleet: () => Fleet | undefined, selectedContext: () => string | undefined, log: (message: string) => void): AuthoringProviders {
  const connected = async (chosen?: string): Promise<{ fleet: Fleet; context: string } | undefined> => {
    const current = fleet();
    const context = chosen ?? selectedContext() ?? current?.currentContext();
    if (!current || !context || !current.contexts().some((c) => c.name === context)) return undefined;
    await current.connect(context);
    return current.state(context).status === 'connected' ? { fleet: current, context } : undefined;
  };
  return {
    async runtimeClasses(context) {
      const target = await connected(context);
      const classes = target?.fleet.discovery(target.context)?.runtimeClasses;
      return classes?.length ? classes : undefined;
    },
    async instancetypes(context) {
      const target = await connected(context);
      if (!target) return undefined;
      try {
        return await target.fleet.instancetypes(target.context);
      } catch (error) {
        log(`instancetypes of ${target.context}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    },
  };
}
