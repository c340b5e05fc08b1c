// Pinned states (annotation PIN_ANNOTATION on a VM): the controller builds the VMI / pod / DataVolume / PVC /
// migration state that makes printableStatus yield the pinned value, marks what it built, and stops there.
import { randomUUID } from 'node:crypto';
import type { KubeObject, Store } from '../store';
import { withCondition } from '../common/conditions';
import { runningStatus, unschedulableStatus, waitingStatus } from '../common/pod-status';
import { assignPodIp, pickNode } from '../common/scheduling';
import { timestamp } from '../common/time';
import { launcherPodFor, ownerRef, runningVmiStatus, vmiFor, withNodeLabel } from './builders';
import { dataVolumeFor, pvcFor } from './datavolumes';
import { hasGuestAgent } from './guest-agent';
import { guestOsFor } from './guest-os';
import { DATAVOLUMES, LABEL_MIGRATION_UID, MIGRATIONS, PIN_ANNOTATION, PODS, PVCS, VMIS, VMS } from './keys';
import { migrationFor } from './migration';
import { vmSpec } from './run-strategy';
import { vmiStatus, vmStatus, type VmiStatus } from './status-types';
import { volumeNames } from './vm-status';
import { launcherPods } from './vmi-controller';

export const PINNABLE = [
  'Starting', 'Stopping', 'Migrating', 'Terminating', 'ErrorUnschedulable', 'CrashLoopBackOff', 'ErrImagePull',
  'ImagePullBackOff', 'DataVolumeError', 'WaitingForVolumeBinding', 'ErrorPvcNotFound', 'Provisioning',
];

const annotated = (object: KubeObject, pin: string): KubeObject =>
  ({ ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, [PIN_ANNOTATION]: pin } } });

const firstNode = (store: Store) => store.list('nodes')[0]?.metadata.name ?? 'node01';

/** One idempotent step towards the pinned state. */
export function applyPin(store: Store, vm: KubeObject, vmi: KubeObject | undefined, pin: string): void {
  switch (pin) {
    case 'Starting':
      return void (vmi || pendingVmi(store, vm, pin, 'Scheduled', 'ContainerCreating'));
    case 'ErrorUnschedulable':
      return void (vmi || pendingVmi(store, vm, pin, 'Scheduling'));
    case 'ErrImagePull':
    case 'ImagePullBackOff':
      return void (vmi || pendingVmi(store, vm, pin, 'Scheduling', pin));
    case 'ErrorPvcNotFound':
      return void (vmi || pendingVmi(store, vm, pin, 'Pending'));
    case 'Stopping':
      if (!vmi) return void runningVmi(store, vm, pin);
      return void (vmi.metadata.deletionTimestamp || store.delete(VMIS, vmi.metadata.namespace, vmi.metadata.name!));
    case 'Terminating':
      if (!vmi) return void runningVmi(store, vm, pin);
      return void (vm.metadata.deletionTimestamp || store.delete(VMS, vm.metadata.namespace, vm.metadata.name!));
    case 'Migrating':
      if (!vmi) return void runningVmi(store, vm, pin);
      return void (vmiStatus(vmi).migrationState || migrating(store, vmi, pin));
    case 'CrashLoopBackOff':
      if (vmStatus(vm).startFailure) return;
      store.update(VMS, { ...vm, status: { ...vmStatus(vm), startFailure: { consecutiveFailCount: 3, lastFailedVMIUID: randomUUID(), retryAfterTimestamp: timestamp(new Date(Date.now() + 300_000)) } } });
      return;
    case 'DataVolumeError':
      return pinnedDataVolume(store, vm, pin, { phase: 'Failed', progress: 'N/A', conditions: withCondition(undefined, { type: 'Running', status: 'False', reason: 'Error', message: 'Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found' }) });
    case 'Provisioning':
      return pinnedDataVolume(store, vm, pin, { phase: 'ImportInProgress', progress: '37.50%', conditions: withCondition(undefined, { type: 'Running', status: 'True', reason: 'Pod is running' }) });
    case 'WaitingForVolumeBinding': {
      const claim = volumeNames(vm).pvcs[0];
      if (!claim || store.get(PVCS, vm.metadata.namespace, claim)) return;
      const pvc = pvcFor(dataVolumeFor(vm, claim, undefined), 'Pending');
      store.create(PVCS, annotated({ ...pvc, metadata: { ...pvc.metadata, ownerReferences: [ownerRef(vm)] } }, pin));
      return;
    }
    default:
      return;
  }
}

/** Lifts a VM's pin (a lifecycle request did): the built state is unfrozen or removed, the controller resumes. */
export function liftPin(store: Store, vm: KubeObject): KubeObject {
  const pin = vm.metadata.annotations?.[PIN_ANNOTATION];
  if (!pin) return vm;
  const ns = vm.metadata.namespace;
  const unpin = (o: KubeObject) => { const annotations = { ...o.metadata.annotations }; delete annotations[PIN_ANNOTATION]; return { ...o, metadata: { ...o.metadata, annotations } }; };
  const vmi = store.get(VMIS, ns, vm.metadata.name!);
  if (vmi?.metadata.annotations?.[PIN_ANNOTATION]) {
    for (const migration of store.list(MIGRATIONS, ns)) {
      if (migration.metadata.annotations?.[PIN_ANNOTATION] && (migration.spec as { vmiName?: string }).vmiName === vmi.metadata.name) {
        store.delete(MIGRATIONS, ns, migration.metadata.name!);
        for (const pod of launcherPods(store, vmi)) if (pod.metadata.labels?.[LABEL_MIGRATION_UID] === migration.metadata.uid) store.delete(PODS, ns, pod.metadata.name!);
      }
    }
    const status: VmiStatus = { ...vmiStatus(vmi) };
    delete status.migrationState;
    store.update(VMIS, { ...unpin(vmi), status });
  }
  for (const resource of [DATAVOLUMES, PVCS]) {
    for (const object of store.list(resource, ns)) {
      if (object.metadata.annotations?.[PIN_ANNOTATION] && object.metadata.ownerReferences?.some((o) => o.uid === vm.metadata.uid)) store.delete(resource, ns, object.metadata.name!);
    }
  }
  const status = { ...vmStatus(vm) };
  delete status.startFailure;
  return store.update(VMS, { ...unpin(vm), status });
}

