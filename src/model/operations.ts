// When a VM or lone VMI offers the everyday operations beside its lifecycle (issue 11): snapshots, restore and clone
// of a settled VM, guest details with the guest agent connected, volume hotplug, port-forward, VNC of a lone VMI,
// Restart to Apply for a pending change, and Diagnose always — first for an error status. Like `vmActions`, they are
// intersected with RBAC (`permissions.ts`) before a menu shows them.
import * as l10n from '@vscode/l10n';
import { runStrategyOf, serverAcceptsRestart, type Action } from './actions';
import type { VirtualMachine, VirtualMachineInstance, Volume } from './objects';
import { findCondition, hasCondition, statusGroup, vmiPrintableStatus } from './vmStatus';

/** The statuses in which a VM can be snapshotted, restored, cloned and have volumes added or removed. */
const SETTLED = new Set(['Running', 'Paused', 'Stopped']);

export const isHotpluggable = (v: Volume): boolean => !!(v.persistentVolumeClaim?.hotpluggable || v.dataVolume?.hotpluggable);

/** Running and not paused: virt-api refuses port-forward to a paused VMI with 409 "VMI is paused". */
const runsUnpaused = (vmi: VirtualMachineInstance | undefined) => vmi?.status?.phase === 'Running' && !hasCondition(vmi.status.conditions, 'Paused');

/** Whether the guest agent answers: virt-api refuses guestosinfo/userlist/filesystemlist without AgentConnected. */
export const agentConnected = (vmi: VirtualMachineInstance | undefined): boolean => vmi?.status?.phase === 'Running' && hasCondition(vmi.status.conditions, 'AgentConnected');

/** The operations a VirtualMachine offers, given its VMI when one exists; Diagnose first for an error status. */
export function vmOperations(vm: VirtualMachine, vmi: VirtualMachineInstance | undefined): Action[] {
  const status = vm.status?.printableStatus ?? 'Unknown';
  const settled = SETTLED.has(status) && !vm.metadata.deletionTimestamp;
  // The snapshot controller locks the VM while a snapshot or restore of it runs; a second one would wait or fail.
  const busy = !!vm.status?.snapshotInProgress || !!vm.status?.restoreInProgress;
  const ops: Action[] = [];
  if (settled && !busy) ops.push('takeSnapshot', 'restoreSnapshot', 'clone');
  if (agentConnected(vmi)) ops.push('guestDetails');
  if (settled) ops.push('addVolume');
  const volumes = [...(vm.spec?.template?.spec?.volumes ?? []), ...(vmi?.spec?.volumes ?? [])];
  if (settled && volumes.some(isHotpluggable)) ops.push('removeVolume');
  if (status === 'Running' && runsUnpaused(vmi)) ops.push('portForward');
  if (restartRequired(vm) !== undefined && serverAcceptsRestart(runStrategyOf(vm), vmi)) ops.push('restartToApply');
  return statusGroup(status) === 'error' ? ['diagnose', ...ops] : [...ops, 'diagnose'];
}

/** The operations of a VMI no VM owns: its own subresources (no snapshot or clone: those take a VM). */
export function vmiOperations(vmi: VirtualMachineInstance): Action[] {
  const status = vmiPrintableStatus(vmi);
  const running = vmi.status?.phase === 'Running';
  const ops: Action[] = [];
  if (status === 'Running') ops.push('vnc');
  if (agentConnected(vmi)) ops.push('guestDetails');
  if (running) ops.push('addVolume');
  if (running && (vmi.spec?.volumes ?? []).some(isHotpluggable)) ops.push('removeVolume');
  if (runsUnpaused(vmi)) ops.push('portForward');
  return statusGroup(status) === 'error' ? ['diagnose', ...ops] : [...ops, 'diagnose'];
}

/**
 * The pending change of a VM whose spec changed while it ran (condition RestartRequired=True): its message, or
 * a plain sentence when the condition has none; undefined when nothing waits for a restart.
 */
export function restartRequired(vm: VirtualMachine): string | undefined {
  const condition = findCondition(vm.status?.conditions, 'RestartRequired');
  if (condition?.status !== 'True') return undefined;
  return condition.message || l10n.t('The VM’s spec changed while it was running; a restart applies the change.');
}
