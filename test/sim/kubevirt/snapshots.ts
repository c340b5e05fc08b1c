// virt-controller's snapshot controller (KubeVirt pkg/storage/snapshot/snapshot.go, source.go): a
// VirtualMachineSnapshot locks its VM (`status.snapshotInProgress` and a finalizer) once every PVC it uses is bound and
// populated, freezes the guest's filesystems when the guest agent is there, records a VirtualMachineSnapshotContent
// (the VM as it runs, one VolumeBackup per PVC), which becomes ready once its volume snapshots are; the snapshot then
// mirrors the content (creationTime, readyToUse) and unlocks the VM. Still in progress at its failure deadline
// (default 5 minutes) it fails with "snapshot deadline exceeded". The storage's VolumeSnapshots are not simulated:
// a content's volume snapshot statuses stand in for them.
import type { KubeObject, Store } from '../store';
import { withCondition, type Condition } from '../common/conditions';
import { recordEvent } from '../common/events';
import { timestamp } from '../common/time';
import { vmiSpecOf } from './builders';
import { claimOf, type Volume } from './hotplug';
import { DATAVOLUMES, PVCS, SNAPSHOT_CONTENTS, SNAPSHOTS, VMIS, VMS } from './keys';
import { vmSpec } from './run-strategy';
import { vmiStatus, vmStatus } from './status-types';

export const SNAPSHOT_FINALIZER = 'snapshot.kubevirt.io/vmsnapshot-protection';
export const CONTENT_FINALIZER = 'snapshot.kubevirt.io/vmsnapshotcontent-protection';
export const SOURCE_FINALIZER = 'snapshot.kubevirt.io/snapshot-source-protection';
export const DEADLINE_EXCEEDED = 'snapshot deadline exceeded';
const DEFAULT_DEADLINE_MS = 5 * 60_000;

const INDICATION_MESSAGES: Record<string, string> = {
  Online: 'Snapshot taken while the VM was running. Consistency depends on guest-agent quiescing.',
  GuestAgent: 'Guest agent was active and attempted to quiesce the filesystem for application consistency.',
  NoGuestAgent: 'Guest agent was not available. Snapshot is crash-consistent and may not be application-consistent.',
  Paused: 'Snapshot taken while the VM was paused. Snapshot is crash-consistent and may not be application-consistent.',
};

export interface SnapshotStatus {
  sourceUID?: string;
  virtualMachineSnapshotContentName?: string;
  creationTime?: string;
  phase?: string;
  readyToUse?: boolean;
  error?: { time?: string; message?: string };
  conditions?: Condition[];
  indications?: string[];
  sourceIndications?: { indication: string; message: string }[];
  snapshotVolumes?: { includedVolumes?: string[]; excludedVolumes?: string[] };
}

type SnapshotSpec = { source?: { apiGroup?: string; kind?: string; name?: string }; deletionPolicy?: string; failureDeadline?: string };
type ContentStatus = { creationTime?: string; readyToUse?: boolean; error?: { time?: string; message?: string }; volumeSnapshotStatus?: { volumeSnapshotName: string; creationTime?: string; readyToUse?: boolean }[] };
type VolumeBackup = { volumeName: string; persistentVolumeClaim: { metadata: Record<string, unknown>; spec: unknown }; volumeSnapshotName: string };

const snapshotSpec = (s: KubeObject) => (s.spec ?? {}) as SnapshotSpec;
export const snapshotStatus = (s: KubeObject) => (s.status ?? {}) as SnapshotStatus;
const contentStatus = (c: KubeObject) => (c.status ?? {}) as ContentStatus;
export const contentNameOf = (snapshot: KubeObject) => snapshotStatus(snapshot).virtualMachineSnapshotContentName ?? `vmsnapshot-content-${snapshot.metadata.uid}`;
const withFinalizer = (o: KubeObject, f: string): KubeObject => ({ ...o, metadata: { ...o.metadata, finalizers: [...(o.metadata.finalizers ?? []), f] } });
const withoutFinalizer = (o: KubeObject, f: string): KubeObject => ({ ...o, metadata: { ...o.metadata, finalizers: (o.metadata.finalizers ?? []).filter((x) => x !== f) } });

