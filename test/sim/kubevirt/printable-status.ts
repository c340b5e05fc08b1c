// VirtualMachine.status.printableStatus: one pure function over the VM, its VMI and its volumes, evaluated in
// virt-controller's precedence order (first match wins).
import type { KubeObject } from '../store';
import { findCondition, isTrue, type Condition } from '../common/conditions';
import { safeRunStrategy } from './run-strategy';
import { isFinal, vmiStatus, vmStatus } from './status-types';

export interface PrintableStatusInput {
  vm: KubeObject;
  vmi?: KubeObject;
  /** The DataVolumes the VM references (templates and dataVolume volumes) that exist. */
  dataVolumes?: KubeObject[];
  /** The PersistentVolumeClaims the VM references that exist. */
  pvcs?: KubeObject[];
}

type DataVolumeStatus = { phase?: string; conditions?: Condition[] };
const dvStatus = (dv: KubeObject) => (dv.status ?? {}) as DataVolumeStatus;

/** Phases in which a DataVolume waits for its consumer rather than provisioning. */
const DV_WAITING = ['WaitForFirstConsumer', 'PendingPopulation'];

export function isMigrating(vmi: KubeObject | undefined): boolean {
  const state = vmi && vmiStatus(vmi).migrationState;
  return !!state && !state.completed && !state.failed;
}

function dataVolumeFailed(dv: KubeObject): boolean {
  const status = dvStatus(dv);
  const running = findCondition(status.conditions, 'Running');
  return status.phase === 'Failed' || (running?.status === 'False' && ['Error', 'ImagePullFailed'].includes(running.reason ?? ''));
}

function dataVolumeProvisioning(dv: KubeObject): boolean {
  const phase = dvStatus(dv).phase;
  return !!phase && phase !== 'Succeeded' && !DV_WAITING.includes(phase) && !dataVolumeFailed(dv);
}

function volumeUnbound(input: PrintableStatusInput): boolean {
  return (input.pvcs ?? []).some((pvc) => (pvc.status as { phase?: string } | undefined)?.phase === 'Pending')
    || (input.dataVolumes ?? []).some((dv) => DV_WAITING.includes(dvStatus(dv).phase ?? ''));
}

function synchronizedFailure(vmi: KubeObject | undefined, reason: string): boolean {
  const synchronized = vmi && findCondition(vmiStatus(vmi).conditions, 'Synchronized');
  return synchronized?.status === 'False' && synchronized.reason === reason;
}

/** Whether the VM wants a running VMI: its run strategy and pending state change requests decide. */
export function isSetToStart(vm: KubeObject, vmi: KubeObject | undefined): boolean {
  const requests = vmStatus(vm).stateChangeRequests ?? [];
  const last = requests[requests.length - 1];
  if (last) return last.action === 'Start';
  const phase = vmi && vmiStatus(vmi).phase;
  switch (safeRunStrategy(vm)) {
    case 'Always':
      return true;
    case 'Once':
      return !vmi || !isFinal(vmi);
    case 'RerunOnFailure':
      return !vmi || phase !== 'Succeeded';
    case 'Manual':
      return !!vmi && !isFinal(vmi);
    default:
      return false;
  }
}

function stopExpected(vm: KubeObject, vmi: KubeObject): boolean {
  const requests = vmStatus(vm).stateChangeRequests ?? [];
  if (requests[0]?.action === 'Stop') return !requests[0].uid || requests[0].uid === vmi.metadata.uid;
  return safeRunStrategy(vm) === 'Halted';
}

const inStartFailureBackoff = (vm: KubeObject) => (vmStatus(vm).startFailure?.consecutiveFailCount ?? 0) > 0;

export function printableStatus(input: PrintableStatusInput): string {
  const { vm, vmi } = input;
  const phase = vmi && vmiStatus(vmi).phase;
  const conditions = vmi && vmiStatus(vmi).conditions;
  const live = !!vmi && !isFinal(vmi);
  const strategy = safeRunStrategy(vm);

  if (vm.metadata.deletionTimestamp) return 'Terminating';
  if (live && (vmi.metadata.deletionTimestamp || stopExpected(vm, vmi))) return 'Stopping';
  if (isMigrating(vmi)) return 'Migrating';
  if (phase === 'Running') return isTrue(conditions, 'Paused') ? 'Paused' : 'Running';
  if (synchronizedFailure(vmi, 'FailedPvcNotFound')) return 'ErrorPvcNotFound';
  if ((input.dataVolumes ?? []).some(dataVolumeFailed)) return 'DataVolumeError';
  const scheduled = findCondition(conditions, 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') return 'ErrorUnschedulable';
  if ((input.dataVolumes ?? []).some(dataVolumeProvisioning)) return 'Provisioning';
  if (isSetToStart(vm, vmi) && volumeUnbound(input)) return 'WaitingForVolumeBinding';
  if (synchronizedFailure(vmi, 'ErrImagePull')) return 'ErrImagePull';
  if (synchronizedFailure(vmi, 'ImagePullBackOff')) return 'ImagePullBackOff';
  // Starting without a VMI only while no start-failure backoff is pending (else CrashLoopBackOff below).
  if (!vmi ? isSetToStart(vm, vmi) && !inStartFailureBackoff(vm) : ['', 'Pending', 'Scheduling', 'Scheduled'].includes(phase ?? '')) return 'Starting';
  if (!live && inStartFailureBackoff(vm) && ['Always', 'RerunOnFailure', 'Once'].includes(strategy)) return 'CrashLoopBackOff';
  if (vmi ? isFinal(vmi) : !isSetToStart(vm, vmi) && strategy !== 'WaitAsReceiver') return 'Stopped';
  if (strategy === 'WaitAsReceiver' && (!vmi || phase === 'WaitingForSync')) return 'WaitingForReceiver';
  return 'Unknown';
}
