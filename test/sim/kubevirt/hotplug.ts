// Volume hotplug. virt-api's addvolume/removevolume on VMs and VMIs (KubeVirt pkg/virt-api/rest/volumes.go): with the
// HotplugVolumes feature gate a VM request lands in `status.volumeRequests`, with only DeclarativeHotplugVolumes it
// patches the VM's template; a VMI request patches the VMI spec. The VM controller applies the requests to the
// template and to the running VMI, then drops the done ones (vm.go handleVolumeRequests, trimDoneVolumeRequests).
// The feature gates come from the KubeVirt CR when the cluster has one (the demo's v1.5 lists HotplugVolumes).
import { badRequest, conflict, notFound } from '../api-error';
import type { KubeObject, Store } from '../store';
import type { ClusterHooks, SubresourceCall } from '../types';
import { vmiSpecOf } from './builders';
import { KUBEVIRTS, SUBRESOURCE_GROUP, VMIS, VMS } from './keys';
import { vmSpec } from './run-strategy';
import { isFinal, vmiStatus, vmStatus, type VmStatus } from './status-types';
import { decode, isDryRun } from './subresources';
import { webhookDenied } from './webhook';

export type Disk = { name?: string; disk?: { bus?: string }; lun?: { bus?: string }; cdrom?: { bus?: string }; [field: string]: unknown };
export type HotplugSource = {
  persistentVolumeClaim?: { claimName: string; hotpluggable?: boolean; readOnly?: boolean };
  dataVolume?: { name: string; hotpluggable?: boolean };
};
export type Volume = { name: string; [field: string]: unknown } & HotplugSource;
type SpecWithVolumes = { volumes?: Volume[]; domain?: { devices?: { disks?: Disk[] }; [field: string]: unknown }; [field: string]: unknown };

interface AddVolumeOptions { name: string; disk: Disk; volumeSource: HotplugSource; dryRun?: string[] }
interface RemoveVolumeOptions { name: string; dryRun?: string[] }
export interface VolumeRequest { addVolumeOptions?: AddVolumeOptions; removeVolumeOptions?: RemoveVolumeOptions }

const NOT_ENABLED = 'Enable DeclarativeHotplugVolumes or HotplugVolumes feature gate to use this API.';

/** Which hotplug API the cluster's KubeVirt enables; without a KubeVirt CR, HotplugVolumes. */
export function hotplugGates(store: Store): { enabled: boolean; requestsInStatus: boolean } {
  const kubevirt = store.list(KUBEVIRTS)[0];
  if (!kubevirt) return { enabled: true, requestsInStatus: true };
  const gates = (kubevirt.spec as { configuration?: { developerConfiguration?: { featureGates?: string[] } } } | undefined)?.configuration?.developerConfiguration?.featureGates ?? [];
  return { enabled: gates.includes('HotplugVolumes') || gates.includes('DeclarativeHotplugVolumes'), requestsInStatus: gates.includes('HotplugVolumes') };
}

export const isHotpluggable = (v: Volume) => !!(v.persistentVolumeClaim?.hotpluggable || v.dataVolume?.hotpluggable);
export const claimOf = (v: Volume) => v.persistentVolumeClaim?.claimName ?? v.dataVolume?.name;

/** controller.ApplyVolumeRequestOnVMISpec, on a copy. */
export function applyVolumeRequest<T extends SpecWithVolumes>(spec: T, request: VolumeRequest): T {
  const next = structuredClone(spec);
  const volumes = next.volumes ?? [];
  const disks = next.domain?.devices?.disks ?? [];
  const add = request.addVolumeOptions;
  const remove = request.removeVolumeOptions;
  if (add && !volumes.some((v) => v.name === add.name)) {
    const source = add.volumeSource.persistentVolumeClaim
      ? { persistentVolumeClaim: { ...add.volumeSource.persistentVolumeClaim, hotpluggable: true } }
      : add.volumeSource.dataVolume ? { dataVolume: { ...add.volumeSource.dataVolume, hotpluggable: true } } : {};
    next.volumes = [...volumes, { name: add.name, ...source }];
    next.domain = { ...next.domain, devices: { ...next.domain?.devices, disks: [...disks, { ...add.disk, name: add.name }] } };
  } else if (remove) {
    next.volumes = volumes.filter((v) => v.name !== remove.name);
    next.domain = { ...next.domain, devices: { ...next.domain?.devices, disks: disks.filter((d) => d.name !== remove.name) } };
  }
  return next;
}

