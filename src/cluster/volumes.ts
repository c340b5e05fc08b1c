// Volume hotplug: PUT addvolume/removevolume on the VM (or a lone VMI) with virt-api's options bodies (§1.1, §1.2),
// and a wait until the running VMI reports the volume Ready (or gone) — or, for a stopped VM, until its template
// has (or lost) it.
import { addVolumeBody, hotplugJudgement, removeVolumeBody, type AddVolumeRequest } from '../model/disks';
import type { TargetKind } from '../model/actions';
import type { Ending } from '../model/judgement';
import type { DataVolume, PersistentVolumeClaim, VirtualMachine, VirtualMachineInstance } from '../model/objects';
import { failureCode } from './errors';
import type { KubeHttp } from './kubeHttp';
import { groupPath, kubevirtPath, subresourcePath } from './kubevirtPaths';
import { waitForObject, type ObjectWaitOptions } from './objectWatch';

export interface VolumeTarget {
  namespace: string;
  name: string;
  /** Defaults to 'vm'. */
  kind?: TargetKind;
}

const ownPath = (t: VolumeTarget, sub: string) => subresourcePath(t.kind === 'vmi' ? 'virtualmachineinstances' : 'virtualmachines', t.namespace, t.name, sub);

/** Rejects with the server's message (409 "Unable to add volume [x] because volume with that name already exists"). */
export async function addVolume(http: KubeHttp, target: VolumeTarget, request: AddVolumeRequest): Promise<void> {
  await http.call('PUT', ownPath(target, 'addvolume'), { body: addVolumeBody(request) });
}

export async function removeVolume(http: KubeHttp, target: VolumeTarget, name: string): Promise<void> {
  await http.call('PUT', ownPath(target, 'removevolume'), { body: removeVolumeBody(name) });
}

export async function waitForHotplug(http: KubeHttp, target: VolumeTarget, change: 'add' | 'remove', volume: string, options: ObjectWaitOptions = {}): Promise<Ending> {
  const vmiPath = kubevirtPath('virtualmachineinstances', target.namespace);
  const vmi = await http.find<VirtualMachineInstance>(kubevirtPath('virtualmachineinstances', target.namespace, target.name));
  if (target.kind === 'vmi' || vmi?.status?.phase === 'Running') {
    return waitForObject<VirtualMachineInstance, Ending>(http, vmiPath, target.name, (now) => hotplugJudgement(change, volume, undefined, now ?? undefined), options);
  }
  return waitForObject<VirtualMachine, Ending>(http, kubevirtPath('virtualmachines', target.namespace), target.name, (vm) => hotplugJudgement(change, volume, vm, undefined), options);
}

/** The namespace's DataVolumes (none where CDI is not served) and PVCs, for Add Volume…'s pick. */
export async function listClaims(http: KubeHttp, namespace: string): Promise<{ dataVolumes: DataVolume[]; pvcs: PersistentVolumeClaim[] }> {
  const items = async <T>(path: string): Promise<T[]> => (await http.call<{ items?: T[] }>('GET', path)).items ?? [];
  const [dataVolumes, pvcs] = await Promise.all([
    items<DataVolume>(groupPath('cdi.kubevirt.io/v1beta1', 'datavolumes', namespace)).catch((error: unknown) => {
      if (failureCode(error) === 404) return [];
      throw error;
    }),
    items<PersistentVolumeClaim>(groupPath('v1', 'persistentvolumeclaims', namespace)),
  ]);
  return { dataVolumes, pvcs };
}
