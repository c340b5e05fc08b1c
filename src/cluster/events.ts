// Events for a VM: involvedObject.name queries for the VM/VMI name (they share it) and the launcher pod's name,
// narrowed to those three objects by kind and, where known, uid. Events for a pod: those about the pod alone.
import { relatedEvents, type EventRow, type KubeEvent, type ObjectRef } from '../model/events';
import type { Pod, VirtualMachineInstance } from '../model/objects';
import type { KubeHttp } from './kubeHttp';
import { kubevirtPath } from './kubevirtPaths';
import { podPath } from './pods';

export async function vmEvents(http: KubeHttp, namespace: string, name: string): Promise<EventRow[]> {
  const vmi = await http.find<VirtualMachineInstance>(kubevirtPath('virtualmachineinstances', namespace, name));
  const pod = vmi?.metadata.uid ? await launcherPod(http, namespace, vmi.metadata.uid) : undefined;
  const refs: ObjectRef[] = [
    { kind: 'VirtualMachine', name },
    { kind: 'VirtualMachineInstance', name, uid: vmi?.metadata.uid },
    ...(pod ? [{ kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid }] : []),
  ];
  return eventsAbout(http, namespace, refs);
}

export async function podEvents(http: KubeHttp, namespace: string, name: string): Promise<EventRow[]> {
  const pod = await http.find<Pod>(podPath(namespace, name));
  return eventsAbout(http, namespace, [{ kind: 'Pod', name, uid: pod?.metadata.uid }]);
}

async function eventsAbout(http: KubeHttp, namespace: string, refs: ObjectRef[]): Promise<EventRow[]> {
  const names = [...new Set(refs.map((r) => r.name))];
  const lists = await Promise.all(
    names.map((n) => http.call<{ items?: KubeEvent[] }>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, { query: { fieldSelector: `involvedObject.name=${n}` } })),
  );
  return relatedEvents(lists.flatMap((l) => l.items ?? []), refs);
}

/** The virt-launcher pod of a VMI (label kubevirt.io/created-by = VMI uid), the newest if several. */
export async function launcherPod(http: KubeHttp, namespace: string, vmiUid: string): Promise<Pod | undefined> {
  const list = await http.call<{ items?: Pod[] }>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, { query: { labelSelector: `kubevirt.io/created-by=${vmiUid}` } });
  return (list.items ?? []).sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))[0];
}
