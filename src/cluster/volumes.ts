// Volume hotplug: PUT addvolume/removevolume on the VM (or a lone VMI) with virt-api's options bodies (§1.1, §1.2),
// and a wait until the running VMI reports the volume Ready (or gone) — or, for a stopped VM, until its template
// has (or lost) it.
import { addVolumeBody, hotplugJudgement, removeVolumeBody, type AddVolumeRequest } from '../model/disks';
import type { TargetKind } from '../model/actions';
import type { Ending } from '../model/judgement';
import type { VirtualMachine, VirtualMachineInstance } from '../model/objects';
import type { KubeHttp } from './kubeHttp';
import { kubevirtPath, subresourcePath } from './kubevirtPaths';
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
