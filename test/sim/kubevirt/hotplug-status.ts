// A running VMI's hotplugged volumes, one phase per wake-up as virt-controller and virt-handler move them
// (KubeVirt pkg/virt-controller/watch/vmi/storage.go, pkg/virt-handler/vm.go): Pending or Bound (from the PVC) →
// AttachedToNode (an `hp-volume-` attachment pod, owned by the virt-launcher pod, runs on the VMI's node) →
// MountedToPod → Ready with a target device; a volume gone from the spec goes UnMountedFromPod → Detaching → away.
// Each transition records the event virt-controller or virt-handler records.
import type { KubeObject, Store } from '../store';
import { recordEvent } from '../common/events';
import { podStatus } from '../common/pod-status';
import { deviceTarget, LAUNCHER_IMAGE, NON_ROOT, vmiSpecOf } from './builders';
import { claimOf, isHotpluggable, type Disk, type Volume } from './hotplug';
import { PODS, PVCS, VMIS } from './keys';
import { vmiStatus } from './status-types';
import { launcherPods } from './vmi-controller';

export const HOTPLUG_POD_LABEL = 'hotplug-disk';
export const OWNER_VMI_NAME = 'kubevirt.io/owner-vmi-name';
const OWNER_VMI_UID = 'kubevirt.io/owner-vmi-uid';

export interface VolumeStatus {
  name: string;
  target: string;
  phase?: string;
  reason?: string;
  message?: string;
  hotplugVolume?: { attachPodName?: string; attachPodUID?: string };
  persistentVolumeClaimInfo?: Record<string, unknown>;
  size?: number;
  [field: string]: unknown;
}

const BYTES: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
const bytesOf = (quantity: string | undefined) => {
  const match = quantity && /^(\d+(?:\.\d+)?)([KMGT]i?)?$/.exec(quantity);
  return match ? Math.round(Number(match[1]) * (match[2] ? BYTES[match[2]] : 1)) : undefined;
};

/** The attachment pods of a VMI, newest last. */
export function attachmentPods(store: Store, vmi: KubeObject): KubeObject[] {
  return store.list(PODS, vmi.metadata.namespace, (p) => p.metadata.labels?.['kubevirt.io'] === HOTPLUG_POD_LABEL && p.metadata.annotations?.[OWNER_VMI_UID] === vmi.metadata.uid && !p.metadata.deletionTimestamp)
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
}