/** A Go duration as KubeVirt's failureDeadline takes it (`1m30s`, `45s`, `2h`), in milliseconds. */
export function parseDuration(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  const parts = text.match(/(\d+(?:\.\d+)?)(ms|h|m|s)/g);
  if (!parts || parts.join('') !== text) return undefined;
  for (const part of parts) {
    const [, value, unit] = /(\d+(?:\.\d+)?)(ms|h|m|s)/.exec(part)!;
    total += Number(value) * units[unit];
  }
  return total;
}

/** The PVC each PVC-backed volume of the VM uses (DataVolume volumes use the PVC of the same name). */
function claimedVolumes(vm: KubeObject): { volume: string; claim: string }[] {
  return ((vmSpec(vm).template?.spec?.volumes ?? []) as Volume[]).flatMap((v) => (v.persistentVolumeClaim || v.dataVolume ? [{ volume: v.name, claim: claimOf(v)! }] : []));
}

/** Why the VM's volumes cannot be snapshotted yet (the lock's message), or undefined. */
function volumesProblem(store: Store, vm: KubeObject): string | undefined {
  const ns = vm.metadata.namespace;
  for (const { claim } of claimedVolumes(vm)) {
    const pvc = store.get(PVCS, ns, claim);
    if (!pvc) return `volume doesnt exist: ${claim}`;
    if (pvc.metadata.deletionTimestamp) return `volume is being deleted: ${claim}`;
    if ((pvc.status as { phase?: string } | undefined)?.phase !== 'Bound') return `volume not bound: ${claim}`;
    const dv = store.get(DATAVOLUMES, ns, claim);
    if (dv && (dv.status as { phase?: string } | undefined)?.phase !== 'Succeeded') return `volume not populated: ${claim}`;
  }
  return undefined;
}

/** The VM recorded in the content: offline its spec; online the running configuration with the VM's volumes. */
function sourceVm(vm: KubeObject, vmi: KubeObject | undefined): KubeObject {
  const meta = { ...vm.metadata };
  delete meta.managedFields;
  const spec = structuredClone(vmSpec(vm));
  if (vmi && spec.template) {
    const running = structuredClone(vmiSpecOf(vmi));
    delete running.startStrategy;
    const template = spec.template.spec ?? {};
    const domain = { ...(running.domain ?? {}), devices: { ...(running.domain?.devices ?? {}), disks: (template.domain?.devices as { disks?: unknown } | undefined)?.disks } };
    spec.template = { ...spec.template, spec: { ...running, domain, volumes: template.volumes } };
  }
  return { metadata: meta, spec, status: {} };
}

