// Which tree folder a pod belongs to and how it is isolated. virt-launcher pods belong to their VM; pods
// with a Kata or gVisor RuntimeClass are microVM pods; everything else is a plain container.
import { isolationOfHandler, type Isolation } from './isolation';
import type { Pod } from './objects';
import type { RuntimeClassInfo } from './runtimeClasses';

export type PodCategory = 'launcher' | 'microvm' | 'container';

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
  return podIsolation(pod, runtimeClasses).class === 'container' ? 'container' : 'microvm';
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
