// A tenant's workloads sorted into the tree's folders: VirtualMachines (with the VMIs no VM owns), microVM pods
// (Kata), sandboxed pods (gVisor) and plain containers. virt-launcher pods are not listed: they belong to their
// VM. The counts lead with what is failing.
import type { KubeObject } from './kubeObject';
import type { Pod, VirtualMachine, VirtualMachineInstance } from './objects';
import type { RuntimeClassInfo } from './runtimeClasses';
import { statusGroup, vmiPrintableStatus, type StatusGroup } from './vmStatus';
import { launcherVmiName, podCategory, podGroup } from './workloads';

export interface VmEntry {
  kind: 'VirtualMachine' | 'VirtualMachineInstance';
  object: VirtualMachine | VirtualMachineInstance;
  vmi?: VirtualMachineInstance;
  launcher?: Pod;
}

export interface TenantWorkloads {
  vms: VmEntry[];
  microvms: Pod[];
  sandboxed: Pod[];
  containers: Pod[];
}

export type WorkloadFolder = keyof TenantWorkloads;

export const WORKLOAD_FOLDERS: readonly WorkloadFolder[] = ['vms', 'microvms', 'sandboxed', 'containers'];

/** 'name': by namespace and name; 'failingFirst': workloads in an error status first, then by name. */
export type WorkloadOrder = 'name' | 'failingFirst';

const byName = (a: KubeObject, b: KubeObject) =>
  (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name);

const nsName = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** The printable status of a VM, or of a lone VMI. */
export function entryStatus(entry: VmEntry): string {
  return entry.kind === 'VirtualMachine' ? ((entry.object as VirtualMachine).status?.printableStatus ?? 'Unknown') : vmiPrintableStatus(entry.object as VirtualMachineInstance);
}

export function entryGroup(entry: VmEntry): StatusGroup {
  return statusGroup(entryStatus(entry));
}

/** Sorts by name, or failing first when `order` says so. */
function ordered<T>(items: T[], object: (item: T) => KubeObject, group: (item: T) => StatusGroup, order: WorkloadOrder): T[] {
  const failing = (item: T) => (order === 'failingFirst' && group(item) === 'error' ? 0 : 1);
  return items.sort((a, b) => failing(a) - failing(b) || byName(object(a), object(b)));
}

export function sortWorkloads(
  vms: KubeObject[],
  vmis: KubeObject[],
  pods: KubeObject[],
  runtimeClasses: ReadonlyMap<string, RuntimeClassInfo>,
  order: WorkloadOrder = 'name',
): TenantWorkloads {
  const vmiByName = new Map(vmis.map((v) => [nsName(v), v as VirtualMachineInstance]));
  const launchers = new Map<string, Pod>();
  const folders: Record<'microvm' | 'sandboxed' | 'container', Pod[]> = { microvm: [], sandboxed: [], container: [] };
  for (const pod of pods as Pod[]) {
    const category = podCategory(pod, runtimeClasses);
    if (category === 'launcher') {
      const vmi = launcherVmiName(pod);
      const key = `${pod.metadata.namespace ?? ''}/${vmi}`;
      // During a migration two launchers exist; the running one is the VM's.
      if (vmi && (!launchers.has(key) || pod.status?.phase === 'Running')) launchers.set(key, pod);
    } else folders[category].push(pod);
  }
  const vmNames = new Set(vms.map(nsName));
  const entries: VmEntry[] = [
    ...vms.map((vm): VmEntry => ({ kind: 'VirtualMachine', object: vm, vmi: vmiByName.get(nsName(vm)), launcher: launchers.get(nsName(vm)) })),
    ...[...vmiByName.values()]
      .filter((vmi) => !vmNames.has(nsName(vmi)))
      .map((vmi): VmEntry => ({ kind: 'VirtualMachineInstance', object: vmi, vmi, launcher: launchers.get(nsName(vmi)) })),
  ];
  const sortPods = (list: Pod[]) => ordered(list, (p) => p, (p) => podGroup(p), order);
  return {
    vms: ordered(entries, (e) => e.object, entryGroup, order),
    microvms: sortPods(folders.microvm),
    sandboxed: sortPods(folders.sandboxed),
    containers: sortPods(folders.container),
  };
}

/** How many workloads of a folder (or of all folders) are in an error status. */
export function failingCount(w: TenantWorkloads, folder?: WorkloadFolder): number {
  const count = (f: WorkloadFolder) => (f === 'vms' ? w.vms.filter((e) => entryGroup(e) === 'error').length : w[f].filter((p) => podGroup(p) === 'error').length);
  return folder ? count(folder) : WORKLOAD_FOLDERS.reduce((sum, f) => sum + count(f), 0);
}

export function workloadCount(w: TenantWorkloads): number {
  return WORKLOAD_FOLDERS.reduce((sum, f) => sum + w[f].length, 0);
}

/** `3 failing · 7 VMs · 1 microVM · 1 sandboxed · 2 containers`, leaving out what is zero. */
export function countsDescription(w: TenantWorkloads): string {
  const part = (n: number, one: string, many: string) => (n ? `${n} ${n === 1 ? one : many}` : '');
  return [
    part(failingCount(w), 'failing', 'failing'),
    part(w.vms.length, 'VM', 'VMs'),
    part(w.microvms.length, 'microVM', 'microVMs'),
    part(w.sandboxed.length, 'sandboxed', 'sandboxed'),
    part(w.containers.length, 'container', 'containers'),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A folder's count: `7`, or `3 of 7 failing`. */
export function folderDescription(w: TenantWorkloads, folder: WorkloadFolder): string {
  const failing = failingCount(w, folder);
  return failing ? `${failing} of ${w[folder].length} failing` : String(w[folder].length);
}