/** virt-api's verifyVolumeOption: the messages of the 409 it answers. */
function verifyVolumeOption(volumes: Volume[], request: VolumeRequest): string | undefined {
  const add = request.addVolumeOptions;
  const remove = request.removeVolumeOptions;
  if (add) {
    const source = claimOf({ name: '', ...add.volumeSource }) ?? '';
    for (const v of volumes) {
      if (v.name === add.name) return `Unable to add volume [${add.name}] because volume with that name already exists`;
      if (source && claimOf(v) === source) return `Unable to add volume source [${source}] because it already exists`;
    }
    return undefined;
  }
  const found = volumes.find((v) => v.name === remove!.name || claimOf(v) === remove!.name);
  if (!found) return `Unable to remove volume [${remove!.name}] because it does not exist`;
  if (!isHotpluggable(found)) return `Unable to remove volume [${found.name}] because it is not hotpluggable`;
  return undefined;
}

/** storageadmitters.ValidateHotplugDiskConfiguration: the disk must be a `disk` on scsi/virtio, or a `lun` on scsi. */
function hotplugDiskProblem(disk: Disk, name: string): string | undefined {
  const prefix = 'AddVolume request';
  if (disk.disk) {
    const bus = disk.disk.bus ?? '';
    if (bus !== 'scsi' && bus !== 'virtio') return `${prefix} for disk [${name}] requires bus to be 'scsi' or 'virtio'. [${bus}] is not permitted.`;
  } else if (disk.lun) {
    const bus = disk.lun.bus ?? '';
    if (bus !== 'scsi') return `${prefix} for LUN [${name}] requires bus to be 'scsi'. [${bus}] is not permitted.`;
  } else return `${prefix} for [${name}] requires diskDevice of type 'disk' or 'lun' to be used.`;
  return undefined;
}

