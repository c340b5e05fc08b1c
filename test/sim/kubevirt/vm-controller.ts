// virt-controller's VM loop: one step per wake-up towards what the run strategy and the pending state change
// requests ask for, then the VM status. Each step's store change wakes the loop again after the step delay.
import type { KubeObject, Store } from '../store';
import { recordEvent } from '../common/events';
import { ownerRef, vmiFor } from './builders';
import { ensureDataVolumes } from './datavolumes';
import { DATAVOLUMES, PIN_ANNOTATION, PVCS, VM_FINALIZER, VMIS, VMS } from './keys';
import { syncVolumeRequests } from './hotplug';
import { applyPin } from './pins';
import { runStrategyOf, vmSpec, type RunStrategy } from './run-strategy';
import { isFinal, vmiStatus, vmStatus, type StateChangeRequest, type VmStatus } from './status-types';
import { syncVmStatus, volumeNames } from './vm-status';

const COMPONENT = 'virtualmachine-controller';

export function reconcileVm(store: Store, namespace: string, name: string): void {
  const vm = store.get(VMS, namespace, name);
  if (!vm) return;
  const vmi = store.get(VMIS, namespace, name);
  if (step(store, vm, vmi) === 'removed') return;
  const current = store.get(VMS, namespace, name);
  if (!current) return;
  if (!current.metadata.deletionTimestamp) syncVolumeRequests(store, current);
  syncVmStatus(store, store.get(VMS, namespace, name)!);
}

function step(store: Store, vm: KubeObject, vmi: KubeObject | undefined): 'removed' | void {
  const finalizers = vm.metadata.finalizers ?? [];
  if (vm.metadata.deletionTimestamp) {
    if (vm.metadata.annotations?.[PIN_ANNOTATION] === 'Terminating') return;
    if (vmi) return void (vmi.metadata.deletionTimestamp || stopVmi(store, vm, vmi));
    if (!finalizers.includes(VM_FINALIZER)) return;
    store.update(VMS, { ...vm, metadata: { ...vm.metadata, finalizers: finalizers.filter((f) => f !== VM_FINALIZER) } });
    return store.get(VMS, vm.metadata.namespace, vm.metadata.name!) ? undefined : 'removed';
  }
  if (!finalizers.includes(VM_FINALIZER)) {
    store.update(VMS, { ...vm, metadata: { ...vm.metadata, finalizers: [...finalizers, VM_FINALIZER] } });
    return;
  }
  if (vmi && !vmi.metadata.deletionTimestamp && !vmi.metadata.ownerReferences?.some((o) => o.controller)) {
    // An orphaned VMI of the VM's name is adopted, as virt-controller's ref manager claims it.
    store.update(VMIS, { ...vmi, metadata: { ...vmi.metadata, ownerReferences: [ownerRef(vm)] } });
    return;
  }
  let strategy: RunStrategy;
  try {
    strategy = runStrategyOf(vm);
  } catch {
    return;
  }
  const pin = vm.metadata.annotations?.[PIN_ANNOTATION];
  if (pin) {
    applyPin(store, vm, vmi, pin);
    return recordStrategy(store, vm, strategy);
  }
  const requests = vmStatus(vm).stateChangeRequests ?? [];
  if (requests.length) return handleRequest(store, vm, vmi, strategy, requests);
  // status.runStrategy is the strategy last acted on: RerunOnFailure starts a VM only when it just changed to it.
  const changed = vmStatus(vm).runStrategy !== strategy;
  switch (strategy) {
    case 'Always':
      if (!vmi) startVmi(store, vm);
      else if (isFinal(vmi) && !vmi.metadata.deletionTimestamp) stopVmi(store, vm, vmi);
      break;
    case 'Once':
      if (!vmi) startVmi(store, vm);
      break;
    case 'RerunOnFailure':
      // A failed VMI is restarted (stop, then start); a Succeeded one stays.
      if (!vmi && changed && !startVmi(store, vm)) return;
      if (vmi && vmiStatus(vmi).phase === 'Failed') return setRequests(store, vm, [{ action: 'Stop', uid: vmi.metadata.uid }, { action: 'Start' }]);
      break;
    case 'Halted':
      if (vmi && !vmi.metadata.deletionTimestamp) stopVmi(store, vm, vmi);
      break;
    default:
      break;
  }
  recordStrategy(store, vm, strategy);
}

