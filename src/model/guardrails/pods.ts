// Pods as the audit sees them: only pods that are not finished count, and every pod is named so a person can
// find it — a virt-launcher by its VM, a pod a vcluster synced by its name inside the virtual cluster.
import * as l10n from '@vscode/l10n';
import { launcherVmiName } from '../workloads';
import type { AuditPod } from './kinds';

export const VCLUSTER_MANAGED_BY = 'vcluster.loft.sh/managed-by';
export const VCLUSTER_OBJECT_NAME = 'vcluster.loft.sh/object-name';
export const VCLUSTER_OBJECT_NAMESPACE = 'vcluster.loft.sh/object-namespace';

/** Pods that hold resources: not Succeeded or Failed (as ResourceQuota counts them). */
export function activePods(pods: readonly AuditPod[]): AuditPod[] {
  return pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

export const isLauncher = (pod: AuditPod): boolean => pod.metadata.labels?.['kubevirt.io'] === 'virt-launcher';

/** `virt-launcher-db-x7k2 (VM db)`, `web-x-default-x-vc1 (default/web in vcluster vc1)`, or the plain name. */
export function podLabel(pod: AuditPod): string {
  const name = pod.metadata.name;
  if (isLauncher(pod)) {
    const vmi = launcherVmiName(pod);
    return vmi ? `${name} (VM ${vmi})` : name;
  }
  const vcluster = pod.metadata.labels?.[VCLUSTER_MANAGED_BY];
  const inner = pod.metadata.annotations?.[VCLUSTER_OBJECT_NAME];
  if (vcluster && inner) {
    const innerNs = pod.metadata.annotations?.[VCLUSTER_OBJECT_NAMESPACE];
    return l10n.t('{0} ({1}{2} in vcluster {3})', name, innerNs ? `${innerNs}/` : '', inner, vcluster);
  }
  return name;
}
