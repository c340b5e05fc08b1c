// URL paths of KubeVirt objects and virt-api subresources, and whether a cluster serves the subresource API.
import { KUBEVIRT_GROUP, SUBRESOURCE_GROUP } from '../model/permissions';
import type { KubeHttp } from './kubeHttp';

export type KubevirtResource = 'virtualmachines' | 'virtualmachineinstances' | 'virtualmachineinstancemigrations';

const enc = encodeURIComponent;

/** `/apis/kubevirt.io/v1/namespaces/{ns}/{resource}[/{name}]` */
export function kubevirtPath(resource: KubevirtResource, namespace: string, name?: string): string {
  return `/apis/${KUBEVIRT_GROUP}/v1/namespaces/${enc(namespace)}/${resource}${name === undefined ? '' : `/${enc(name)}`}`;
}

/** `/apis/subresources.kubevirt.io/v1/namespaces/{ns}/{resource}/{name}/{subresource}` */
export function subresourcePath(resource: 'virtualmachines' | 'virtualmachineinstances', namespace: string, name: string, subresource: string): string {
  return `/apis/${SUBRESOURCE_GROUP}/v1/namespaces/${enc(namespace)}/${resource}/${enc(name)}/${subresource}`;
}

const served = new WeakMap<KubeHttp, Promise<boolean>>();

/** Whether `/apis` lists `subresources.kubevirt.io`; asked once per client until `forgetSubresourceSupport`. */
export function servesSubresources(http: KubeHttp): Promise<boolean> {
  let answer = served.get(http);
  if (!answer) {
    answer = http.call<{ groups?: { name: string }[] }>('GET', '/apis').then((list) => (list.groups ?? []).some((g) => g.name === SUBRESOURCE_GROUP));
    answer.catch(() => served.delete(http));
    served.set(http, answer);
  }
  return answer;
}

/** Ask again next time (after a 404 on the group, or when the cluster was upgraded). */
export function forgetSubresourceSupport(http: KubeHttp, known?: boolean): void {
  if (known === undefined) served.delete(http);
  else served.set(http, Promise.resolve(known));
}
