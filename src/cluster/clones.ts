// Clone… through a VirtualMachineClone (clone.kubevirt.io/v1beta1), and a wait that follows it to Succeeded (the new
// VM exists) or Failed.
import { CLONE_API, cloneJudgement, cloneManifest, type CloneRequest, type VirtualMachineClone } from '../model/clones';
import type { Ending } from '../model/judgement';
import type { KubeHttp } from './kubeHttp';
import { groupPath } from './kubevirtPaths';
import { waitForObject, type ObjectWaitOptions } from './objectWatch';

const clonesPath = (namespace: string, name?: string) => groupPath(CLONE_API, 'virtualmachineclones', namespace, name);

/** Creates the clone object; `name` is the clone's own name (the new VM is `request.target`). */
export function createClone(http: KubeHttp, request: CloneRequest, name: string): Promise<VirtualMachineClone> {
  return http.call<VirtualMachineClone>('POST', clonesPath(request.namespace), { body: cloneManifest(request, name) });
}

export function waitForClone(http: KubeHttp, namespace: string, name: string, options: ObjectWaitOptions = {}): Promise<Ending> {
  return waitForObject(http, clonesPath(namespace), name, cloneJudgement, options);
}
