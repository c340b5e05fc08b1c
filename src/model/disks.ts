// A VM's disks for its Disks child (each disk with its bus, what backs it and, while the VMI runs, the hotplug
// phase from status.volumeStatus), the body of addvolume/removevolume (reference §1.2) and when a hotplug is done.
import * as l10n from '@vscode/l10n';
import { ended, pending, type Ending, type Judgement } from './judgement';
import type { DataVolume, Disk, PersistentVolumeClaim, VirtualMachine, VirtualMachineInstance, Volume } from './objects';
import { isHotpluggable } from './operations';

export interface DiskRow {
  name: string;
  /** disk, cdrom or lun. */
  type: string;
  bus?: string;
  /** `PVC data-1`, `DataVolume root-dv`, `containerDisk quay.io/…`, `cloud-init`. */
  source: string;
  hotplugged: boolean;
  /** The hotplug phase while attaching or detaching (`AttachedToNode`, `Ready`, …), when the VMI reports one. */
  phase?: string;
  message?: string;
  /** The guest device (`sda`, `vdb`) once attached. */
  target?: string;
  capacity?: string;
}

function sourceOf(v: Volume | undefined): string {
  if (!v) return l10n.t('no volume');
  if (v.persistentVolumeClaim) return `PVC ${v.persistentVolumeClaim.claimName}`;
  if (v.dataVolume) return `DataVolume ${v.dataVolume.name}`;
  if (v.containerDisk) return `containerDisk ${v.containerDisk.image ?? ''}`.trim();
  if (v.cloudInitNoCloud || v.cloudInitConfigDrive) return 'cloud-init';
  const kind = Object.keys(v).find((k) => k !== 'name');
  return kind ?? 'unknown';
}

const typeOf = (d: Disk) => (d.cdrom ? 'cdrom' : d.lun ? 'lun' : 'disk');
const busOf = (d: Disk) => d.disk?.bus ?? d.cdrom?.bus ?? d.lun?.bus;

/**
 * The disks of a VM: from the running VMI's spec when there is one (hotplugged volumes land there first), else from
 * the VM's template; a volume being detached stays listed while the VMI still reports it.
 */
export function diskRows(vm: VirtualMachine | undefined, vmi: VirtualMachineInstance | undefined): DiskRow[] {
  const spec = vmi?.spec ?? vm?.spec?.template?.spec;
  const disks = spec?.domain?.devices?.disks ?? [];
  const volumes = new Map((spec?.volumes ?? []).map((v) => [v.name, v]));
  const statuses = new Map((vmi?.status?.volumeStatus ?? []).map((s) => [s.name, s]));
  const rows: DiskRow[] = disks.map((d) => {
    const volume = volumes.get(d.name);
    const status = statuses.get(d.name);
    const bus = busOf(d);
    const capacity = status?.persistentVolumeClaimInfo?.capacity?.storage;
    return {
      name: d.name,
      type: typeOf(d),
      ...(bus ? { bus } : {}),
      source: sourceOf(volume),
      hotplugged: !!volume && isHotpluggable(volume),
      ...(status?.hotplugVolume && status.phase ? { phase: status.phase } : {}),
      ...(status?.hotplugVolume && status.message ? { message: status.message } : {}),
      ...(status?.target ? { target: status.target } : {}),
      ...(capacity ? { capacity } : {}),
    };
  });
  for (const status of statuses.values()) {
    if (!status.hotplugVolume || rows.some((r) => r.name === status.name)) continue;
    rows.push({ name: status.name, type: 'disk', source: status.persistentVolumeClaimInfo?.claimName ? `PVC ${status.persistentVolumeClaimInfo.claimName}` : 'detaching', hotplugged: true, ...(status.phase ? { phase: status.phase } : {}) });
  }
  return rows;
}

export interface AddVolumeRequest {
  /** The volume's (and disk's) name in the VM. */
  name: string;
  /** The PVC or DataVolume to attach. */
  claim: string;
  source: 'persistentVolumeClaim' | 'dataVolume';
  /** scsi by default: virtio disks cannot be hotplugged. */
  bus?: 'scsi' | 'virtio' | 'sata';
}

