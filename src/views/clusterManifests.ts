// One Manifests helper per context of a fleet (its resource mapper caches discovery), built on the fleet's client.
import { ApiResourceMapper } from '../cluster/apiResources';
import type { Fleet } from '../cluster/fleet';
import { Manifests } from '../cluster/manifests';

const byFleet = new WeakMap<Fleet, Map<string, Manifests>>();

export function manifestsOf(fleet: Fleet, context: string): Manifests {
  let contexts = byFleet.get(fleet);
  if (!contexts) byFleet.set(fleet, (contexts = new Map()));
  let manifests = contexts.get(context);
  if (!manifests) {
    const http = fleet.http(context);
    manifests = new Manifests(http, new ApiResourceMapper(http), fleet.contexts().find((c) => c.name === context)?.namespace);
    contexts.set(context, manifests);
  }
  return manifests;
}
