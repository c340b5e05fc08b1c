// A tenant's workloads sorted into the tree's three folders: VirtualMachines (with the VMIs no VM owns),
// microVM pods and plain containers. virt-launcher pods are not listed: they belong to their VM.
import type { KubeObject } from './kubeObject';
import type { Pod, VirtualMachine, VirtualMachineInstance } from './objects';
import type { RuntimeClassInfo } from './runtimeClasses';
import { launcherVmiName, podCategory } from './workloads';

export interface VmEntry {
  kind: 'VirtualMachine' | 'VirtualMachineInstance';
  object: VirtualMachine | VirtualMachineInstance;
  vmi?: VirtualMachineInstance;
  launcher?: Pod;
}

export interface TenantWorkloads {
  vms: VmEntry[];
  microvms: Pod[];
  containers: Pod[];
}

const byName = (a: KubeObject, b: KubeObject) =>
  (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name);

const nsName = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export function sortWorkloads(vms: KubeObject[], vmis: KubeObject[], pods: KubeObject[], runtimeClasses: ReadonlyMap<string, RuntimeClassInfo>): TenantWorkloads {
  const vmiByName = new Map(vmis.map((v) => [nsName(v), v as VirtualMachineInstance]));
  const launchers = new Map<string, Pod>();
  const microvms: Pod[] = [];
  const containers: Pod[] = [];
  for (const pod of pods as Pod[]) {
    const category = podCategory(pod, runtimeClasses);
    if (category === 'launcher') {
      const vmi = launcherVmiName(pod);
      const key = `${pod.metadata.namespace ?? ''}/${vmi}`;
      // During a migration two launchers exist; the running one is the VM's.
      if (vmi && (!launchers.has(key) || pod.status?.phase === 'Running')) launchers.set(key, pod);
    } else (category === 'microvm' ? microvms : containers).push(pod);
  }
  const vmNames = new Set(vms.map(nsName));
  const entries: VmEntry[] = [
    ...vms.map((vm): VmEntry => ({ kind: 'VirtualMachine', object: vm, vmi: vmiByName.get(nsName(vm)), launcher: launchers.get(nsName(vm)) })),
    ...[...vmiByName.values()]
      .filter((vmi) => !vmNames.has(nsName(vmi)))
      .map((vmi): VmEntry => ({ kind: 'VirtualMachineInstance', object: vmi, vmi, launcher: launchers.get(nsName(vmi)) })),
  ];
  return {
    vms: entries.sort((a, b) => byName(a.object, b.object)),
    microvms: microvms.sort(byName),
    containers: containers.sort(byName),
  };
}

/** `3 VMs · 2 microVMs · 4 containers`, leaving out what is zero. */
export function countsDescription(w: TenantWorkloads): string {
  const part = (n: number, one: string, many: string) => (n ? `${n} ${n === 1 ? one : many}` : '');
  return [part(w.vms.length, 'VM', 'VMs'), part(w.microvms.length, 'microVM', 'microVMs'), part(w.containers.length, 'container', 'containers')]
    .filter(Boolean)
    .join(' · ');
}
