// Snapshots of a VM and their restores (snapshot.kubevirt.io/v1beta1): list, take, delete, restore, and waits that
// follow a snapshot to readyToUse or its error and a restore to status.complete (single-object watches, no polling);
// Take Snapshot on several VMs at once.
import { settleBounded, summarize, type BulkSummary } from '../model/bulk';
import { ended, pending, type Ending } from '../model/judgement';
import {
  defaultSnapshotName, restoreJudgement, restoreManifest, snapshotJudgement, snapshotManifest, snapshotsOf, SNAPSHOT_API,
  type VirtualMachineRestore, type VirtualMachineSnapshot,
} from '../model/snapshots';
import type { KubeHttp } from './kubeHttp';
import { groupPath } from './kubevirtPaths';
import { waitForObject, type ObjectWaitOptions } from './objectWatch';

const snapshotsPath = (namespace: string, name?: string) => groupPath(SNAPSHOT_API, 'virtualmachinesnapshots', namespace, name);
const restoresPath = (namespace: string, name?: string) => groupPath(SNAPSHOT_API, 'virtualmachinerestores', namespace, name);

/** The snapshots of a VM, newest first. */
export async function listSnapshots(http: KubeHttp, namespace: string, vmName: string): Promise<VirtualMachineSnapshot[]> {
  const list = await http.call<{ items?: VirtualMachineSnapshot[] }>('GET', snapshotsPath(namespace));
  return snapshotsOf(list.items ?? [], vmName);
}

export function takeSnapshot(http: KubeHttp, vm: { namespace: string; name: string }, name: string, description?: string): Promise<VirtualMachineSnapshot> {
  return http.call<VirtualMachineSnapshot>('POST', snapshotsPath(vm.namespace), { body: snapshotManifest(vm, name, description) });
}

export async function deleteSnapshot(http: KubeHttp, namespace: string, name: string): Promise<void> {
  await http.call('DELETE', snapshotsPath(namespace, name));
}

/** Creates the VirtualMachineRestore; KubeVirt acts on it once the VM has no VMI. */
export function restoreSnapshot(http: KubeHttp, vm: { namespace: string; name: string }, snapshotName: string, name: string): Promise<VirtualMachineRestore> {
  return http.call<VirtualMachineRestore>('POST', restoresPath(vm.namespace), { body: restoreManifest(vm, snapshotName, name) });
}

export function waitForSnapshot(http: KubeHttp, namespace: string, name: string, options: ObjectWaitOptions = {}): Promise<Ending> {
  return waitForObject(http, snapshotsPath(namespace), name, snapshotJudgement, options);
}

/** Follows a deleted snapshot until it is gone (its content and volume snapshots are cleaned up first). */
export function waitForSnapshotGone(http: KubeHttp, namespace: string, name: string, options: ObjectWaitOptions = {}): Promise<Ending> {
  return waitForObject<VirtualMachineSnapshot, Ending>(http, snapshotsPath(namespace), name, (s) => (s ? pending(s.status?.phase ?? 'Deleting') : ended('ok')), options);
}

export function waitForRestore(http: KubeHttp, namespace: string, name: string, options: ObjectWaitOptions = {}): Promise<Ending> {
  return waitForObject(http, restoresPath(namespace), name, restoreJudgement, options);
}

/** Take Snapshot on a multi-selection: one snapshot per VM (named after it and `now`), a few at a time. */
export async function snapshotEach(http: KubeHttp, vms: readonly { namespace: string; name: string }[], now: Date, concurrency = 4): Promise<BulkSummary> {
  const results = await settleBounded(vms, concurrency, (vm) => takeSnapshot(http, vm, defaultSnapshotName(vm.name, now)));
  return summarize(vms, results, (vm) => `${vm.namespace}/${vm.name}`);
}