function recordStrategy(store: Store, vm: KubeObject, strategy: RunStrategy): void {
  const current = store.get(VMS, vm.metadata.namespace, vm.metadata.name!);
  if (current && vmStatus(current).runStrategy !== strategy) store.update(VMS, { ...current, status: { ...vmStatus(current), runStrategy: strategy } });
}

function handleRequest(store: Store, vm: KubeObject, vmi: KubeObject | undefined, strategy: RunStrategy, requests: StateChangeRequest[]): void {
  const [first, ...rest] = requests;
  if (first.action === 'Stop') {
    if (vmi && (!first.uid || first.uid === vmi.metadata.uid)) return void (vmi.metadata.deletionTimestamp || stopVmi(store, vm, vmi));
    return setRequests(store, vm, rest);
  }
  if (strategy === 'Halted') {
    // A start request on a Halted VM (`virtctl start --paused`) switches it to Always first.
    const spec = vmSpec(vm);
    const next = spec.running !== undefined && spec.running !== null ? { ...spec, running: true } : { ...spec, runStrategy: 'Always' };
    store.update(VMS, { ...vm, spec: next });
    return;
  }
  if (vmi) {
    if (isFinal(vmi)) return void (vmi.metadata.deletionTimestamp || stopVmi(store, vm, vmi));
    return setRequests(store, vm, rest);
  }
  if (startVmi(store, vm, first.data?.paused === 'true')) setRequests(store, store.get(VMS, vm.metadata.namespace, vm.metadata.name!)!, rest);
}

function setRequests(store: Store, vm: KubeObject, requests: StateChangeRequest[]): void {
  const status: VmStatus = { ...vmStatus(vm), stateChangeRequests: requests };
  if (!requests.length) delete status.stateChangeRequests;
  store.update(VMS, { ...vm, status });
}

/** Creates the VMI once every volume is ready; returns whether it did. */
function startVmi(store: Store, vm: KubeObject, paused = false): boolean {
  if (!volumesReady(store, vm)) return false;
  const vmi = store.create(VMIS, vmiFor(vm, { paused }));
  recordEvent(store, vm, { reason: 'SuccessfulCreate', message: `Started the virtual machine by creating the new virtual machine instance ${vmi.metadata.name}`, component: COMPONENT });
  return true;
}

function stopVmi(store: Store, vm: KubeObject, vmi: KubeObject): void {
  store.delete(VMIS, vmi.metadata.namespace, vmi.metadata.name!);
  recordEvent(store, vm, { reason: 'SuccessfulDelete', message: `Stopped the virtual machine by deleting the virtual machine instance ${vmi.metadata.uid}`, component: COMPONENT });
}

/**
 * DataVolumes are created from the templates and must have succeeded, and PVCs must be bound, before the VMI
 * is created (a missing PVC is left to the VMI, which reports FailedPvcNotFound).
 */
function volumesReady(store: Store, vm: KubeObject): boolean {
  if (ensureDataVolumes(store, vm)) return false;
  const names = volumeNames(vm);
  const ns = vm.metadata.namespace;
  const dvReady = names.dataVolumes.every((n) => (store.get(DATAVOLUMES, ns, n)?.status as { phase?: string } | undefined)?.phase === 'Succeeded');
  const pvcsBound = names.pvcs.every((n) => (store.get(PVCS, ns, n)?.status as { phase?: string } | undefined)?.phase !== 'Pending');
  return dvReady && pvcsBound;
}
