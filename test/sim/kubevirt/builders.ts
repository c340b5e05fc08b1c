// Objects virt-controller creates: the VMI from a VM's template, and virt-launcher pods.
import { randomBytes } from 'node:crypto';
import type { KubeObject, OwnerReference } from '../store';
import { nameSuffix, timestamp } from '../common/time';
import { API_VERSION, LABEL_CREATED_BY, LABEL_LAUNCHER, LABEL_NODE, LABEL_VM_NAME, LABEL_VMI_ID, VMI_FINALIZER } from './keys';
import { vmSpec, type VmiSpec } from './run-strategy';
import type { GuestOsInfo, VmiInterface, VmiStatus } from './status-types';

export const LAUNCHER_IMAGE = 'quay.io/kubevirt/virt-launcher:v1.5.2';
/** virt-launcher runs as the qemu user (107) without privileges, so it passes Pod Security's `restricted` level. */
const QEMU_USER = 107;
export const NON_ROOT = { runAsNonRoot: true, runAsUser: QEMU_USER, runAsGroup: QEMU_USER };

export function ownerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion ?? API_VERSION, kind: owner.kind ?? '', name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export const vmiSpecOf = (vmi: KubeObject) => (vmi.spec ?? {}) as VmiSpec;

/** The VMI for a VM, as virt-controller creates it (owned by the VM, template labels and annotations). */
export function vmiFor(vm: KubeObject, options: { paused?: boolean } = {}): KubeObject {
  const template = vmSpec(vm).template ?? {};
  const spec: VmiSpec = structuredClone(template.spec ?? {});
  if (options.paused) spec.startStrategy = 'Paused';
  return {
    apiVersion: API_VERSION,
    kind: 'VirtualMachineInstance',
    metadata: {
      name: vm.metadata.name,
      namespace: vm.metadata.namespace,
      labels: { ...template.metadata?.labels },
      annotations: { ...template.metadata?.annotations, 'kubevirt.io/vm-generation': String(vm.metadata.generation ?? 1) },
      ownerReferences: vm.metadata.uid ? [ownerRef(vm)] : undefined,
      finalizers: [VMI_FINALIZER],
    },
    spec,
    status: { phase: 'Pending', phaseTransitionTimestamps: [{ phase: 'Pending', phaseTransitionTimestamp: timestamp() }] },
  };
}

/** The compute container's resources: the guest's memory requested, and the CPU and memory limits the VMI sets, as virt-controller renders them. */
function computeResources(spec: VmiSpec): Record<string, Record<string, string>> {
  const domain = spec.domain as { memory?: { guest?: string }; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } } | undefined;
  const guest = domain?.memory?.guest ?? domain?.resources?.requests?.memory ?? '1Gi';
  const limits = Object.fromEntries(Object.entries(domain?.resources?.limits ?? {}).filter(([k]) => k === 'cpu' || k === 'memory'));
  return { requests: { cpu: '100m', memory: guest, 'devices.kubevirt.io/kvm': '1', 'devices.kubevirt.io/tun': '1', 'devices.kubevirt.io/vhost-net': '1' }, limits: { ...limits, 'devices.kubevirt.io/kvm': '1', 'devices.kubevirt.io/tun': '1', 'devices.kubevirt.io/vhost-net': '1' } };
}

/** A virt-launcher pod for a VMI (also a migration target when `migrationUid` is given). */
export function launcherPodFor(vmi: KubeObject, migrationUid?: string): KubeObject {
  const name = vmi.metadata.name!;
  const spec = vmiSpecOf(vmi);
  const containers: unknown[] = [{
    name: 'compute',
    image: LAUNCHER_IMAGE,
    command: ['/usr/bin/virt-launcher-monitor', '--qemu-timeout', '301s', '--name', name, '--uid', vmi.metadata.uid, '--namespace', vmi.metadata.namespace],
    resources: computeResources(spec),
    securityContext: { ...NON_ROOT, allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] } },
  }];
  for (const volume of spec.volumes ?? []) {
    if (volume.containerDisk) {
      containers.push({
        name: `volume${volume.name}`, image: volume.containerDisk.image,
        resources: { requests: { cpu: '10m', memory: '1M' }, limits: { cpu: '10m', memory: '40M' } },
        securityContext: { ...NON_ROOT, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      });
    }
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `virt-launcher-${name}-${nameSuffix()}`,
      namespace: vmi.metadata.namespace,
      labels: {
        ...vmi.metadata.labels,
        [LABEL_LAUNCHER]: 'virt-launcher',
        [LABEL_CREATED_BY]: vmi.metadata.uid!,
        [LABEL_VM_NAME]: name,
        [LABEL_VMI_ID]: name,
        ...(migrationUid ? { 'kubevirt.io/migrationJobUID': migrationUid } : {}),
      },
      annotations: { 'kubevirt.io/domain': name, 'kubectl.kubernetes.io/default-container': 'compute' },
      ownerReferences: vmi.metadata.uid ? [ownerRef(vmi)] : undefined,
    },
    spec: {
      containers,
      nodeSelector: { ...spec.nodeSelector, 'kubevirt.io/schedulable': 'true' },
      restartPolicy: 'Never',
      serviceAccountName: 'default',
      automountServiceAccountToken: false,
      securityContext: { ...NON_ROOT, fsGroup: QEMU_USER, seccompProfile: { type: 'RuntimeDefault' } },
      terminationGracePeriodSeconds: (spec.terminationGracePeriodSeconds ?? 30) + 15,
      hostname: name,
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  };
}

