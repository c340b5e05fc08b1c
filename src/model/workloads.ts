// Which tree folder a pod belongs to and how it is isolated. virt-launcher pods belong to their VM; pods with
// a Kata RuntimeClass are microVM pods, gVisor ones sandboxed pods (a user-space kernel, not a VM); everything
// else is a plain container.
import { isolationOfHandler, type Isolation } from './isolation';
import type { Pod } from './objects';
import type { RuntimeClassInfo } from './runtimeClasses';
import type { StatusGroup } from './vmStatus';

export type PodCategory = 'launcher' | 'microvm' | 'sandboxed' | 'container';

export function isLauncherPod(pod: Pod): boolean {
  return pod.metadata.labels?.['kubevirt.io'] === 'virt-launcher';
}

/**
 * The pod's isolation from its RuntimeClass. When RuntimeClasses cannot be read (RBAC), the class name
 * stands in for the handler: kata-deploy and gVisor name their classes after their handlers.
 */
export function podIsolation(pod: Pod, runtimeClasses: ReadonlyMap<string, RuntimeClassInfo>): Isolation {
  const name = pod.spec?.runtimeClassName;
  if (!name) return isolationOfHandler(undefined);
  return isolationOfHandler(runtimeClasses.get(name)?.handler ?? name);
}

export function podCategory(pod: Pod, runtimeClasses: ReadonlyMap<string, RuntimeClassInfo>): PodCategory {
  if (isLauncherPod(pod)) return 'launcher';
  const isolation = podIsolation(pod, runtimeClasses).class;
  return isolation === 'microvm' ? 'microvm' : isolation === 'sandbox' ? 'sandboxed' : 'container';
}

/** The VMI a virt-launcher pod runs, from its owner reference (falling back to the deprecated name label). */
export function launcherVmiName(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((o) => o.kind === 'VirtualMachineInstance')?.name ?? pod.metadata.labels?.['vm.kubevirt.io/name'];
}

/** Pod status as kubectl's STATUS column shows it: a waiting/terminated reason beats the phase. */
export function podStatus(pod: Pod): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  for (const c of pod.status?.containerStatuses ?? []) {
    const reason = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (reason) return reason;
  }
  return pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
}

/** The status group of a pod (icon, colour, "failing"): a waiting or terminated reason of a running pod is trouble. */
export function podGroup(pod: Pod, status = podStatus(pod)): StatusGroup {
  if (pod.metadata.deletionTimestamp) return 'transitional';
  switch (pod.status?.phase) {
    case 'Running':
      return status === 'Running' ? 'running' : 'error';
    case 'Succeeded':
      return 'stopped';
    case 'Failed':
      return 'error';
    case 'Pending':
      return status === 'Pending' || status === 'ContainerCreating' ? 'transitional' : 'error';
    default:
      return 'unknown';
  }
}

/**
 * A pod's name without the ReplicaSet's pod-template-hash (`web-7d9f8b6c5d-x2k4p` → `web-…-x2k4p`), so a
 * Deployment's pods fit a narrow row; other names are kept whole.
 */
export function shortPodName(pod: Pod): string {
  const name = pod.metadata.name;
  const hash = pod.metadata.labels?.['pod-template-hash'];
  return hash && name.includes(`-${hash}-`) ? name.replace(`-${hash}-`, '-…-') : name;
}
