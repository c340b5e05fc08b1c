// virt-controller's restore controller (KubeVirt pkg/storage/snapshot/restore.go). A VirtualMachineRestore acts only
// on a target without a VMI: while the target runs, its targetReadinessPolicy decides — WaitGracePeriod (the
// default) waits up to 5 minutes and then fails, WaitEventually waits, StopTarget stops the VM, FailImmediate fails at
// once. Then it marks the VM `status.restoreInProgress`, restores each backed-up PVC under a new name, rewrites the
// VM's spec from the snapshot content (an existing VM keeps its run strategy, a new one is Halted) and completes.
import { randomUUID } from 'node:crypto';
import type { KubeObject, Store } from '../store';
import { withCondition, type Condition } from '../common/conditions';
import { recordEvent } from '../common/events';
import { timestamp } from '../common/time';
import { ownerRef } from './builders';
import { DATAVOLUMES, PVCS, RESTORES, SNAPSHOT_CONTENTS, SNAPSHOTS, VMIS, VMS } from './keys';
import { jsonPatch } from '../patch';
import { runStrategyOf, vmSpec } from './run-strategy';
import { snapshotStatus } from './snapshots';
import { isFinal, vmStatus } from './status-types';

export const RESTORE_FINALIZER = 'snapshot.kubevirt.io/vmrestore-protection';
export const LAST_RESTORE_ANNOTATION = 'restore.kubevirt.io/lastRestoreUID';
const GRACE_PERIOD_MS = 5 * 60_000;
const COMPONENT = 'restore-controller';

export const RESTORE_MESSAGES = {
  waitGracePeriod: 'Waiting for target VM to be powered off. Please stop the restore target to proceed with restore, or the operation will fail after 5m0s',
  waitEventually: 'Waiting for target VM to be powered off. Please stop the restore target to proceed with restore',
  stopTarget: 'Automatically stopping restore target for restore operation',
  vmiExists: 'Restore target VMI still exists, please stop the restore target to proceed with restore',
  notReady: 'Restore target VMI must be powered off before restore operation',
  gracePeriodExceeded: 'Restore target failed to be ready within 5m0s. Please power off the target VM before attempting restore',
  differentTarget: 'restore source and restore target are different but restore target already exists',
};

type RestoreSpec = { target?: { name?: string }; virtualMachineSnapshotName?: string; targetReadinessPolicy?: string; volumeRestorePolicy?: string; patches?: string[] };
type VolumeRestore = { volumeName: string; persistentVolumeClaim: string; volumeSnapshotName: string; dataVolumeName?: string };
export type RestoreStatus = { complete?: boolean; restoreTime?: string; conditions?: Condition[]; restores?: VolumeRestore[]; deletedDataVolumes?: string[] };
type VolumeBackup = { volumeName: string; persistentVolumeClaim: { metadata: { name?: string; labels?: Record<string, string> }; spec: Record<string, unknown> }; volumeSnapshotName: string };

const restoreSpec = (r: KubeObject) => (r.spec ?? {}) as RestoreSpec;
export const restoreStatus = (r: KubeObject) => (r.status ?? {}) as RestoreStatus;

function conditioned(status: RestoreStatus, progressing: ['True' | 'False', string], ready: ['True' | 'False', string], failure?: string): RestoreStatus {
  let conditions = withCondition(status.conditions, { type: 'Progressing', status: progressing[0], reason: progressing[1] });
  conditions = withCondition(conditions, { type: 'Ready', status: ready[0], reason: ready[1] });
  if (failure) conditions = withCondition(conditions, { type: 'Failure', status: 'True', reason: failure });
  return { ...status, conditions };
}

/** The restored name of a volume under the restore's volumeRestorePolicy. */
function restoredName(restore: KubeObject, volumeName: string, claimName: string): string {
  switch (restoreSpec(restore).volumeRestorePolicy) {
    case 'InPlace':
      return claimName;
    case 'PrefixTargetName':
      return `${restoreSpec(restore).target?.name}-${volumeName}`.slice(0, 63);
    default:
      return `restore-${restore.metadata.uid}-${volumeName}`;
  }
}

