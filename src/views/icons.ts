// Codicons and theme colours for statuses and connection states.
import * as vscode from 'vscode';
import type { ConnectionStatus } from '../cluster/errors';
import type { Verdict } from '../model/guardrails/check';
import type { IsolationClass } from '../model/isolation';
import type { WorkloadFolder } from '../model/tenantWorkloads';
import type { StatusGroup } from '../model/vmStatus';

const GROUP_COLOURS: Record<StatusGroup, string | undefined> = {
  running: 'charts.green',
  transitional: 'charts.yellow',
  stopped: 'disabledForeground',
  paused: 'charts.blue',
  error: 'errorForeground',
  unknown: undefined,
};

const VM_ICONS: Record<StatusGroup, string> = {
  running: 'vm-running',
  transitional: 'vm-outline',
  stopped: 'vm-outline',
  paused: 'debug-pause',
  error: 'vm',
  unknown: 'vm-outline',
};

function coloured(id: string, colour: string | undefined): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, colour ? new vscode.ThemeColor(colour) : undefined);
}

export function vmIcon(group: StatusGroup): vscode.ThemeIcon {
  return coloured(VM_ICONS[group], GROUP_COLOURS[group]);
}

/** The codicon of each workload folder, and of the pods in it. */
export const FOLDER_ICONS: Record<WorkloadFolder, string> = {
  vms: 'vm',
  microvms: 'server-process',
  sandboxed: 'shield',
  containers: 'package',
};

export function podIcon(group: StatusGroup, isolation: IsolationClass): vscode.ThemeIcon {
  return coloured(isolation === 'microvm' ? FOLDER_ICONS.microvms : isolation === 'sandbox' ? FOLDER_ICONS.sandboxed : FOLDER_ICONS.containers, GROUP_COLOURS[group]);
}

/** A tenant, namespace or folder icon, red while something in it is failing. */
export function groupIcon(id: string, failing: boolean): vscode.ThemeIcon {
  return coloured(id, failing ? GROUP_COLOURS.error : undefined);
}

/** A tenant's icon: red while a workload or a guardrail fails, yellow for a guardrail warning. */
export function tenantIcon(id: string, failingWorkloads: boolean, guardrails: Verdict | undefined): vscode.ThemeIcon {
  if (failingWorkloads || guardrails === 'fail') return coloured(id, GROUP_COLOURS.error);
  return coloured(id, guardrails === 'warn' ? 'list.warningForeground' : undefined);
}

const CLUSTER_ICONS: Record<ConnectionStatus, [string, string | undefined]> = {
  idle: ['server-environment', undefined],
  connecting: ['loading~spin', undefined],
  connected: ['server-environment', 'charts.green'],
  unreachable: ['debug-disconnect', 'errorForeground'],
  unauthorized: ['lock', 'errorForeground'],
  credentials: ['key', 'errorForeground'],
  tlsError: ['workspace-untrusted', 'errorForeground'],
  error: ['error', 'errorForeground'],
};

export function clusterIcon(status: ConnectionStatus): vscode.ThemeIcon {
  const [id, colour] = CLUSTER_ICONS[status];
  return coloured(id, colour);
}
