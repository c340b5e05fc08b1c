// Codicons and theme colours for statuses and connection states.
import * as vscode from 'vscode';
import type { ConnectionStatus } from '../cluster/errors';
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

export function podIcon(group: StatusGroup, isolated: boolean): vscode.ThemeIcon {
  return coloured(isolated ? 'server-process' : 'package', GROUP_COLOURS[group]);
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

export const CONNECTION_LABELS: Record<ConnectionStatus, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  unreachable: 'Unreachable',
  unauthorized: 'Unauthorized',
  credentials: 'Credentials unavailable',
  tlsError: 'TLS error',
  error: 'Error',
};