export function installHotplug(hooks: ClusterHooks): void {
  const { store } = hooks;

  const decodeRequest = (call: SubresourceCall, add: boolean): VolumeRequest => {
    if (!hotplugGates(store).enabled) throw badRequest(NOT_ENABLED);
    // Over HTTP the body is never nil: an empty one decodes to empty options.
    if (add) {
      const options = decode(call, 'AddVolumeOptions', { name: 'string', disk: 'object', volumeSource: 'object', dryRun: 'string[]' }) as Partial<AddVolumeOptions>;
      if (!options.name) throw badRequest('AddVolumeOptions requires name to be set');
      if (!options.disk) throw badRequest('AddVolumeOptions requires disk to not be nil');
      if (!options.volumeSource) throw badRequest('AddVolumeOptions requires VolumeSource to not be nil');
      const volumeSource = structuredClone(options.volumeSource);
      if (volumeSource.dataVolume) volumeSource.dataVolume.hotpluggable = true;
      else if (volumeSource.persistentVolumeClaim) volumeSource.persistentVolumeClaim.hotpluggable = true;
      return { addVolumeOptions: { ...(options as AddVolumeOptions), disk: { ...options.disk, name: options.name }, volumeSource } };
    }
    const options = decode(call, 'RemoveVolumeOptions', { name: 'string', dryRun: 'string[]' }) as Partial<RemoveVolumeOptions>;
    if (!options.name) throw badRequest('RemoveVolumeOptions requires name to be set');
    return { removeVolumeOptions: options as RemoveVolumeOptions };
  };
  const dryRun = (call: SubresourceCall, request: VolumeRequest) => isDryRun(call, { ...(request.addVolumeOptions ?? request.removeVolumeOptions) });

  /** A VM request: into status.volumeRequests (HotplugVolumes), or straight into the template (declarative). */
  const onVm = (call: SubresourceCall, request: VolumeRequest) => {
    const vm = store.get(VMS, call.namespace, call.name);
    if (!vm) throw notFound('virtualmachine', 'kubevirt.io', call.name);
    const template = (vmSpec(vm).template?.spec ?? {}) as SpecWithVolumes;
    const problem = verifyVolumeOption(template.volumes ?? [], request);
    if (problem) throw conflict('virtualmachine', 'kubevirt.io', call.name, problem);
    const name = (request.addVolumeOptions ?? request.removeVolumeOptions)!.name;
    const invalid = (message: string) => webhookDenied('virtualmachine-validator.kubevirt.io', 'VirtualMachine', call.name, 'kubevirt.io', [{ field: 'Status.volumeRequests', message }]);
    if (!hotplugGates(store).requestsInStatus) {
      const diskProblem = request.addVolumeOptions && hotplugDiskProblem(request.addVolumeOptions.disk, name);
      if (diskProblem) throw invalid(diskProblem);
      if (!dryRun(call, request)) {
        const spec = vmSpec(vm);
        store.update(VMS, { ...vm, spec: { ...spec, template: { ...spec.template, spec: applyVolumeRequest(template, request) } } });
      }
      return;
    }
    const pending = (vmStatus(vm).volumeRequests ?? []) as VolumeRequest[];
    let next: VolumeRequest[];
    if (request.addVolumeOptions) {
      for (const r of pending) {
        if (r.addVolumeOptions?.name === name) throw conflict('virtualmachine', 'kubevirt.io', call.name, `add volume request for volume [${name}] already exists`);
        if (r.removeVolumeOptions?.name === name) throw conflict('virtualmachine', 'kubevirt.io', call.name, `unable to add volume since a remove volume request for volume [${name}] already exists and is still being processed`);
      }
      const diskProblem = hotplugDiskProblem(request.addVolumeOptions.disk, name);
      if (diskProblem) throw invalid(diskProblem);
      next = [...pending, request];
    } else {
      if (pending.some((r) => r.removeVolumeOptions?.name === name)) throw conflict('virtualmachine', 'kubevirt.io', call.name, `a remove volume request for volume [${name}] already exists and is still being processed`);
      next = [...pending.filter((r) => r.addVolumeOptions?.name !== name), request];
    }
    if (!dryRun(call, request)) store.update(VMS, { ...vm, status: { ...vmStatus(vm), volumeRequests: next } });
  };

  /** A VMI request: its spec, while it runs (refused for a VM's VMI unless HotplugVolumes allows ephemeral hotplug). */
  const onVmi = (call: SubresourceCall, request: VolumeRequest) => {
    const vmi = store.get(VMIS, call.namespace, call.name);
    if (!vmi) throw notFound('virtualmachineinstance', 'kubevirt.io', call.name);
    const ownedByVm = vmi.metadata.ownerReferences?.some((o) => o.controller && o.kind === 'VirtualMachine' && o.apiVersion === 'kubevirt.io/v1');
    if (ownedByVm && !hotplugGates(store).requestsInStatus) throw badRequest(`VMI ${call.namespace}/${call.name} is owned by a VM`);
    if (vmiStatus(vmi).phase !== 'Running') throw conflict('virtualmachineinstance', 'kubevirt.io', call.name, 'VMI is not running');
    const spec = vmiSpecOf(vmi) as SpecWithVolumes;
    const problem = verifyVolumeOption(spec.volumes ?? [], request);
    if (problem) throw conflict('virtualmachineinstance', 'kubevirt.io', call.name, problem);
    const add = request.addVolumeOptions;
    const diskProblem = add && hotplugDiskProblem(add.disk, add.name);
    if (diskProblem) throw webhookDenied('virtualmachineinstances-update-validator.kubevirt.io', 'VirtualMachineInstance', call.name, 'kubevirt.io', [{ field: 'spec.domain.devices.disks', message: diskProblem }]);
    if (!dryRun(call, request)) store.update(VMIS, { ...vmi, spec: applyVolumeRequest(spec, request) });
  };

  for (const [resource, handle] of [['virtualmachines', onVm], ['virtualmachineinstances', onVmi]] as const) {
    for (const add of [true, false]) {
      hooks.addSubresource(SUBRESOURCE_GROUP, resource, add ? 'addvolume' : 'removevolume', 'PUT', (call) => {
        handle(call, decodeRequest(call, add));
        return { code: 202 };
      });
    }
  }
}

