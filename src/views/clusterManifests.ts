// One Manifests helper per context client of a fleet (its resource mapper caches discovery). Keyed by the client,
// so a context whose cluster or user changed in a reloaded kubeconfig gets a helper of its new client.
import { ApiResourceMapper } from '../cluster/apiResources';
import type { Fleet } from '../cluster/fleet';
import type { KubeHttp } from '../cluster/kubeHttp';
import { Manifests } from '../cluster/manifests';

const byClient = new WeakMap<KubeHttp, Manifests>();

export function manifestsOf(fleet: Fleet, context: string): Manifests {
  const http = fleet.http(context);
  let manifests = byClient.get(http);
  if (!manifests) {
    manifests = new Manifests(http, new ApiResourceMapper(http), fleet.contexts().find((c) => c.name === context)?.namespace);
    byClient.set(http, manifests);
  }
  return manifests;
}
