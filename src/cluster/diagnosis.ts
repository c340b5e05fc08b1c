// Gathers what Diagnose VM reads — the VM, its VMI, the VMI's launcher pods, the namespace's DataVolumes and PVCs,
// and the events about the VM, VMI, pods and the volumes it uses — and hands it to the pure rules of
// model/diagnosis.ts. Whatever the user may not read (403) or fails to load is named in the report as unknown
// instead of failing the diagnosis.
import * as l10n from '@vscode/l10n';
import { diagnose, usedVolumes, type Diagnosis } from '../model/diagnosis';
import type { KubeEvent } from '../model/events';
import type { DataVolume, PersistentVolumeClaim, Pod, VirtualMachine, VirtualMachineInstance } from '../model/objects';
import type { TargetKind } from '../model/actions';
import { failureCode } from './errors';
import type { KubeHttp } from './kubeHttp';
import { groupPath, kubevirtPath } from './kubevirtPaths';

export async function diagnoseVm(http: KubeHttp, namespace: string, name: string, kind: TargetKind = 'vm'): Promise<Diagnosis> {
  const unreadable: string[] = [];
  /** The answer, or `fallback` with `what` noted as unreadable; a 404 is an answer (the object does not exist). */
  const read = async <T>(what: string, load: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await load();
    } catch (error) {
      // A 404 on a list: the API group is not served (no CDI), so there is nothing of that kind to read.
      if (failureCode(error) === 404) return fallback;
      unreadable.push(`${what} (${failureCode(error) === 403 ? 'forbidden' : error instanceof Error ? error.message : String(error)})`);
      return fallback;
    }
  };
  const items = <T>(path: string, query?: Record<string, string>) => async () => (await http.call<{ items?: T[] }>('GET', path, query ? { query } : {})).items ?? [];
  const [vm, vmi, dataVolumes, pvcs] = await Promise.all([
    kind === 'vm' ? read(l10n.t('the VirtualMachine'), () => http.find<VirtualMachine>(kubevirtPath('virtualmachines', namespace, name)), undefined) : undefined,
    read(l10n.t('the VirtualMachineInstance'), () => http.find<VirtualMachineInstance>(kubevirtPath('virtualmachineinstances', namespace, name)), undefined),
    read('DataVolumes', items<DataVolume>(groupPath('cdi.kubevirt.io/v1beta1', 'datavolumes', namespace)), [] as DataVolume[]),
    read('PersistentVolumeClaims', items<PersistentVolumeClaim>(groupPath('v1', 'persistentvolumeclaims', namespace)), [] as PersistentVolumeClaim[]),
  ]);
  const pods = vmi?.metadata.uid ? await read(l10n.t('the launcher pods'), items<Pod>(groupPath('v1', 'pods', namespace), { labelSelector: `kubevirt.io/created-by=${vmi.metadata.uid}` }), [] as Pod[]) : [];
  const volumes = usedVolumes({ vm, vmi });
  const names = new Set([name, ...pods.map((p) => p.metadata.name), ...volumes.dataVolumes, ...volumes.claims]);
  const eventLists = await read('events', () => Promise.all([...names].map((n) => items<KubeEvent>(groupPath('v1', 'events', namespace), { fieldSelector: `involvedObject.name=${n}` })())), [] as KubeEvent[][]);
  return diagnose({ vm, vmi, pods, dataVolumes, pvcs, events: eventLists.flat(), unreadable });
}