/**
 * The VM controller's part: pending volume requests go into the template and, while it runs, the VMI; with
 * declarative hotplug the VMI simply follows the template's hotpluggable volumes. Done requests are dropped.
 */
export function syncVolumeRequests(store: Store, vm: KubeObject): void {
  const requests = (vmStatus(vm).volumeRequests ?? []) as VolumeRequest[];
  const declarative = !hotplugGates(store).requestsInStatus;
  if (!requests.length && !declarative) return;
  const spec = vmSpec(vm);
  let template = (spec.template?.spec ?? {}) as SpecWithVolumes;
  for (const request of requests) template = applyVolumeRequest(template, request);
  const vmi = store.get(VMIS, vm.metadata.namespace, vm.metadata.name!);
  if (vmi && !vmi.metadata.deletionTimestamp && !isFinal(vmi) && vmiStatus(vmi).phase === 'Running') {
    let vmiSpec = vmiSpecOf(vmi) as SpecWithVolumes;
    const has = (name: string) => (vmiSpec.volumes ?? []).some((v) => v.name === name);
    const wanted = declarative ? templateRequests(template, vmiSpec) : requests;
    for (const r of wanted) if (r.addVolumeOptions ? !has(r.addVolumeOptions.name) : has(r.removeVolumeOptions!.name)) vmiSpec = applyVolumeRequest(vmiSpec, r);
    if (JSON.stringify(vmiSpec) !== JSON.stringify(vmiSpecOf(vmi))) store.update(VMIS, { ...vmi, spec: vmiSpec });
  }
  const names = new Set((template.volumes ?? []).map((v) => v.name));
  const diskNames = new Set((template.domain?.devices?.disks ?? []).map((d) => d.name));
  const remaining = requests.filter((r) => (r.addVolumeOptions ? !(names.has(r.addVolumeOptions.name) && diskNames.has(r.addVolumeOptions.name)) : names.has(r.removeVolumeOptions!.name) || diskNames.has(r.removeVolumeOptions!.name)));
  if (JSON.stringify(template) === JSON.stringify(spec.template?.spec ?? {}) && remaining.length === requests.length) return;
  const status: VmStatus = { ...vmStatus(vm), volumeRequests: remaining };
  if (!remaining.length) delete status.volumeRequests;
  store.update(VMS, { ...vm, spec: { ...spec, template: { ...spec.template, spec: template } }, status });
}

/** Declarative hotplug: the requests that make the VMI's hotpluggable volumes those of the template. */
function templateRequests(template: SpecWithVolumes, vmi: SpecWithVolumes): VolumeRequest[] {
  const inTemplate = (template.volumes ?? []).filter(isHotpluggable);
  const inVmi = (vmi.volumes ?? []).filter(isHotpluggable);
  const disk = (name: string) => (template.domain?.devices?.disks ?? []).find((d) => d.name === name) ?? { name, disk: { bus: 'scsi' } };
  return [
    ...inTemplate.filter((v) => !inVmi.some((x) => x.name === v.name)).map((v) => ({ addVolumeOptions: { name: v.name, disk: disk(v.name), volumeSource: { persistentVolumeClaim: v.persistentVolumeClaim, dataVolume: v.dataVolume } } })),
    ...inVmi.filter((v) => !inTemplate.some((x) => x.name === v.name)).map((v) => ({ removeVolumeOptions: { name: v.name } })),
  ];
}