/** A locally administered MAC address, stable for one VMI. */
function macFor(uid: string): string {
  const bytes = Buffer.from(uid.replace(/-/g, '').slice(0, 8), 'hex');
  return ['02', ...[...bytes].slice(0, 5).map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

export function interfacesFor(vmi: KubeObject, ip: string, agent: boolean): VmiInterface[] {
  const mac = macFor(vmi.metadata.uid ?? randomBytes(16).toString('hex'));
  return [{
    name: 'default',
    interfaceName: 'eth0',
    ipAddress: ip,
    ipAddresses: agent ? [ip, `fe80::${mac.split(':').slice(3).join('')}:ff:fe00:1`] : [ip],
    mac,
    infoSource: agent ? 'domain, guest-agent' : 'domain',
    podInterfaceName: 'eth0',
    queueCount: 1,
    linkState: 'up',
  }];
}

/** The status of a VMI running on `node` with the pod IP `ip`; with `guest`, the guest agent is connected. */
export function runningVmiStatus(vmi: KubeObject, node: string, ip: string, podUid: string | undefined, guest?: GuestOsInfo): VmiStatus {
  const now = timestamp();
  const paused = vmiSpecOf(vmi).startStrategy === 'Paused';
  const condition = (type: string, status: 'True' | 'False', reason?: string, message?: string) =>
    ({ type, status, lastProbeTime: null, lastTransitionTime: now, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });
  const conditions = [
    condition('Ready', 'True'),
    condition('LiveMigratable', 'True'),
    ...(paused ? [condition('Paused', 'True', 'PausedByUser', 'VMI was paused by user')] : []),
    ...(guest ? [condition('AgentConnected', 'True')] : []),
  ];
  const previous = ((vmi.status ?? {}) as VmiStatus).phaseTransitionTimestamps ?? [];
  return {
    phase: 'Running',
    nodeName: node,
    conditions,
    interfaces: interfacesFor(vmi, ip, !!guest),
    guestOSInfo: guest ?? {},
    activePods: podUid ? { [podUid]: node } : {},
    qosClass: 'Burstable',
    launcherContainerImageVersion: LAUNCHER_IMAGE,
    migrationMethod: 'LiveMigration',
    migrationTransport: 'Unix',
    phaseTransitionTimestamps: [...previous, { phase: 'Running', phaseTransitionTimestamp: now }],
    currentCPUTopology: { cores: 1, sockets: 1, threads: 1 },
    volumeStatus: (vmiSpecOf(vmi).volumes ?? []).filter((v) => !isHotplugged(v)).map((v) => ({ name: v.name, target: deviceTarget(disksOf(vmi), v.name) })),
  };
}

/** Labels a VMI carries once placed on a node. */
export function withNodeLabel(vmi: KubeObject, node: string): KubeObject {
  return { ...vmi, metadata: { ...vmi.metadata, labels: { ...vmi.metadata.labels, [LABEL_NODE]: node } } };
}

type DiskDevice = { name?: string; disk?: { bus?: string }; lun?: { bus?: string }; cdrom?: { bus?: string } };
const disksOf = (vmi: KubeObject) => ((vmiSpecOf(vmi).domain as { devices?: { disks?: DiskDevice[] } } | undefined)?.devices?.disks ?? []);
const isHotplugged = (v: { persistentVolumeClaim?: { hotpluggable?: boolean }; dataVolume?: { hotpluggable?: boolean } }) => !!(v.persistentVolumeClaim?.hotpluggable || v.dataVolume?.hotpluggable);

/** The guest device of a disk: vda, vdb … for virtio, sda, sdb … for scsi and sata, counted in spec order. */
export function deviceTarget(disks: DiskDevice[], name: string): string {
  const bus = (d: DiskDevice) => d.disk?.bus ?? d.lun?.bus ?? d.cdrom?.bus ?? (d.cdrom ? 'sata' : 'virtio');
  const disk = disks.find((d) => d.name === name);
  if (!disk) return '';
  const virtio = bus(disk) === 'virtio';
  return (virtio ? 'vd' : 'sd') + String.fromCharCode(97 + disks.filter((d) => (bus(d) === 'virtio') === virtio).indexOf(disk));
}
