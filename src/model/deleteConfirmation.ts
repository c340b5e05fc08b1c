// Whether deleting a VM deserves more than a yes/no: a running guest, or disks that outlive nothing once gone.
import type { VirtualMachine } from './objects';

interface VolumeSources {
  dataVolumeTemplates?: unknown[];
  template?: { spec?: { volumes?: { persistentVolumeClaim?: unknown; dataVolume?: unknown }[] } };
}

export function hasPersistentVolumes(vm: VirtualMachine): boolean {
  const spec = vm.spec as VolumeSources | undefined;
  if (spec?.dataVolumeTemplates?.length) return true;
  return (spec?.template?.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim !== undefined || v.dataVolume !== undefined);
}

/** Ask for the name to be typed for a running VM (status group running or paused) or one with persistent volumes. */
export function needsTypedName(vm: VirtualMachine): boolean {
  const status = vm.status?.printableStatus ?? '';
  return ['Running', 'Paused', 'Migrating'].includes(status) || hasPersistentVolumes(vm);
}
