// URL paths of KubeVirt objects and virt-api subresources, and which of KubeVirt's API groups a cluster serves.
import { CLONE_GROUP, KUBEVIRT_GROUP, SNAPSHOT_GROUP, SUBRESOURCE_GROUP, type Capabilities } from '../model/permissions';
import type { KubeHttp } from './kubeHttp';

export type KubevirtResource = 'virtualmachines' | 'virtualmachineinstances' | 'virtualmachineinstancemigrations';

const enc = encodeURIComponent;

/** `/apis/kubevirt.io/v1/namespaces/{ns}/{resource}[/{name}]` */
export function kubevirtPath(resource: KubevirtResource, namespace: string, name?: string): string {
  return groupPath(`${KUBEVIRT_GROUP}/v1`, resource, namespace, name);
}

/** `/apis/{groupVersion}/namespaces/{ns}/{resource}[/{name}]`, or `/api/v1/…` for the core group (`v1`). */
export function groupPath(groupVersion: string, resource: string, namespace: string, name?: string): string {
  const root = groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`;
  return `${root}/namespaces/${enc(namespace)}/${resource}${name === undefined ? '' : `/${enc(name)}`}`;
}

/** `/apis/subresources.kubevirt.io/v1/namespaces/{ns}/{resource}/{name}/{subresource}` */
export function subresourcePath(resource: 'virtualmachines' | 'virtualmachineinstances', namespace: string, name: string, subresource: string): string {
  return `/apis/${SUBRESOURCE_GROUP}/v1/namespaces/${enc(namespace)}/${resource}/${enc(name)}/${subresource}`;
}

const groups = new WeakMap<KubeHttp, Promise<ReadonlySet<string>>>();
const subresourceSupport = new WeakMap<KubeHttp, boolean>();

/** The API groups `/apis` lists; asked once per client until `forgetSubresourceSupport`. */
export function servedGroups(http: KubeHttp): Promise<ReadonlySet<string>> {
  let answer = groups.get(http);
  if (!answer) {
    answer = http.call<{ groups?: { name: string }[] }>('GET', '/apis').then((list) => new Set((list.groups ?? []).map((g) => g.name)));
    answer.catch(() => groups.delete(http));
    groups.set(http, answer);
  }
  return answer;
}

/** Whether `/apis` lists `subresources.kubevirt.io` (or what a 404 on it taught since). */
export async function servesSubresources(http: KubeHttp): Promise<boolean> {
  const known = subresourceSupport.get(http);
  return known ?? (await servedGroups(http)).has(SUBRESOURCE_GROUP);
}

/** Ask again next time (after a 404 on the group, or when the cluster was upgraded), or record what was learnt. */
export function forgetSubresourceSupport(http: KubeHttp, known?: boolean): void {
  if (known !== undefined) return void subresourceSupport.set(http, known);
  subresourceSupport.delete(http);
  groups.delete(http);
}

/** Which of the optional KubeVirt APIs the cluster serves. */
export async function clusterCapabilities(http: KubeHttp): Promise<Capabilities> {
  const [subresources, served] = await Promise.all([servesSubresources(http), servedGroups(http)]);
  return { subresources, snapshots: served.has(SNAPSHOT_GROUP), clones: served.has(CLONE_GROUP) };
}