/** One step of the snapshot controller for one snapshot; returns when to look again (deadline, lock retry). */
export function reconcileSnapshot(store: Store, namespace: string, name: string): number | undefined {
  const snapshot = store.get(SNAPSHOTS, namespace, name);
  if (!snapshot) return undefined;
  const spec = snapshotSpec(snapshot);
  const status = snapshotStatus(snapshot);
  const terminating = !!snapshot.metadata.deletionTimestamp;
  if (!terminating && !snapshot.metadata.finalizers?.includes(SNAPSHOT_FINALIZER)) {
    store.update(SNAPSHOTS, withFinalizer(snapshot, SNAPSHOT_FINALIZER));
    return undefined;
  }
  const vm = spec.source?.kind === 'VirtualMachine' ? store.get(VMS, namespace, spec.source.name ?? '') : undefined;
  const vmi = vm && store.get(VMIS, namespace, vm.metadata.name!);
  const content = store.get(SNAPSHOT_CONTENTS, namespace, contentNameOf(snapshot));
  const progressing = status.phase !== 'Succeeded' && status.phase !== 'Failed';
  const locked = !!vm && vmStatus(vm).snapshotInProgress === name && !!vm.metadata.finalizers?.includes(SOURCE_FINALIZER);
  let lockMessage = locked ? 'Source locked and operation in progress' : 'Source not locked';

  if (status.phase !== undefined && vm) {
    if (progressing && !terminating) {
      if (!locked) {
        const problem = volumesProblem(store, vm);
        const other = vmStatus(vm).snapshotInProgress;
        if (problem) lockMessage += ` source ${namespace}/${vm.metadata.name} ${problem}`;
        else if (other && other !== name) lockMessage += ` snapshot "${other}" in progress`;
        else return lock(store, vm, vmi, name);
      } else if (!content) {
        store.create(SNAPSHOT_CONTENTS, contentFor(store, snapshot, vm, vmi));
        recordEvent(store, snapshot, { reason: 'SuccessfulVirtualMachineSnapshotContentCreate', message: `Successfully created VirtualMachineSnapshotContent ${contentNameOf(snapshot)}`, component: 'snapshot-controller' });
        return undefined;
      }
    } else if (locked && (!progressing || !content || !content.metadata.finalizers?.length)) {
      unlock(store, vm);
      return undefined;
    }
  }
  // Deleting: the content goes with the snapshot unless kept by policy (an unready content is never kept).
  if (terminating && content && !content.metadata.deletionTimestamp && (spec.deletionPolicy !== 'Retain' || !contentStatus(content).readyToUse)) {
    store.delete(SNAPSHOT_CONTENTS, namespace, content.metadata.name!);
  }
  const next = nextStatus(snapshot, status, vm, vmi, content, lockMessage);
  if (JSON.stringify(next) !== JSON.stringify(snapshot.status ?? null)) {
    store.update(SNAPSHOTS, { ...snapshot, status: next });
    return undefined;
  }
  const sourceLocked = !!vm && vmStatus(vm).snapshotInProgress === name;
  if (terminating && !sourceLocked && (!content || content.metadata.deletionTimestamp || spec.deletionPolicy === 'Retain')) {
    store.update(SNAPSHOTS, withoutFinalizer(snapshot, SNAPSHOT_FINALIZER));
    return undefined;
  }
  if (!progressing) return undefined;
  const deadline = parseDuration(spec.failureDeadline) ?? DEFAULT_DEADLINE_MS;
  return Math.max(0, Date.parse(snapshot.metadata.creationTimestamp ?? '') + deadline - Date.now()) + 10;
}

function lock(store: Store, vm: KubeObject, vmi: KubeObject | undefined, name: string): undefined {
  const locked = withFinalizer({ ...vm, status: { ...vmStatus(vm), snapshotInProgress: name } }, SOURCE_FINALIZER);
  store.update(VMS, locked);
  // With the guest agent connected, virt-handler freezes the guest's filesystems for the snapshot.
  if (vmi && (vmiStatus(vmi).conditions ?? []).some((c) => c.type === 'AgentConnected') && !(vmiStatus(vmi).conditions ?? []).some((c) => c.type === 'Paused' && c.status === 'True')) {
    store.update(VMIS, { ...vmi, status: { ...vmiStatus(vmi), fsFreezeStatus: 'frozen' } });
  }
  return undefined;
}

function unlock(store: Store, vm: KubeObject): void {
  const status = { ...vmStatus(vm) };
  delete status.snapshotInProgress;
  store.update(VMS, withoutFinalizer({ ...vm, status }, SOURCE_FINALIZER));
  thaw(store, vm.metadata.namespace!, vm.metadata.name!);
}

function thaw(store: Store, namespace: string, name: string): void {
  const vmi = store.get(VMIS, namespace, name);
  if (!vmi || !vmiStatus(vmi).fsFreezeStatus) return;
  const status = { ...vmiStatus(vmi) };
  delete status.fsFreezeStatus;
  store.update(VMIS, { ...vmi, status });
}