/** A VMI that has not reached Running: no pod (Pending), an unschedulable pod, or a pod waiting on its node. */
function pendingVmi(store: Store, vm: KubeObject, pin: string, phase: string, waiting?: string): void {
  const vmi = store.create(VMIS, annotated(vmiFor(vm), pin));
  let conditions = vmiStatus(vmi).conditions;
  let nodeName: string | undefined;
  let labelled = vmi;
  if (pin === 'ErrorPvcNotFound') {
    const claim = volumeNames(vm).pvcs[0] ?? `${vm.metadata.name}-data`;
    conditions = withCondition(conditions, { type: 'Synchronized', status: 'False', reason: 'FailedPvcNotFound', message: `PVC ${vm.metadata.namespace}/${claim} does not exist, waiting for it to appear` });
  } else {
    const pod = launcherPodFor(vmi);
    const nodes = store.list('nodes').length;
    if (pin === 'ErrorUnschedulable') {
      const message = `0/${nodes} nodes are available: ${nodes} Insufficient memory. preemption: 0/${nodes} nodes are available: ${nodes} No preemption victims found for incoming pod.`;
      store.create(PODS, { ...pod, status: unschedulableStatus(pod, message) });
      conditions = withCondition(conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message });
    } else {
      nodeName = pickNode(store, (pod.spec as { nodeSelector?: Record<string, string> }).nodeSelector).node ?? firstNode(store);
      const placed = { ...pod, spec: { ...(pod.spec as object), nodeName } };
      const image = vmSpec(vm).template?.spec?.volumes?.find((v) => v.containerDisk)?.containerDisk?.image ?? 'quay.io/containerdisks/fedora:41';
      const message = waiting === 'ErrImagePull'
        ? `failed to pull and unpack image "${image}": failed to resolve reference "${image}": not found`
        : waiting === 'ImagePullBackOff' ? `Back-off pulling image "${image}"` : undefined;
      store.create(PODS, { ...placed, status: waitingStatus(store, placed, waiting!, message) });
      if (message) conditions = withCondition(conditions, { type: 'Synchronized', status: 'False', reason: waiting!, message });
      labelled = withNodeLabel(vmi, nodeName);
    }
  }
  store.update(VMIS, { ...labelled, status: { ...vmiStatus(vmi), phase, conditions, ...(phase === 'Scheduled' ? { nodeName } : {}) } });
}

function runningVmi(store: Store, vm: KubeObject, pin: string): void {
  const vmi = store.create(VMIS, annotated(vmiFor(vm), pin));
  const pod = launcherPodFor(vmi);
  const node = pickNode(store, (pod.spec as { nodeSelector?: Record<string, string> }).nodeSelector).node ?? firstNode(store);
  const placed = { ...pod, spec: { ...(pod.spec as object), nodeName: node } };
  const ip = assignPodIp(store, node);
  const created = store.create(PODS, { ...placed, status: runningStatus(store, placed, ip) });
  store.update(VMIS, { ...withNodeLabel(vmi, node), status: runningVmiStatus(vmi, node, ip, created.metadata.uid, hasGuestAgent(vmi) ? guestOsFor(vmi) : undefined) });
}

function migrating(store: Store, vmi: KubeObject, pin: string): void {
  const status = vmiStatus(vmi);
  const migration = store.create(MIGRATIONS, annotated(migrationFor(vmi.metadata.namespace!, vmi.metadata.name!), pin));
  const pod = launcherPodFor(vmi, migration.metadata.uid);
  const target = pickNode(store, (pod.spec as { nodeSelector?: Record<string, string> }).nodeSelector, status.nodeName).node ?? firstNode(store);
  const placed = { ...pod, spec: { ...(pod.spec as object), nodeName: target } };
  const created = store.create(PODS, { ...placed, status: runningStatus(store, placed, assignPodIp(store, target)) });
  const source = launcherPods(store, vmi).find((p) => p.metadata.name !== created.metadata.name);
  const state = { migrationUid: migration.metadata.uid, sourceNode: status.nodeName, sourcePod: source?.metadata.name, targetNode: target, targetPod: created.metadata.name, mode: 'PreCopy', startTimestamp: timestamp() };
  const now = timestamp();
  const phases = ['Pending', 'Scheduling', 'Scheduled', 'PreparingTarget', 'TargetReady', 'Running'];
  store.update(MIGRATIONS, { ...migration, status: { phase: 'Running', migrationState: state, phaseTransitionTimestamps: phases.map((phase) => ({ phase, phaseTransitionTimestamp: now })) } });
  store.update(VMIS, { ...vmi, status: { ...status, migrationState: state } });
}

function pinnedDataVolume(store: Store, vm: KubeObject, pin: string, status: Record<string, unknown>): void {
  const name = volumeNames(vm).dataVolumes[0];
  if (!name || store.get(DATAVOLUMES, vm.metadata.namespace, name)) return;
  const template = vmSpec(vm).dataVolumeTemplates?.find((t) => t.metadata.name === name);
  store.create(DATAVOLUMES, annotated(dataVolumeFor(vm, name, template?.spec, status), pin));
}
