// What the command adapters share: the current Fleet, the log channel, and the tree node they were run on.
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import type { TargetKind } from '../model/actions';
import type { FleetNode } from '../views/nodes';

export interface Services {
  fleet(): Fleet | undefined;
  log: vscode.LogOutputChannel;
}

/**
 * The second argument of a command: from a menu, the selected nodes; from tests and other callers, options.
 * `confirmed` skips the modal confirmations a menu always shows.
 */
export interface CommandOptions {
  confirmed?: boolean;
  /** Apply, Dry Run, Diff: the context to use instead of asking. */
  context?: string;
}

export type SecondArg = FleetNode[] | CommandOptions | undefined;

export function optionsOf(arg: SecondArg): CommandOptions {
  return arg && !Array.isArray(arg) ? arg : {};
}

export interface VmTarget {
  context: string;
  namespace: string;
  name: string;
  kind: TargetKind;
}

/** A VM or VMI node as an action target; undefined for anything else. */
export function vmTarget(node: FleetNode | undefined): VmTarget | undefined {
  if (node?.type !== 'workload' || node.kind === 'Pod') return undefined;
  return { context: node.context, namespace: node.namespace, name: node.name, kind: node.kind === 'VirtualMachine' ? 'vm' : 'vmi' };
}

export function requireFleet(services: Services): Fleet {
  const fleet = services.fleet();
  if (!fleet) throw new Error('No clusters are loaded.');
  return fleet;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