function contentFor(store: Store, snapshot: KubeObject, vm: KubeObject, vmi: KubeObject | undefined): KubeObject {
  const volumeBackups: VolumeBackup[] = claimedVolumes(vm).flatMap(({ volume, claim }) => {
    const pvc = store.get(PVCS, snapshot.metadata.namespace, claim);
    if (!pvc) return [];
    const metadata = { name: pvc.metadata.name, namespace: pvc.metadata.namespace, labels: pvc.metadata.labels, annotations: pvc.metadata.annotations };
    return [{ volumeName: volume, persistentVolumeClaim: { metadata, spec: pvc.spec }, volumeSnapshotName: `vmsnapshot-${snapshot.metadata.uid}-volume-${volume}` }];
  });
  return {
    apiVersion: 'snapshot.kubevirt.io/v1beta1',
    kind: 'VirtualMachineSnapshotContent',
    metadata: { name: contentNameOf(snapshot), namespace: snapshot.metadata.namespace, finalizers: [CONTENT_FINALIZER] },
    spec: { virtualMachineSnapshotName: snapshot.metadata.name, source: { virtualMachine: sourceVm(vm, vmi && !vmi.metadata.deletionTimestamp ? vmi : undefined) }, volumeBackups },
  };
}

/** updateSnapshotStatus: the phase, the content's readiness, the conditions and, while in progress, the indications. */
function nextStatus(snapshot: KubeObject, old: SnapshotStatus, vm: KubeObject | undefined, vmi: KubeObject | undefined, content: KubeObject | undefined, lockMessage: string): SnapshotStatus {
  const status: SnapshotStatus = { readyToUse: false, ...structuredClone(old) };
  let conditions = status.conditions;
  const set = (type: string, value: 'True' | 'False', reason: string) => (conditions = withCondition(conditions, { type, status: value, reason }));
  if (vm) status.sourceUID = vm.metadata.uid;
  if (content?.status) {
    status.virtualMachineSnapshotContentName = content.metadata.name;
    const c = contentStatus(content);
    if (c.creationTime) status.creationTime = c.creationTime;
    status.readyToUse = c.readyToUse ?? false;
    if (c.error) status.error = c.error;
    else delete status.error;
  }
  const deadline = parseDuration(snapshotSpec(snapshot).failureDeadline) ?? DEFAULT_DEADLINE_MS;
  const progressing = status.phase !== 'Succeeded' && status.phase !== 'Failed';
  const overdue = progressing && Date.now() > Date.parse(snapshot.metadata.creationTimestamp ?? '') + deadline;
  if (status.phase === 'Failed' || overdue) {
    status.phase = 'Failed';
    set('Failure', 'True', DEADLINE_EXCEEDED);
    set('Progressing', 'False', 'Operation failed');
  } else if (status.phase === 'Succeeded' || status.creationTime) {
    status.phase = 'Succeeded';
    set('Progressing', 'False', 'Operation complete');
    if (content) status.snapshotVolumes = snapshotVolumes(content);
  } else {
    status.phase = 'InProgress';
    if (vm) {
      const locked = vmStatus(vm).snapshotInProgress === snapshot.metadata.name && !!vm.metadata.finalizers?.includes(SOURCE_FINALIZER);
      set('Progressing', locked ? 'True' : 'False', lockMessage);
      const indications = indicationsFor(vmi);
      status.indications = indications.length ? indications : undefined;
      status.sourceIndications = indications.length ? indications.map((indication) => ({ indication, message: INDICATION_MESSAGES[indication] })) : undefined;
    } else set('Progressing', 'False', 'Source does not exist');
    if (snapshot.metadata.deletionTimestamp) {
      status.phase = 'Deleting';
      set('Progressing', 'False', 'VM snapshot is deleting');
    }
  }
  set('Ready', status.readyToUse ? 'True' : 'False', status.readyToUse ? 'Ready' : 'Not ready');
  if (status.error) set('Progressing', 'False', 'In error state');
  status.conditions = conditions;
  return JSON.parse(JSON.stringify(status)) as SnapshotStatus;
}

