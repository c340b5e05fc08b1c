// VirtualMachine.status as virt-controller keeps it in sync with the VMI and the volumes.
import type { KubeObject, Store } from '../store';
import type { Condition } from '../common/conditions';
import { timestamp } from '../common/time';
import { DATAVOLUMES, PVCS, VMIS, VMS } from './keys';
import { printableStatus } from './printable-status';
import { restartRequiredCondition } from './restart-required';
import { vmSpec } from './run-strategy';
import { vmiStatus, vmStatus, type VmStatus } from './status-types';

/** Names of the DataVolumes and PVCs a VM's template uses. */
export function volumeNames(vm: KubeObject): { dataVolumes: string[]; pvcs: string[] } {
  const spec = vmSpec(vm);
  const volumes = spec.template?.spec?.volumes ?? [];
  const dataVolumes = new Set((spec.dataVolumeTemplates ?? []).map((t) => t.metadata.name));
  for (const v of volumes) if (v.dataVolume) dataVolumes.add(v.dataVolume.name);
  const pvcs = volumes.flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
  return { dataVolumes: [...dataVolumes], pvcs };
}

function referencedVolumes(store: Store, vm: KubeObject): { dataVolumes: KubeObject[]; pvcs: KubeObject[] } {
  const names = volumeNames(vm);
  const ns = vm.metadata.namespace;
  const found = (resource: string, list: string[]) => list.flatMap((n) => store.get(resource, ns, n) ?? []);
  return { dataVolumes: found(DATAVOLUMES, names.dataVolumes), pvcs: found(PVCS, names.pvcs) };
}

/** VM conditions: every VMI condition copied, Ready=False/VMINotExists without a VMI, and the VM's own ones. */
function conditionsFor(old: Condition[] | undefined, vmi: KubeObject | undefined, own: Condition[]): Condition[] {
  const source = [...(vmi ? vmiStatus(vmi).conditions ?? [] : []), ...own];
  const notReady: Condition = vmi
    ? { type: 'Ready', status: 'False', reason: 'PodNotReady', message: 'VMI is not ready' }
    : { type: 'Ready', status: 'False', reason: 'VMINotExists', message: 'VMI does not exist' };
  const wanted = source.some((c) => c.type === 'Ready') ? source : [notReady, ...source];
  return wanted.map((c) => {
    const previous = old?.find((o) => o.type === c.type);
    const since = previous?.status === c.status ? previous.lastTransitionTime : c.lastTransitionTime ?? timestamp();
    return { type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime: since, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
  });
}

/**
 * Which volumes a snapshot can include (the snapshot controller's VM status): PVC and DataVolume volumes whose claim
 * exists (the simulated storage always has a VolumeSnapshotClass), nothing else.
 */
function volumeSnapshotStatuses(vm: KubeObject, found: { dataVolumes: KubeObject[]; pvcs: KubeObject[] }): VmStatus['volumeSnapshotStatuses'] {
  const volumes = vmSpec(vm).template?.spec?.volumes ?? [];
  if (!volumes.length) return undefined;
  return volumes.map((v) => {
    if (!v.persistentVolumeClaim && !v.dataVolume) return { name: v.name, enabled: false, reason: `Snapshot is not supported for this volumeSource type [${v.name}]` };
    const claim = v.persistentVolumeClaim?.claimName ?? v.dataVolume!.name;
    const exists = (v.persistentVolumeClaim ? found.pvcs : found.dataVolumes).some((o) => o.metadata.name === claim);
    return exists ? { name: v.name, enabled: true } : { name: v.name, enabled: false, reason: 'PVC not found' };
  });
}

export function vmStatusFor(vm: KubeObject, vmi: KubeObject | undefined, volumes: { dataVolumes: KubeObject[]; pvcs: KubeObject[] }): VmStatus {
  const old = vmStatus(vm);
  const status: VmStatus = {
    ...old,
    printableStatus: printableStatus({ vm, vmi, ...volumes }),
    created: !!vmi,
    ready: !!vmi && vmiStatus(vmi).phase === 'Running' && (vmiStatus(vmi).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    conditions: conditionsFor(old.conditions, vmi, restartRequiredCondition(vm, vmi)),
    volumeSnapshotStatuses: volumeSnapshotStatuses(vm, volumes),
    observedGeneration: vm.metadata.generation ?? 1,
    desiredGeneration: vm.metadata.generation ?? 1,
  };
  if (!old.stateChangeRequests?.length) delete status.stateChangeRequests;
  if (!status.volumeSnapshotStatuses) delete status.volumeSnapshotStatuses;
  // Both are omitempty booleans in the Go type.
  if (!status.created) delete status.created;
  if (!status.ready) delete status.ready;
  return status;
}

/** Writes the VM status when it changed; returns the stored VM. */
export function syncVmStatus(store: Store, vm: KubeObject): KubeObject {
  const vmi = store.get(VMIS, vm.metadata.namespace, vm.metadata.name!);
  const next = vmStatusFor(vm, vmi, referencedVolumes(store, vm));
  if (JSON.stringify(next) === JSON.stringify(vm.status)) return vm;
  return store.update(VMS, { ...vm, status: next });
}
