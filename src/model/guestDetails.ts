// What the guest agent reports (the VMI's guestosinfo, userlist and filesystemlist subresources), in rows for the
// Show Guest Details view and a line for the VM's tooltip; "guest agent not connected" without AgentConnected.
import type { V1VirtualMachineInstanceGuestAgentInfo, V1VirtualMachineInstanceGuestOSUser } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import * as l10n from '@vscode/l10n';
import type { VirtualMachineInstance } from './objects';
import { escapeMarkdown, markdownTable } from './markdown';
import { agentConnected } from './operations';

/** virt-api's VirtualMachineInstanceGuestAgentInfo (generated type). */
export type GuestAgentInfo = V1VirtualMachineInstanceGuestAgentInfo;

export type GuestUser = V1VirtualMachineInstanceGuestOSUser;

/** Hand-written: the generated type requires every field; the rows treat all but the mount point as optional. */
export interface GuestFilesystem {
  diskName?: string;
  mountPoint: string;
  fileSystemType?: string;
  usedBytes?: number;
  totalBytes?: number;
}

export interface GuestDetails {
  os: string;
  version?: string;
  kernel?: string;
  hostname?: string;
  timezone?: string;
  agentVersion?: string;
  users: { name: string; since?: string }[];
  filesystems: { mountPoint: string; type?: string; disk?: string; used?: string; total?: string; usedPercent?: number; words: string }[];
}

export const AGENT_NOT_CONNECTED = l10n.t('guest agent not connected');

/** `1.5 GiB`: binary units with one decimal below 10. */
export function bytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let n = value;
  let unit = 0;
  while (n >= 1024 && unit < units.length - 1) {
    n /= 1024;
    unit++;
  }
  return `${unit === 0 || n >= 10 ? Math.round(n) : n.toFixed(1)} ${units[unit]}`;
}

export function guestDetails(info: GuestAgentInfo, users: readonly GuestUser[], filesystems: readonly GuestFilesystem[]): GuestDetails {
  const os = info.os ?? {};
  return {
    os: os.prettyName || [os.name, os.version].filter(Boolean).join(' ') || 'unknown',
    ...(os.version || os.versionId ? { version: os.version || os.versionId } : {}),
    ...(os.kernelRelease ? { kernel: os.kernelRelease } : {}),
    ...(info.hostname ? { hostname: info.hostname } : {}),
    ...(info.timezone ? { timezone: info.timezone } : {}),
    ...(info.guestAgentVersion ? { agentVersion: info.guestAgentVersion } : {}),
    users: users.map((u) => ({
      name: u.domain ? `${u.domain}\\${u.userName}` : u.userName,
      ...(u.loginTime ? { since: new Date(u.loginTime * 1000).toISOString() } : {}),
    })),
    filesystems: [...filesystems].sort((a, b) => a.mountPoint.localeCompare(b.mountPoint)).map(filesystemRow),
  };
}

function filesystemRow(fs: GuestFilesystem): GuestDetails['filesystems'][number] {
  const known = fs.totalBytes !== undefined && fs.totalBytes > 0 && fs.usedBytes !== undefined;
  const usedPercent = known ? Math.round((fs.usedBytes! / fs.totalBytes!) * 100) : undefined;
  return {
    mountPoint: fs.mountPoint,
    ...(fs.fileSystemType ? { type: fs.fileSystemType } : {}),
    ...(fs.diskName ? { disk: fs.diskName } : {}),
    ...(known ? { used: bytes(fs.usedBytes!), total: bytes(fs.totalBytes!), usedPercent } : {}),
    words: known ? `${bytes(fs.usedBytes!)} of ${bytes(fs.totalBytes!)} used (${usedPercent}%)` : l10n.t('size unknown'),
  };
}

/** The tooltip's guest line from the VMI alone: the OS the agent reported, or that the agent is not connected. */
export function guestSummary(vmi: VirtualMachineInstance | undefined): string | undefined {
  if (vmi?.status?.phase !== 'Running') return undefined;
  if (!agentConnected(vmi)) return AGENT_NOT_CONNECTED;
  const os = vmi.status.guestOSInfo;
  const name = os?.prettyName || [os?.name, os?.version].filter(Boolean).join(' ');
  return [name, os?.kernelRelease ? `kernel ${os.kernelRelease}` : undefined].filter(Boolean).join(', ') || l10n.t('guest agent connected');
}

/** Show Guest Details as Markdown for a preview: the OS, users and filesystems, every guest-reported text escaped. */
export function guestDetailsMarkdown(name: string, where: string, d: GuestDetails): string {
  const lines = [
    `# ${l10n.t('Guest details of {0}', escapeMarkdown(name))}`,
    '',
    escapeMarkdown(where),
    '',
    markdownTable([
      [l10n.t('Operating system'), d.os],
      [l10n.t('Version'), d.version],
      [l10n.t('Kernel'), d.kernel],
      [l10n.t('Hostname'), d.hostname],
      [l10n.t('Time zone'), d.timezone],
      [l10n.t('Guest agent'), d.agentVersion],
    ]),
    '',
    `## ${l10n.t('Logged-in users')}`,
    '',
    ...(d.users.length ? [`| ${l10n.t('User')} | ${l10n.t('Since')} |`, '|:--|:--|', ...d.users.map((u) => `| ${escapeMarkdown(u.name)} | ${escapeMarkdown(u.since ?? '')} |`)] : [l10n.t('Nobody is logged in.')]),
    '',
    `## ${l10n.t('Filesystems')}`,
    '',
    ...(d.filesystems.length
      ? [`| ${l10n.t('Mount point')} | ${l10n.t('Type')} | ${l10n.t('Disk')} | ${l10n.t('Used')} |`, '|:--|:--|:--|:--|', ...d.filesystems.map((f) => `| ${escapeMarkdown(f.mountPoint)} | ${escapeMarkdown(f.type ?? '')} | ${escapeMarkdown(f.disk ?? '')} | ${escapeMarkdown(f.words)} |`)]
      : [l10n.t('The guest agent reports no filesystems.')]),
    '',
  ];
  return lines.join('\n');
}

/** The tooltip's guest-agent table: hostname, logged-in users and filesystems (values escaped by the table). */
export function guestTooltipTable(d: GuestDetails): string {
  return markdownTable([
    [l10n.t('Hostname'), d.hostname],
    [l10n.t('Users'), d.users.length ? d.users.map((u) => u.name).join(', ') : l10n.t('nobody logged in')],
    [l10n.t('Filesystems'), d.filesystems.map((f) => `${f.mountPoint} ${f.words}`).join('; ') || undefined],
  ]);
}