/** One step for one restore; returns when to look again (the grace period's end). */
export function reconcileRestore(store: Store, namespace: string, name: string): number | undefined {
  const restore = store.get(RESTORES, namespace, name);
  if (!restore) return undefined;
  const spec = restoreSpec(restore);
  const status = restoreStatus(restore);
  const write = (next: RestoreStatus): undefined => {
    if (JSON.stringify(next) !== JSON.stringify(restore.status)) store.update(RESTORES, { ...restore, status: next });
    return undefined;
  };
  if (!restore.status) {
    write(conditioned({ complete: false }, ['True', 'Initializing VirtualMachineRestore'], ['False', 'Initializing VirtualMachineRestore']));
    return undefined;
  }
  const target = store.get(VMS, namespace, spec.target?.name ?? '');
  const restored = (vm: KubeObject) => vm.metadata.annotations?.[LAST_RESTORE_ANNOTATION] === `${name}-${restore.metadata.uid}`;
  const error = (message: string, fail = false): undefined => {
    const next = conditioned(status, ['False', message], ['False', message], fail ? message : undefined);
    if (JSON.stringify(next) === JSON.stringify(restore.status)) return undefined;
    recordEvent(store, restore, fail
      ? { reason: 'Operation failed', message: `VirtualMachineRestore failed ${message}`, type: 'Warning', component: COMPONENT }
      : { reason: 'VirtualMachineRestoreError', message: `VirtualMachineRestore encountered error ${message}`, type: 'Warning', component: COMPONENT });
    return write(next);
  };

  if (restore.metadata.deletionTimestamp) {
    if (!restore.metadata.finalizers?.includes(RESTORE_FINALIZER)) return undefined;
    if (target && vmStatus(target).restoreInProgress === name) return void clearInProgress(store, target);
    const next = conditioned(status, ['False', 'VM restore is deleting'], ['False', 'VM restore is deleting']);
    if (JSON.stringify(next) !== JSON.stringify(restore.status)) return write(next);
    store.update(RESTORES, { ...restore, metadata: { ...restore.metadata, finalizers: restore.metadata.finalizers.filter((f) => f !== RESTORE_FINALIZER) } });
    return undefined;
  }
  if (status.complete || (status.conditions ?? []).some((c) => c.type === 'Failure')) return undefined;
  if (!restore.metadata.finalizers?.includes(RESTORE_FINALIZER) || (!restore.metadata.ownerReferences?.length && target)) {
    const ownerReferences = restore.metadata.ownerReferences?.length || !target ? restore.metadata.ownerReferences : [{ ...ownerRef(target), controller: true }];
    store.update(RESTORES, { ...restore, metadata: { ...restore.metadata, ownerReferences, finalizers: [...new Set([...(restore.metadata.finalizers ?? []), RESTORE_FINALIZER])] } });
    return undefined;
  }

  // The target must not run.
  const vmi = target && store.get(VMIS, namespace, target.metadata.name!);
  if (vmi) {
    switch (spec.targetReadinessPolicy ?? 'WaitGracePeriod') {
      case 'WaitEventually':
        return notReady(store, restore, status, RESTORE_MESSAGES.waitEventually);
      case 'StopTarget':
        recordEvent(store, restore, { reason: 'RestoreTargetNotReady', message: RESTORE_MESSAGES.stopTarget, type: 'Warning', component: COMPONENT });
        write(conditioned(status, ['False', RESTORE_MESSAGES.stopTarget], ['False', RESTORE_MESSAGES.stopTarget]));
        stop(store, target!, vmi);
        return undefined;
      case 'FailImmediate':
        return error(RESTORE_MESSAGES.notReady, true);
      default: {
        const deadline = Date.parse(restore.metadata.creationTimestamp ?? '') + GRACE_PERIOD_MS;
        if (Date.now() > deadline) return error(RESTORE_MESSAGES.gracePeriodExceeded, true);
        notReady(store, restore, status, RESTORE_MESSAGES.waitGracePeriod);
        return deadline - Date.now() + 10;
      }
    }
  }

  const snapshotName = spec.virtualMachineSnapshotName ?? '';
  const snapshot = store.get(SNAPSHOTS, namespace, snapshotName);
  const key = `${namespace}/${snapshotName}`;
  if (!snapshot) return error(`VMSnapshot ${key} does not exist`);
  if (snapshotStatus(snapshot).phase === 'Failed') return error(`VMSnapshot ${key} failed and is invalid to use`);
  if (!snapshotStatus(snapshot).readyToUse) return error(`VMSnapshot ${key} not ready`);
  const contentName = snapshotStatus(snapshot).virtualMachineSnapshotContentName;
  if (!contentName) return error(`no snapshot content name in ${key}`);
  const content = store.get(SNAPSHOT_CONTENTS, namespace, contentName);
  if (!content) return error(`VMSnapshotContent ${namespace}/${contentName} does not exist`);
  if (!(content.status as { readyToUse?: boolean } | undefined)?.readyToUse) return error(`VMSnapshotContent ${namespace}/${contentName} not ready`);
  if (target && !restored(target) && snapshotStatus(snapshot).sourceUID && snapshotStatus(snapshot).sourceUID !== target.metadata.uid) return error(RESTORE_MESSAGES.differentTarget);

  if (target && !restored(target)) {
    const inProgress = vmStatus(target).restoreInProgress;
    if (inProgress && inProgress !== name) return error(`vm restore ${inProgress} in progress`);
    if (!inProgress) return void store.update(VMS, { ...target, status: { ...vmStatus(target), restoreInProgress: name } });
  }

  // Each backed-up PVC is restored under its new name (from the volume snapshot, here: created bound).
  const backups = ((content.spec as { volumeBackups?: VolumeBackup[] }).volumeBackups ?? []);
  const sourceVm = (content.spec as { source?: { virtualMachine?: KubeObject } }).source?.virtualMachine;
  if (!status.restores && backups.length) {
    const restores = backups.map((b) => {
      const claim = restoredName(restore, b.volumeName, b.persistentVolumeClaim.metadata.name ?? '');
      const fromTemplate = (vmSpec(sourceVm ?? { metadata: {} }).dataVolumeTemplates ?? []).some((t) => t.metadata.name === b.persistentVolumeClaim.metadata.name);
      return { volumeName: b.volumeName, persistentVolumeClaim: claim, volumeSnapshotName: b.volumeSnapshotName, ...(fromTemplate ? { dataVolumeName: claim } : {}) };
    });
    for (const r of restores) createRestoredPvc(store, restore, backups.find((b) => b.volumeName === r.volumeName)!, r.persistentVolumeClaim);
    write(conditioned({ ...status, restores }, ['True', 'Creating new PVCs'], ['False', 'Waiting for new PVCs']));
    return undefined;
  }

  if (!target || !restored(target)) {
    let vm = restoredVm(restore, target, sourceVm ?? { metadata: {} }, status.restores ?? []);
    if (!target) vm = applyPatches(vm, spec.patches ?? []);
    if (target) store.update(VMS, vm);
    else store.create(VMS, vm);
    for (const r of status.restores ?? []) if (r.dataVolumeName) createRestoredDataVolume(store, vm, r.dataVolumeName);
    write(conditioned(status, ['True', 'Updating target spec'], ['False', 'Waiting for target update']));
    return undefined;
  }

  if (vmStatus(target).restoreInProgress === name) return void clearInProgress(store, target);
  recordEvent(store, restore, { reason: 'VirtualMachineRestoreComplete', message: `Successfully completed VirtualMachineRestore ${name}`, component: COMPONENT });
  write(conditioned({ ...status, complete: true, restoreTime: timestamp() }, ['False', 'Operation complete'], ['True', 'Operation complete']));
  return undefined;
}

