// What the command adapters share: the current Fleet, the log channel, and the tree node they were run on.
import * as vscode from 'vscode';
import type { DocumentTargets } from '../authoring/prompts';
import type { Fleet } from '../cluster/fleet';
import type { TargetKind } from '../model/actions';
import type { FleetNode } from '../views/nodes';
import type { UserInput } from './userInput';

export interface Services {
  fleet(): Fleet | undefined;
  log: vscode.LogOutputChannel;
  /** Every pick, input box, confirmation and notification goes through here. */
  input: UserInput;
  /** The tree's own node for a command argument (looked up by id); undefined for anything the tree did not show. */
  node(arg: unknown): FleetNode | undefined;
  /** A new output channel (events, pod logs). */
  channel(name: string): vscode.OutputChannel;
  /** The cluster each generated document was written for. */
  targets: DocumentTargets;
  /** Where the webview scripts are (dist/), and state kept across sessions (the SSH user of each VM). */
  extensionUri: vscode.Uri;
  state: vscode.Memento;
  /** Selects a VM in the tree once its cache holds it (a new clone); false when it did not appear in time. */
  reveal?(context: string, namespace: string, name: string): Promise<boolean>;
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
  if (!fleet) throw new Error(vscode.l10n.t('No clusters are loaded.'));
  return fleet;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
