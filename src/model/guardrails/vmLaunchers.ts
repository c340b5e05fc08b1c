// What a running VM takes from its namespace's quota: its virt-launcher pod's requests and limits (guest
// memory plus KubeVirt's overhead). A live migration starts a second launcher of the same size, so the quota
// must have that much left. When the launcher cannot be read, the size is estimated from the VMI the way
// KubeVirt's GetMemoryOverhead adds it up (pkg/virt-controller/services/renderresources.go).
import { parseQuantity } from '../validation/quantity';
import { launcherVmiName } from '../workloads';
import type { AuditPod, AuditVmi } from './kinds';
import { activePods, isLauncher } from './pods';
import { podAmount } from './podResources';

export const LAUNCHER_KEYS = ['requests.memory', 'limits.memory', 'requests.cpu', 'limits.cpu'] as const;

export interface LauncherSize {
  vm: string;
  /** Per quota key (LAUNCHER_KEYS), what one launcher pod counts. */
  amounts: Record<string, number>;
  /** Guest memory, when the VMI says it. */
  guestMemory?: number;
  /** True when estimated from the VMI because its launcher pod is not visible. */
  estimated: boolean;
}

const MI = 2 ** 20;
/** virt-launcher-monitor 25Mi + virt-launcher 100Mi + virtlogd 25Mi + virtqemud 40Mi + qemu 30Mi. */
const FIXED_OVERHEAD = 220 * MI;
const PER_VCPU = 8 * MI;
const IOTHREAD = 8 * MI;
const VIDEO = 32 * MI;

export function guestMemory(vmi: AuditVmi): number | undefined {
  const domain = vmi.spec?.domain;
  return parseQuantity(domain?.memory?.guest) ?? parseQuantity(domain?.resources?.requests?.memory);
}

function vcpus(vmi: AuditVmi): number {
  const cpu = vmi.spec?.domain?.cpu;
  return (cpu?.cores ?? 1) * (cpu?.sockets ?? 1) * (cpu?.threads ?? 1);
}

/** KubeVirt's memory overhead for a VMI: fixed processes, page tables (1/512), 8Mi per vCPU, an IO thread, video RAM. */
export function estimatedOverhead(vmi: AuditVmi): number {
  const guest = guestMemory(vmi) ?? 0;
  const video = vmi.spec?.domain?.devices?.autoattachGraphicsDevice === false ? 0 : VIDEO;
  return FIXED_OVERHEAD + guest / 512 + PER_VCPU * vcpus(vmi) + IOTHREAD + video;
}

function estimate(vmi: AuditVmi): LauncherSize {
  const guest = guestMemory(vmi);
  const overhead = estimatedOverhead(vmi);
  const resources = vmi.spec?.domain?.resources;
  // KubeVirt requests 1/10 of a core per vCPU unless told otherwise (cpuAllocationRatio 10).
  const cpu = parseQuantity(resources?.requests?.cpu) ?? vcpus(vmi) / 10;
  const memoryLimit = parseQuantity(resources?.limits?.memory);
  const amounts: Record<string, number> = {
    'requests.memory': (guest ?? 0) + overhead,
    'limits.memory': memoryLimit !== undefined ? memoryLimit + overhead : (guest ?? 0) + overhead,
    'requests.cpu': cpu,
    'limits.cpu': parseQuantity(resources?.limits?.cpu) ?? cpu,
  };
  return { vm: vmi.metadata.name, amounts, ...(guest !== undefined ? { guestMemory: guest } : {}), estimated: true };
}

/** The launcher size of every running VMI; pods may be undefined when they cannot be read. */
export function runningLaunchers(vmis: readonly AuditVmi[], pods: readonly AuditPod[] | undefined): LauncherSize[] {
  const launchers = pods ? activePods(pods).filter(isLauncher) : [];
  return vmis
    .filter((v) => v.status?.phase === 'Running')
    .map((vmi) => {
      const mine = launchers.filter((p) => launcherVmiName(p) === vmi.metadata.name);
      const pod = mine.find((p) => p.status?.phase === 'Running') ?? mine[0];
      if (!pod) return estimate(vmi);
      const guest = guestMemory(vmi);
      return { vm: vmi.metadata.name, amounts: Object.fromEntries(LAUNCHER_KEYS.map((k) => [k, podAmount(pod, k)])), ...(guest !== undefined ? { guestMemory: guest } : {}), estimated: false };
    });
}