function notReady(store: Store, restore: KubeObject, status: RestoreStatus, message: string): undefined {
  const next = conditioned(status, ['False', message], ['False', message]);
  if (JSON.stringify(next) === JSON.stringify(restore.status)) return undefined;
  recordEvent(store, restore, { reason: 'RestoreTargetNotReady', message: RESTORE_MESSAGES.vmiExists, type: 'Warning', component: COMPONENT });
  store.update(RESTORES, { ...restore, status: next });
  return undefined;
}

function clearInProgress(store: Store, vm: KubeObject): void {
  const status = { ...vmStatus(vm) };
  delete status.restoreInProgress;
  delete status.memoryDumpRequest;
  store.update(VMS, { ...vm, status });
}

/** What `virtctl stop` does (the restore controller calls the stop subresource). */
function stop(store: Store, vm: KubeObject, vmi: KubeObject): void {
  const spec = vmSpec(vm);
  switch (runStrategyOf(vm)) {
    case 'Always':
    case 'Once':
      store.update(VMS, { ...vm, spec: spec.running !== undefined && spec.running !== null ? { ...spec, running: false } : { ...spec, runStrategy: 'Halted' } });
      return;
    case 'Manual':
    case 'RerunOnFailure':
      if (!isFinal(vmi)) store.update(VMS, { ...vm, status: { ...vmStatus(vm), stateChangeRequests: [{ action: 'Stop', uid: vmi.metadata.uid }] } });
      return;
    default:
      return;
  }
}

