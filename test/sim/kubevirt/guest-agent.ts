// The guest agent's view of a running guest (qemu-guest-agent through virt-handler): OS, hostname, logged-in users
// and filesystems, derived from the VMI so every answer is the same for the same VMI. virt-api's guestosinfo,
// userlist and filesystemlist routes: without a Running VMI with the AgentConnected condition they fail as virt-api
// fails them — the validation's StatusError written by go-restful's WriteError, i.e. HTTP 500 with the Status
// message as plain text (KubeVirt pkg/virt-api/rest/subresource.go prepareConnection/httpGetRequestHandler).
import type { KubeObject } from '../store';
import type { ClusterHooks, SubresourceReply } from '../types';
import { isTrue } from '../common/conditions';
import { vmiSpecOf } from './builders';
import { guestOsFor } from './guest-os';
import { GUEST_AGENT_ANNOTATION, SUBRESOURCE_GROUP, VMIS } from './keys';
import { vmiStatus } from './status-types';

export interface GuestUser {
  userName: string;
  domain?: string;
  /** Seconds since the epoch, as the agent reports it. */
  loginTime: number;
}

export interface GuestFilesystem {
  diskName: string;
  mountPoint: string;
  fileSystemType: string;
  usedBytes: number;
  totalBytes: number;
  disk?: { serial?: string; busType: string }[];
}

const GIB = 1024 ** 3;

/** Whether the guest runs qemu-guest-agent: not when the template says so, never on CirrOS. */
export function hasGuestAgent(vmi: KubeObject): boolean {
  return vmi.metadata.annotations?.[GUEST_AGENT_ANNOTATION] !== 'absent' && guestOsFor(vmi).id !== 'cirros';
}

/** A stable number in [0, 1) from a string (FNV-1a), so sizes and times do not change between calls. */
function fraction(seed: string): number {
  let hash = 0x811c9dc5;
  for (const ch of seed) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return hash / 2 ** 32;
}

/** When the VMI started running (seconds), else now. */
function bootTime(vmi: KubeObject): number {
  const running = vmiStatus(vmi).phaseTransitionTimestamps?.find((t) => t.phase === 'Running')?.phaseTransitionTimestamp;
  const at = running ? Date.parse(running) : NaN;
  return Math.floor((Number.isNaN(at) ? Date.now() : at) / 1000);
}

/** The guest's login user: the cloud-init `user:` of the VM when there is one, else the distribution's default. */
function cloudUser(vmi: KubeObject): string {
  for (const volume of vmiSpecOf(vmi).volumes ?? []) {
    const userData = (volume as { cloudInitNoCloud?: { userData?: string } }).cloudInitNoCloud?.userData;
    const match = userData && /^user:\s*(\S+)/m.exec(userData);
    if (match) return match[1];
  }
  return guestOsFor(vmi).id;
}

export function guestUsers(vmi: KubeObject): GuestUser[] {
  const boot = bootTime(vmi);
  const name = vmi.metadata.name ?? '';
  const users: GuestUser[] = [{ userName: cloudUser(vmi), loginTime: boot + 60 + Math.floor(fraction(name) * 240) }];
  // Every other guest also has an administrator logged in on the console.
  if (fraction(`${name}/root`) < 0.5) users.push({ userName: 'root', loginTime: boot + 300 + Math.floor(fraction(`${name}/t`) * 600) });
  return users;
}

/** The root filesystem and boot partitions each distribution's cloud image has, with used space seeded by name. */
export function guestFilesystems(vmi: KubeObject): GuestFilesystem[] {
  const os = guestOsFor(vmi);
  const name = vmi.metadata.name ?? '';
  const used = (total: number, min: number, max: number, salt: string) => Math.round(total * (min + (max - min) * fraction(`${name}/${salt}`)));
  const fs = (diskName: string, mountPoint: string, fileSystemType: string, totalBytes: number, min: number, max: number): GuestFilesystem => ({
    diskName, mountPoint, fileSystemType, totalBytes, usedBytes: used(totalBytes, min, max, mountPoint), disk: [{ busType: 'virtio', serial: 'rootdisk' }],
  });
  switch (os.id) {
    case 'ubuntu':
    case 'debian':
      return [fs('vda1', '/', 'ext4', 9.6 * GIB, 0.18, 0.55), fs('vda15', '/boot/efi', 'vfat', 104_082_944, 0.05, 0.07)];
    case 'centos':
    case 'rhel':
      return [fs('vda4', '/', 'xfs', 9.4 * GIB, 0.2, 0.6), fs('vda3', '/boot', 'xfs', 959_434_752, 0.2, 0.3), fs('vda2', '/boot/efi', 'vfat', 209_489_920, 0.03, 0.04)];
    case 'alpine':
      return [fs('vda', '/', 'ext4', 1.9 * GIB, 0.1, 0.3)];
    default:
      return [fs('vda5', '/', 'btrfs', 4.4 * GIB, 0.25, 0.6), fs('vda3', '/boot', 'ext4', 998_244_352, 0.15, 0.25), fs('vda2', '/boot/efi', 'vfat', 104_607_744, 0.02, 0.03)];
  }
}

const AGENT_VERSIONS: Record<string, string> = { fedora: '9.1.2', ubuntu: '8.2.2', debian: '7.2.13', centos: '9.0.0', rhel: '8.2.0', alpine: '9.0.2' };

/** What `virtctl guestosinfo` prints: the VirtualMachineInstanceGuestAgentInfo. */
export function guestAgentInfo(vmi: KubeObject): Record<string, unknown> {
  const os = guestOsFor(vmi);
  return {
    guestAgentVersion: AGENT_VERSIONS[os.id] ?? '9.0.0',
    hostname: vmi.metadata.name,
    os,
    timezone: 'UTC, 0',
    userList: guestUsers(vmi),
    fsInfo: { disks: guestFilesystems(vmi) },
    ...(vmiStatus(vmi).fsFreezeStatus ? { fsFreezeStatus: vmiStatus(vmi).fsFreezeStatus } : {}),
  };
}

/** virt-api's answer to a failed validation on these GET routes: 500, the Status message as text. */
function refused(message: string): SubresourceReply {
  return { code: 500, body: message, contentType: 'text/plain; charset=utf-8' };
}

export function installGuestAgent(hooks: ClusterHooks): void {
  const route = (sub: string, answer: (vmi: KubeObject) => unknown) =>
    hooks.addSubresource(SUBRESOURCE_GROUP, 'virtualmachineinstances', sub, 'GET', (call) => {
      const vmi = hooks.store.get(VMIS, call.namespace, call.name);
      if (!vmi) return refused(`virtualmachineinstance.kubevirt.io "${call.name}" not found`);
      const prefix = `Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "${call.name}"`;
      if (vmiStatus(vmi).phase !== 'Running') return refused(`${prefix}: VMI is not running`);
      if (!isTrue(vmiStatus(vmi).conditions, 'AgentConnected')) return refused(`${prefix}: VMI does not have guest agent connected`);
      return { code: 200, body: answer(vmi) };
    });
  route('guestosinfo', guestAgentInfo);
  route('userlist', (vmi) => ({ metadata: {}, items: guestUsers(vmi) }));
  route('filesystemlist', (vmi) => ({ metadata: {}, items: guestFilesystems(vmi) }));
}
