// The rows under a VM: its Snapshots (phase, ready to use, age and indications in words; Restore and Delete by
// state and RBAC) and its Disks (bus, what backs each, hotplug phase; Remove Volume on hotplugged ones). The
// `can:` tokens come from the VM's offered operations intersected with what the access reviews allow.
import * as vscode from 'vscode';
import type { Action } from '../model/actions';
import { age } from '../model/age';
import type { DiskRow } from '../model/disks';
import { escapeMarkdown, markdownTable } from '../model/markdown';
import { snapshotRow, type VirtualMachineSnapshot } from '../model/snapshots';
import type { VmPart } from './nodes';

/** The part row: `Snapshots · 2 · 1 ready`, `Disks · 3 · 1 hotplugged`; tokens for Take Snapshot / Add Volume. */
export function vmPartItem(part: VmPart, count: number | undefined, detail: string | undefined, tokens: string[]): vscode.TreeItem {
  const label = part === 'snapshots' ? vscode.l10n.t('Snapshots') : vscode.l10n.t('Disks');
  const item = new vscode.TreeItem(label, count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.description = count === undefined ? vscode.l10n.t('loading…') : count === 0 ? vscode.l10n.t('none') : [String(count), detail].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(part === 'snapshots' ? 'device-camera' : 'database');
  item.contextValue = [`kind:${part}`, ...tokens].join(' ');
  return item;
}

export function snapshotsDetail(snapshots: readonly VirtualMachineSnapshot[]): string | undefined {
  const rows = snapshots.map(snapshotRow);
  const ready = rows.filter((r) => r.readyToUse).length;
  const failed = rows.filter((r) => r.state === 'Failed').length;
  return [ready ? vscode.l10n.t('{0} ready', ready) : undefined, failed ? vscode.l10n.t('{0} failed', failed) : undefined].filter(Boolean).join(', ') || undefined;
}

const SNAPSHOT_COLOURS: Record<string, string | undefined> = { Ready: 'charts.green', Failed: 'errorForeground', 'In progress': 'charts.yellow', Pending: 'charts.yellow', Deleting: 'disabledForeground' };

/**
 * `before-upgrade` · `Ready · 3m · taken while running`: the name without the VM's (a narrow side bar keeps the
 * state in view); the whole name is in the tooltip and for screen readers.
 */
export function snapshotItem(snapshot: VirtualMachineSnapshot, vm: string, allowed: ReadonlySet<Action> | undefined, vmBusy: boolean, now = Date.now()): vscode.TreeItem {
  const row = snapshotRow(snapshot);
  const short = row.name.startsWith(`${vm}-`) && row.name.length > vm.length + 1 ? row.name.slice(vm.length + 1) : row.name;
  const item = new vscode.TreeItem(short, vscode.TreeItemCollapsibleState.None);
  item.description = [row.state, age(row.created, now) || undefined, row.error ? row.error : row.indications.join(', ')].filter(Boolean).join(' · ');
  const colour = SNAPSHOT_COLOURS[row.state];
  item.iconPath = new vscode.ThemeIcon(row.state === 'Failed' ? 'error' : 'device-camera', colour ? new vscode.ThemeColor(colour) : undefined);
  const offered: Action[] = [...(row.readyToUse && !vmBusy ? (['restoreSnapshot'] as const) : []), ...(row.state !== 'Deleting' ? (['deleteSnapshot'] as const) : [])];
  item.contextValue = ['kind:snapshot', `state:${row.state.replace(/ /g, '')}`, ...offered.filter((a) => allowed?.has(a)).map((a) => `can:${a}`)].join(' ');
  item.accessibilityInformation = { label: vscode.l10n.t('Snapshot {0}, {1}', row.name, String(item.description)) };
  return item;
}

export function snapshotTooltip(snapshot: VirtualMachineSnapshot): vscode.MarkdownString {
  const row = snapshotRow(snapshot);
  return new vscode.MarkdownString(
    [
      `**${escapeMarkdown(row.name)}** · ${escapeMarkdown(row.state)}`,
      '',
      markdownTable([
        [vscode.l10n.t('Phase'), row.phase],
        [vscode.l10n.t('Ready to use'), row.readyToUse ? vscode.l10n.t('yes') : vscode.l10n.t('no')],
        [vscode.l10n.t('Created'), row.created],
        [vscode.l10n.t('Indications'), row.indications.join(', ') || undefined],
        [vscode.l10n.t('Description'), row.description],
        [vscode.l10n.t('Error'), row.error],
      ]),
    ].join('\n'),
  );
}

/** `rootdisk · disk · virtio · containerDisk quay.io/…`; a hotplugged one says so, with its phase. */
export function diskItem(disk: DiskRow, allowed: ReadonlySet<Action> | undefined, removable: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(disk.name, vscode.TreeItemCollapsibleState.None);
  const hotplug = disk.hotplugged ? [vscode.l10n.t('hotplugged'), disk.phase].filter(Boolean).join(' ') : undefined;
  item.description = [hotplug, disk.source, disk.type === 'disk' ? disk.bus : `${disk.type}${disk.bus ? ` ${disk.bus}` : ''}`, disk.capacity].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(disk.type === 'cdrom' ? 'disc' : 'database', disk.hotplugged && disk.phase && disk.phase !== 'Ready' ? new vscode.ThemeColor('charts.yellow') : undefined);
  item.contextValue = ['kind:disk', ...(disk.hotplugged ? ['hotplugged'] : []), ...(removable && disk.hotplugged && allowed?.has('removeVolume') ? ['can:removeVolume'] : [])].join(' ');
  return item;
}

export function diskTooltip(disk: DiskRow): vscode.MarkdownString {
  return new vscode.MarkdownString(
    [
      `**${escapeMarkdown(disk.name)}** · ${escapeMarkdown(disk.source)}`,
      '',
      markdownTable([
        [vscode.l10n.t('Type'), disk.type],
        [vscode.l10n.t('Bus'), disk.bus],
        [vscode.l10n.t('Hotplugged'), disk.hotplugged ? vscode.l10n.t('yes') : vscode.l10n.t('no')],
        [vscode.l10n.t('Hotplug phase'), disk.phase],
        [vscode.l10n.t('Message'), disk.message],
        [vscode.l10n.t('Guest device'), disk.target],
        [vscode.l10n.t('Capacity'), disk.capacity],
      ]),
    ].join('\n'),
  );
}