function createRestoredPvc(store: Store, restore: KubeObject, backup: VolumeBackup, name: string): void {
  if (store.get(PVCS, restore.metadata.namespace, name)) return;
  const spec = { ...backup.persistentVolumeClaim.spec, volumeName: `pvc-${randomUUID()}` } as { resources?: { requests?: { storage?: string } }; accessModes?: string[] };
  store.create(PVCS, {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: restore.metadata.namespace,
      labels: { ...backup.persistentVolumeClaim.metadata.labels, 'restore.kubevirt.io/source-vm-name': restoreSpec(restore).target?.name ?? '', 'restore.kubevirt.io/source-vm-namespace': restore.metadata.namespace ?? '' },
      annotations: { 'restore.kubevirt.io/name': restore.metadata.name! },
    },
    spec: { ...spec, dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: backup.volumeSnapshotName } },
    status: { phase: 'Bound', accessModes: spec.accessModes, capacity: { storage: spec.resources?.requests?.storage } },
  });
}

/** The restored DataVolume adopts its already populated PVC (CDI's prePopulated annotation): it is done at once. */
function createRestoredDataVolume(store: Store, vm: KubeObject, name: string): void {
  if (store.get(DATAVOLUMES, vm.metadata.namespace, name)) return;
  const template = (vmSpec(vm).dataVolumeTemplates ?? []).find((t) => t.metadata.name === name);
  store.create(DATAVOLUMES, {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: { name, namespace: vm.metadata.namespace, annotations: { 'cdi.kubevirt.io/storage.prePopulated': name }, ownerReferences: vm.metadata.uid ? [ownerRef(vm)] : undefined },
    spec: template?.spec ?? {},
    status: { phase: 'Succeeded', progress: '100.0%', claimName: name },
  });
}

/** generateRestoredVMSpec: the snapshot's VM spec, volumes pointing at the restored claims, the target's run strategy. */
function restoredVm(restore: KubeObject, target: KubeObject | undefined, source: KubeObject, restores: VolumeRestore[]): KubeObject {
  const spec = structuredClone(vmSpec(source));
  const renamed = new Map(restores.map((r) => [r.volumeName, r]));
  const templates = spec.dataVolumeTemplates ?? [];
  const volumes = (spec.template?.spec?.volumes ?? []).map((v) => {
    const r = renamed.get(v.name);
    if (!r) return v;
    if (v.persistentVolumeClaim) return { ...v, persistentVolumeClaim: { ...v.persistentVolumeClaim, claimName: r.persistentVolumeClaim } };
    const template = v.dataVolume && templates.find((t) => t.metadata.name === v.dataVolume!.name);
    if (template && r.dataVolumeName) {
      template.metadata = { ...template.metadata, name: r.dataVolumeName };
      return { ...v, dataVolume: { ...v.dataVolume!, name: r.dataVolumeName } };
    }
    return { name: v.name, persistentVolumeClaim: { claimName: r.persistentVolumeClaim } };
  });
  if (spec.template?.spec) spec.template.spec.volumes = volumes;
  const annotation = { [LAST_RESTORE_ANNOTATION]: `${restore.metadata.name}-${restore.metadata.uid}` };
  if (!target) {
    const halted = spec.running !== undefined && spec.running !== null ? { running: false } : { runStrategy: 'Halted' };
    return {
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine',
      metadata: { name: restoreSpec(restore).target?.name, namespace: restore.metadata.namespace, labels: source.metadata.labels, annotations: { ...source.metadata.annotations, ...annotation } },
      spec: { ...spec, ...halted },
    };
  }
  const keep = vmSpec(target).running !== undefined && vmSpec(target).running !== null ? { running: false, runStrategy: undefined } : { runStrategy: runStrategyOf(target), running: undefined };
  return { ...target, metadata: { ...target.metadata, annotations: { ...target.metadata.annotations, ...annotation } }, spec: JSON.parse(JSON.stringify({ ...spec, ...keep })) };
}

/** The restore's JSON patches (the clone's label and annotation filters, new MAC addresses) on a new VM. */
function applyPatches(vm: KubeObject, patches: string[]): KubeObject {
  if (!patches.length) return vm;
  const operations = patches.map((p) => JSON.parse(p) as { op: string; path: string; value?: unknown });
  // As evanphx/json-patch v4 (KubeVirt's) applies them: replacing an absent key adds it; removing one is skipped here.
  const applicable = operations.filter((op) => op.op !== 'remove' || exists(vm, op.path)).map((op) => (op.op === 'replace' && !exists(vm, op.path) ? { ...op, op: 'add' } : op));
  return jsonPatch(vm as never, applicable as never) as unknown as KubeObject;
}

function exists(object: unknown, pointer: string): boolean {
  let node = object as Record<string, unknown> | undefined;
  for (const part of pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (!node || typeof node !== 'object' || !(part in node)) return false;
    node = node[part] as Record<string, unknown>;
  }
  return true;
}