/** `AddVolumeOptions`: name, disk and a hotpluggable volume source (all required by virt-api). */
export function addVolumeBody(request: AddVolumeRequest): Record<string, unknown> {
  const source = request.source === 'dataVolume' ? { dataVolume: { name: request.claim, hotpluggable: true } } : { persistentVolumeClaim: { claimName: request.claim, hotpluggable: true } };
  return { name: request.name, disk: { name: request.name, disk: { bus: request.bus ?? 'scsi' } }, volumeSource: source };
}

export function removeVolumeBody(name: string): Record<string, unknown> {
  return { name };
}

/**
 * A hotplug is done once a running VMI reports the volume Ready (or no longer reports it, for a removal); without a
 * running VMI, once the VM's template has (or no longer has) the volume.
 */
export function hotplugJudgement(change: 'add' | 'remove', name: string, vm: VirtualMachine | undefined, vmi: VirtualMachineInstance | undefined): Judgement<Ending> {
  if (vmi?.status?.phase === 'Running') {
    const status = vmi.status.volumeStatus?.find((s) => s.name === name);
    const inSpec = (vmi.spec?.volumes ?? []).some((v) => v.name === name);
    if (change === 'add') return status?.phase === 'Ready' ? ended('ok') : pending(status?.message ?? status?.phase ?? l10n.t('Waiting for the volume to be attached'));
    return !status && !inSpec ? ended('ok') : pending(status?.message ?? status?.phase ?? l10n.t('Waiting for the volume to be detached'));
  }
  if (!vm) return ended('gone', l10n.t('The VM was deleted.'));
  const inTemplate = (vm.spec?.template?.spec?.volumes ?? []).some((v) => v.name === name);
  return inTemplate === (change === 'add') ? ended('ok') : pending(l10n.t('Waiting for the VM controller'));
}

/** A volume Add Volume… can attach: a DataVolume, or a PVC that no DataVolume of the same name stands for. */
export interface ClaimChoice {
  name: string;
  source: AddVolumeRequest['source'];
  /** `10Gi · Bound`, `5Gi · Succeeded`. */
  detail: string;
}

/** The namespace's DataVolumes and PVCs that the VM (or VMI) does not use yet, DataVolumes first. */
export function claimChoices(dataVolumes: readonly DataVolume[], pvcs: readonly PersistentVolumeClaim[], vm: VirtualMachine | undefined, vmi: VirtualMachineInstance | undefined): ClaimChoice[] {
  const volumes = [...(vm?.spec?.template?.spec?.volumes ?? []), ...(vmi?.spec?.volumes ?? [])];
  const used = new Set(volumes.flatMap((v) => [v.persistentVolumeClaim?.claimName, v.dataVolume?.name]).filter((n): n is string => !!n));
  const dvNames = new Set(dataVolumes.map((d) => d.metadata.name));
  const size = (s: string | undefined, phase: string | undefined) => [s, phase].filter(Boolean).join(' · ');
  return [
    ...dataVolumes.filter((d) => !used.has(d.metadata.name)).map((d): ClaimChoice => ({
      name: d.metadata.name, source: 'dataVolume', detail: size(d.spec?.storage?.resources?.requests?.storage ?? d.spec?.pvc?.resources?.requests?.storage, d.status?.phase),
    })),
    ...pvcs.filter((p) => !used.has(p.metadata.name) && !dvNames.has(p.metadata.name)).map((p): ClaimChoice => ({
      name: p.metadata.name, source: 'persistentVolumeClaim', detail: size(p.status?.capacity?.storage ?? p.spec?.resources?.requests?.storage, p.status?.phase),
    })),
  ].sort((a, b) => a.name.localeCompare(b.name));
}

/** Why a new volume name cannot be used in this VM (a DNS label not taken by another of its disks), or undefined. */
export function volumeNameProblem(name: string, rows: readonly DiskRow[]): string | undefined {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) return l10n.t('Use lower-case letters, digits and "-" (at most 63).');
  return rows.some((r) => r.name === name) ? l10n.t('The VM already has a disk named {0}.', name) : undefined;
}
