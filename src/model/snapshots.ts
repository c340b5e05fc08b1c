// VirtualMachineSnapshots and VirtualMachineRestores (snapshot.kubevirt.io/v1beta1): the manifests Take Snapshot and
// Restore create, a snapshot's row in the VM's Snapshots child (phase, ready to use, creation time, indications in
// words) and when a snapshot or restore has finished. KubeVirt restores only a VM without a VMI: a running target
// waits (WaitGracePeriod, 5 minutes) and then fails, so the UI offers to stop it first.
import type {
  V1beta1VirtualMachineRestoreSpec,
  V1beta1VirtualMachineRestoreStatus,
  V1beta1VirtualMachineSnapshotSpec,
  V1beta1VirtualMachineSnapshotStatus,
} from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import * as l10n from '@vscode/l10n';
import type { KubeObject } from './kubeObject';
import { ended, pending, type Ending, type Judgement } from './judgement';
import type { VirtualMachine } from './objects';
import { findCondition } from './vmStatus';

export const SNAPSHOT_API = 'snapshot.kubevirt.io/v1beta1';
/** Where the description of a snapshot is kept (the OpenShift console's field). */
export const DESCRIPTION_ANNOTATION = 'description';

export interface VirtualMachineSnapshot extends KubeObject {
  spec?: V1beta1VirtualMachineSnapshotSpec;
  status?: V1beta1VirtualMachineSnapshotStatus;
}

export interface VirtualMachineRestore extends KubeObject {
  spec?: V1beta1VirtualMachineRestoreSpec;
  status?: V1beta1VirtualMachineRestoreStatus;
}

/** `web-1-snapshot-20260412-020009`: the VM's name and the time, a valid object name (at most 63 characters). */
export function defaultSnapshotName(vmName: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${vmName.slice(0, 63 - '-snapshot-'.length - stamp.length)}-snapshot-${stamp}`.replace(/^[-.]+/, '');
}

export function snapshotManifest(vm: { name: string; namespace: string }, name: string, description?: string): VirtualMachineSnapshot {
  return {
    apiVersion: SNAPSHOT_API,
    kind: 'VirtualMachineSnapshot',
    metadata: { name, namespace: vm.namespace, ...(description ? { annotations: { [DESCRIPTION_ANNOTATION]: description } } : {}) },
    spec: { source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: vm.name } },
  };
}

export function restoreManifest(vm: { name: string; namespace: string }, snapshotName: string, name: string): VirtualMachineRestore {
  return {
    apiVersion: SNAPSHOT_API,
    kind: 'VirtualMachineRestore',
    metadata: { name, namespace: vm.namespace },
    spec: { target: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: vm.name }, virtualMachineSnapshotName: snapshotName },
  };
}

/** `web-1-restore-<snapshot>`, cut to a valid name. */
export function restoreName(snapshotName: string, now: Date): string {
  return `${snapshotName.slice(0, 40)}-restore-${now.getTime().toString(36)}`;
}

/** The snapshots of one VM, newest first. */
export function snapshotsOf(snapshots: readonly VirtualMachineSnapshot[], vmName: string): VirtualMachineSnapshot[] {
  return snapshots
    .filter((s) => s.spec?.source?.name === vmName && (s.spec.source.kind ?? 'VirtualMachine') === 'VirtualMachine')
    .sort((a, b) => createdAt(b).localeCompare(createdAt(a)));
}

const createdAt = (s: VirtualMachineSnapshot) => s.status?.creationTime ?? s.metadata.creationTimestamp ?? '';

const INDICATIONS: Record<string, string> = {
  Online: l10n.t('taken while running'),
  GuestAgent: l10n.t('filesystems frozen by the guest agent'),
  NoGuestAgent: l10n.t('no guest agent: crash-consistent'),
  Paused: l10n.t('taken while paused: crash-consistent'),
};

export interface SnapshotRow {
  name: string;
  /** `Ready`, `In progress`, `Failed`, `Deleting`, `Not ready` — the state in words. */
  state: string;
  phase: string;
  readyToUse: boolean;
  /** When the snapshot was taken (status.creationTime), else when it was asked for. */
  created?: string;
  /** The indications in words, e.g. "taken while running", "filesystems frozen by the guest agent". */
  indications: string[];
  description?: string;
  error?: string;
}

export function snapshotRow(s: VirtualMachineSnapshot): SnapshotRow {
  const status = s.status ?? {};
  const phase = status.phase ?? 'Pending';
  const readyToUse = status.readyToUse === true;
  const error = status.error?.message ?? (phase === 'Failed' ? findCondition(status.conditions, 'Failure')?.reason : undefined);
  const state = readyToUse ? 'Ready' : phase === 'Failed' ? 'Failed' : phase === 'Deleting' || s.metadata.deletionTimestamp ? 'Deleting' : phase === 'Succeeded' ? l10n.t('Not ready') : phase === 'Pending' ? 'Pending' : l10n.t('In progress');
  return {
    name: s.metadata.name,
    state,
    phase,
    readyToUse,
    created: status.creationTime ?? s.metadata.creationTimestamp,
    indications: (status.indications ?? []).map((i) => INDICATIONS[i] ?? i),
    ...(s.metadata.annotations?.[DESCRIPTION_ANNOTATION] ? { description: s.metadata.annotations[DESCRIPTION_ANNOTATION] } : {}),
    ...(error ? { error } : {}),
  };
}

/** A snapshot is done when ready to use, or failed with its error; its deletion ends the wait as `gone`. */
export function snapshotJudgement(s: VirtualMachineSnapshot | undefined): Judgement<Ending> {
  if (!s) return ended('gone', l10n.t('The snapshot was deleted.'));
  const row = snapshotRow(s);
  if (row.readyToUse) return ended('ok');
  if (row.state === 'Failed') return ended('failed', row.error ?? l10n.t('The snapshot failed.'));
  const progressing = findCondition(s.status?.conditions, 'Progressing');
  // Progressing=False with a reason says what holds it up ("Source does not exist", "Source locked").
  return pending(progressing?.reason ? `${row.state}: ${progressing.reason}` : row.state);
}

/** A restore is done once complete, failed with a Failure condition; until then its Ready condition says why. */
export function restoreJudgement(r: VirtualMachineRestore | undefined): Judgement<Ending> {
  if (!r) return ended('gone', l10n.t('The restore was deleted.'));
  if (r.status?.complete) return ended('ok');
  const failure = findCondition(r.status?.conditions, 'Failure');
  if (failure?.status === 'True') return ended('failed', failure.reason ?? failure.message ?? l10n.t('The restore failed.'));
  const ready = findCondition(r.status?.conditions, 'Ready');
  return pending(ready?.reason ?? 'Initializing');
}

/** KubeVirt restores only a VM without a VMI: anything but Stopped must be stopped first. */
export function restoreNeedsStop(vm: VirtualMachine): boolean {
  return (vm.status?.printableStatus ?? 'Stopped') !== 'Stopped';
}