function indicationsFor(vmi: KubeObject | undefined): string[] {
  if (!vmi) return [];
  const conditions = vmiStatus(vmi).conditions ?? [];
  const indications = ['Online'];
  if (conditions.some((c) => c.type === 'Paused' && c.status === 'True')) indications.push('Paused');
  else indications.push(conditions.some((c) => c.type === 'AgentConnected') ? 'GuestAgent' : 'NoGuestAgent');
  return indications;
}

function snapshotVolumes(content: KubeObject): SnapshotStatus['snapshotVolumes'] {
  const spec = content.spec as { source?: { virtualMachine?: KubeObject }; volumeBackups?: VolumeBackup[] };
  const backedUp = new Set((spec.volumeBackups ?? []).map((b) => b.volumeName));
  const volumes = ((spec.source?.virtualMachine ? vmSpec(spec.source.virtualMachine).template?.spec?.volumes : undefined) ?? []).map((v) => v.name);
  const included = volumes.filter((v) => backedUp.has(v));
  const excluded = volumes.filter((v) => !backedUp.has(v));
  return { ...(included.length ? { includedVolumes: included } : {}), ...(excluded.length ? { excludedVolumes: excluded } : {}) };
}

/** One step for a content: its volume snapshots are created, then ready; then it records its creation time. */
export function reconcileSnapshotContent(store: Store, namespace: string, name: string): void {
  const content = store.get(SNAPSHOT_CONTENTS, namespace, name);
  if (!content) return;
  const snapshotName = (content.spec as { virtualMachineSnapshotName?: string }).virtualMachineSnapshotName ?? '';
  const snapshot = store.get(SNAPSHOTS, namespace, snapshotName);
  if (!snapshot || snapshot.metadata.deletionTimestamp) {
    if (content.metadata.finalizers?.includes(CONTENT_FINALIZER)) store.update(SNAPSHOT_CONTENTS, withoutFinalizer(content, CONTENT_FINALIZER));
    return;
  }
  if (content.metadata.deletionTimestamp) return;
  const status = contentStatus(content);
  const backups = ((content.spec as { volumeBackups?: VolumeBackup[] }).volumeBackups ?? []);
  const now = timestamp();
  const volumeSnapshotStatus = backups.map((b) => {
    const seen = status.volumeSnapshotStatus?.find((v) => v.volumeSnapshotName === b.volumeSnapshotName);
    return seen ? { volumeSnapshotName: b.volumeSnapshotName, creationTime: seen.creationTime ?? now, readyToUse: true } : { volumeSnapshotName: b.volumeSnapshotName, readyToUse: false };
  });
  for (const b of backups) {
    if (!status.volumeSnapshotStatus?.some((v) => v.volumeSnapshotName === b.volumeSnapshotName)) {
      recordEvent(store, content, { reason: 'SuccessfulVolumeSnapshotCreate', message: `Successfully created VolumeSnapshot ${b.volumeSnapshotName}`, component: 'snapshot-controller' });
    }
  }
  const created = volumeSnapshotStatus.every((v) => v.creationTime);
  const ready = volumeSnapshotStatus.every((v) => v.readyToUse);
  const next: ContentStatus = { ...status, readyToUse: ready, ...(volumeSnapshotStatus.length ? { volumeSnapshotStatus } : {}) };
  if (created && !next.creationTime) {
    next.creationTime = now;
    thaw(store, namespace, (snapshot.spec as SnapshotSpec).source?.name ?? '');
  }
  if (JSON.stringify(next) !== JSON.stringify(content.status ?? null)) store.update(SNAPSHOT_CONTENTS, { ...content, status: next });
}