const claimsOf = (pod: KubeObject) => ((pod.spec as { volumes?: { persistentVolumeClaim?: { claimName: string } }[] }).volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
const podReady = (pod: KubeObject) => podStatus(pod).phase === 'Running' && ((podStatus(pod).containerStatuses ?? []) as { ready?: boolean }[]).every((c) => c.ready);

function attachmentPodFor(vmi: KubeObject, launcher: KubeObject, volumes: Volume[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: 'hp-volume-',
      namespace: vmi.metadata.namespace,
      labels: { 'kubevirt.io': HOTPLUG_POD_LABEL },
      annotations: { [OWNER_VMI_NAME]: vmi.metadata.name!, [OWNER_VMI_UID]: vmi.metadata.uid! },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: launcher.metadata.name!, uid: launcher.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: vmiStatus(vmi).nodeName,
      containers: [{
        name: HOTPLUG_POD_LABEL,
        image: LAUNCHER_IMAGE,
        command: ['/bin/sh', '-c', '/usr/bin/container-disk --copy-path /path/hp'],
        resources: { limits: { cpu: '100m', memory: '80M' }, requests: { cpu: '10m', memory: '2M' } },
        volumeMounts: volumes.map((v) => ({ name: v.name, mountPath: `/path/${v.name}` })),
        // Unprivileged, as virt-launcher: a tenant namespace's Pod Security level admits it.
        securityContext: { ...NON_ROOT, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      }],
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      volumes: volumes.map((v) => ({ name: v.name, persistentVolumeClaim: { claimName: claimOf(v)! } })),
      restartPolicy: 'Always',
      automountServiceAccountToken: false,
    },
  };
}

/** One step for every hotplugged volume of a running VMI; returns whether it changed anything. */
export function reconcileHotplug(store: Store, vmi: KubeObject): boolean {
  const status = vmiStatus(vmi);
  if (status.phase !== 'Running' || vmi.metadata.deletionTimestamp || (status.migrationState && !status.migrationState.completed && !status.migrationState.failed)) return false;
  const spec = vmiSpecOf(vmi) as { volumes?: Volume[]; domain?: { devices?: { disks?: Disk[] } } };
  const hotplugged = (spec.volumes ?? []).filter(isHotpluggable);
  const statuses = (status.volumeStatus ?? []) as VolumeStatus[];
  const event = (reason: string, message: string) => recordEvent(store, vmi, { reason, message, component: 'virt-handler', host: status.nodeName });
  const pvc = (v: Volume) => store.get(PVCS, vmi.metadata.namespace, claimOf(v) ?? '');

  // One attachment pod holds every hotplugged volume whose PVC is bound; a changed set gets a new pod.
  const bound = hotplugged.filter((v) => (pvc(v)?.status as { phase?: string } | undefined)?.phase === 'Bound');
  const pods = attachmentPods(store, vmi);
  const current = pods[pods.length - 1];
  const launcher = launcherPods(store, vmi).find((p) => (p.spec as { nodeName?: string }).nodeName === status.nodeName);
  let changed = false;
  if (launcher && bound.length && (!current || claimsOf(current).sort().join() !== bound.map((v) => claimOf(v)!).sort().join())) {
    store.create(PODS, attachmentPodFor(vmi, launcher, bound));
    return true;
  }
  // Older pods go once the newest is ready; all go when nothing is left to attach.
  for (const pod of pods) {
    if (bound.length && (pod === current || !podReady(current))) continue;
    store.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
    changed = true;
  }

  const next = statuses.map((s) => ({ ...s }));
  for (const volume of hotplugged) {
    let entry = next.find((s) => s.name === volume.name);
    if (!entry) next.push((entry = { name: volume.name, target: '', hotplugVolume: {} }));
    const claim = pvc(volume);
    const attachedBy = current && claimsOf(current).includes(claimOf(volume)!) ? current : undefined;
    switch (entry.phase ?? '') {
      case '':
      case 'Pending':
      case 'Bound': {
        if (attachedBy) {
          Object.assign(entry, { phase: 'AttachedToNode', reason: 'SuccessfulCreate', message: `Created hotplug attachment pod ${attachedBy.metadata.name}, for volume ${volume.name}`, hotplugVolume: { attachPodName: attachedBy.metadata.name } });
          recordEvent(store, vmi, { reason: 'SuccessfulCreate', message: entry.message!, component: 'virtualmachine-controller' });
          break;
        }
        const phase = (claim?.status as { phase?: string } | undefined)?.phase;
        const [nextPhase, reason, message] = !claim ? ['Pending', 'FailedPvcNotFound', `PVC ${claimOf(volume)} not found`]
          : phase === 'Bound' ? ['Bound', 'PVCNotReady', 'PVC is in phase Bound']
            : phase === 'Pending' ? ['Pending', 'PVCNotReady', 'PVC is in phase ClaimPending'] : ['Pending', 'PVCNotReady', 'PVC is in phase Lost'];
        Object.assign(entry, { phase: nextPhase, reason, message });
        break;
      }
      case 'AttachedToNode':
        if (attachedBy && podReady(attachedBy)) {
          Object.assign(entry, { phase: 'MountedToPod', reason: 'VolumeMountedToPod', message: `Volume ${volume.name} has been mounted in virt-launcher pod`, hotplugVolume: { attachPodName: attachedBy.metadata.name, attachPodUID: attachedBy.metadata.uid } });
          event(entry.reason!, entry.message!);
        }
        break;
      case 'MountedToPod': {
        const capacity = (claim?.status as { capacity?: { storage?: string } } | undefined)?.capacity?.storage;
        const claimSpec = (claim?.spec ?? {}) as { accessModes?: string[]; volumeMode?: string; resources?: { requests?: { storage?: string } } };
        Object.assign(entry, {
          phase: 'Ready', reason: 'VolumeReady', message: `Successfully attach hotplugged volume ${volume.name} to VM`,
          target: deviceTarget(spec.domain?.devices?.disks ?? [], volume.name),
          ...(claim ? { persistentVolumeClaimInfo: { claimName: claim.metadata.name, accessModes: claimSpec.accessModes, volumeMode: claimSpec.volumeMode, capacity: { storage: capacity }, requests: claimSpec.resources?.requests, filesystemOverhead: '0.055' } } : {}),
          ...(bytesOf(capacity) ? { size: bytesOf(capacity) } : {}),
        });
        event(entry.reason!, entry.message!);
        break;
      }
      default:
        break;
    }
  }
  // Volumes no longer in the spec are unmounted, then detached, then dropped from the status.
  const kept: VolumeStatus[] = [];
  for (const entry of next) {
    if (!entry.hotplugVolume || hotplugged.some((v) => v.name === entry.name)) {
      kept.push(entry);
      continue;
    }
    if (entry.phase === 'Detaching') {
      event('VolumeUnplugged', `Volume ${entry.name} has been unplugged`);
      continue;
    }
    if (entry.phase === 'UnMountedFromPod') Object.assign(entry, { phase: 'Detaching', reason: 'SuccessfulDelete', message: `Deleted hotplug attachment pod ${entry.hotplugVolume.attachPodName ?? ''}, for volume ${entry.name}` });
    else {
      Object.assign(entry, { phase: 'UnMountedFromPod', reason: 'VolumeUnMountedFromPod', message: `Volume ${entry.name} has been unmounted from virt-launcher pod` });
      event(entry.reason!, entry.message!);
    }
    kept.push(entry);
  }
  if (JSON.stringify(kept) === JSON.stringify(statuses)) return changed;
  const fresh = store.get(VMIS, vmi.metadata.namespace, vmi.metadata.name!);
  if (fresh) store.update(VMIS, { ...fresh, status: { ...vmiStatus(fresh), volumeStatus: kept } });
  return true;
}
