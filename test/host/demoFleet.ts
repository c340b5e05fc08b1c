// The demo scenario started for the extension host, with the extension pointed at it, plus helpers to walk the
// real Fleet tree provider and to act on the clusters from outside the extension. The fleet runs on the backend
// the host run was started with (KUBEVIRT_WORKBENCH_BACKEND): the in-process simulator, or real control planes
// with the KubeVirt simulation, where only the suites marked with onRealToo run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ActionPermissions } from '../../src/views/actionPermissions';
import type { FleetTreeProvider } from '../../src/views/fleetTree';
import type { FleetNode, WorkloadKind } from '../../src/views/nodes';
import { startTestFleet, testBackend, type TestFleet } from '../backends/fleet';
import type { Scenario } from '../sim/scenario';
import { loadScenario } from '../sim/scenarios';
import { activatedExtension } from './extension';

export { callCluster } from '../backends/callCluster';
export { FLEET_START_TIMEOUT_MS, simOnly } from '../backends/fleet';

export interface DemoFleet {
  /** The clusters: URL, CA and a cluster admin's API on both backends; `sim` only on the simulator. */
  fleet: TestFleet;
  /** The kubeconfig file the extension reads (KUBECONFIG). */
  kubeconfigFile: string;
  tree: FleetTreeProvider;
  permissions: ActionPermissions;
  stop(): Promise<void>;
}

const realSuites = new WeakSet<Mocha.Suite>();

/**
 * Marks a suite (call it first in its `describe` body) to run on real control planes too. Its tests act on the
 * clusters only through their API (callCluster, `fleet.cluster(name).api`); a test of it that needs the simulator
 * says so with simOnly. Its `before` should allow FLEET_START_TIMEOUT_MS: real control planes take seconds to a minute.
 */
export function onRealToo(suite: Mocha.Suite): void {
  realSuites.add(suite);
}

/** On the real backend, removes every suite not marked with onRealToo (before its hooks could start a fleet). */
export function keepRealSuites(root: Mocha.Suite): void {
  if (testBackend() !== 'real') return;
  const prune = (suite: Mocha.Suite): void => {
    suite.suites = suite.suites.filter((s) => realSuites.has(s) || (prune(s), s.suites.length > 0));
    if (!realSuites.has(suite)) suite.tests = [];
  };
  prune(root);
}

export function startDemoFleet(): Promise<DemoFleet> {
  return startFleet(loadScenario('demo'));
}

/** Starts a scenario and points the extension at its kubeconfig, or at `kubeconfig(fleet)` (another user, say). */
export async function startFleet(scenario: Scenario, kubeconfig: (fleet: TestFleet) => string = (fleet) => fleet.kubeconfig()): Promise<DemoFleet> {
  // Real control planes run in a process of their own, away from the extension host's event loop.
  const fleet = await startTestFleet(scenario, { stepDelayMs: 0, ownProcess: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-host-'));
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, kubeconfig(fleet));
  const previous = process.env.KUBECONFIG;
  process.env.KUBECONFIG = file;
  const ext = await activatedExtension();
  const { fleetTree: tree, actionPermissions: permissions } = ext.exports as { fleetTree: FleetTreeProvider; actionPermissions: ActionPermissions };
  await vscode.commands.executeCommand('kubevirtWorkbench.refresh');
  return {
    fleet,
    kubeconfigFile: file,
    tree,
    permissions,
    async stop() {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
      await vscode.commands.executeCommand('kubevirtWorkbench.refresh');
      await fleet.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function label(tree: FleetTreeProvider, node: FleetNode): string {
  const l = tree.getTreeItem(node).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/** The tooltip from what the tree knows now, as Markdown source (hoverTooltip also waits for a guest agent's answer). */
export function tooltipOf(tree: FleetTreeProvider, node: FleetNode): string {
  return markdown(tree.withTooltip(tree.getTreeItem(node), node).tooltip);
}

/** The tooltip as VS Code resolves it when the row is hovered, as Markdown source. */
export async function hoverTooltip(tree: FleetTreeProvider, node: FleetNode): Promise<string> {
  return markdown((await tree.resolveTreeItem(tree.getTreeItem(node), node)).tooltip);
}

function markdown(tooltip: string | vscode.MarkdownString | undefined): string {
  return typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
}

/** Markdown source without its escapes, to compare with what it shows. */
export function plain(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}

export function description(tree: FleetTreeProvider, node: FleetNode): string {
  const d = tree.getTreeItem(node).description;
  return typeof d === 'string' ? d : '';
}

/** The children as VS Code reads them: the row first, then its children. */
export async function childrenOf(tree: FleetTreeProvider, node?: FleetNode): Promise<FleetNode[]> {
  if (node) tree.getTreeItem(node);
  return tree.getChildren(node);
}

/** The first child whose label is `name`; fails with the labels that were there. */
export async function child(tree: FleetTreeProvider, parent: FleetNode | undefined, name: string): Promise<FleetNode> {
  const children = await childrenOf(tree, parent);
  const found = children.find((c) => label(tree, c) === name);
  if (!found) throw new Error(`no "${name}" under ${parent ? label(tree, parent) : 'the root'}: ${children.map((c) => label(tree, c)).join(', ')}`);
  return found;
}

/**
 * Every node below `node` (depth first), expanding as a user would — except Guardrails folders, which start the
 * guardrail audit (listed, not expanded; the guardrail tests expand them).
 */
export async function descendants(tree: FleetTreeProvider, node: FleetNode): Promise<FleetNode[]> {
  const out: FleetNode[] = [];
  for (const c of await childrenOf(tree, node)) out.push(c, ...(c.type === 'guardrails' ? [] : await descendants(tree, c)));
  return out;
}

/** Polls `check` until it returns true; fails after `ms` with `what`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The node of a VM (or VMI) once its cluster is connected and the VM is in the tree's caches. */
export async function workloadNode(tree: FleetTreeProvider, context: string, namespace: string, name: string, kind: WorkloadKind = 'VirtualMachine'): Promise<FleetNode> {
  await childrenOf(tree, await child(tree, undefined, context));
  let node: FleetNode | undefined;
  await eventually(`${context}/${namespace}/${name} is in the tree`, () => {
    node = tree.findWorkload(context, namespace, kind, name);
    return !!node && description(tree, node) !== 'deleted';
  });
  return node!;
}

export function contextValue(tree: FleetTreeProvider, node: FleetNode): string {
  return String(tree.getTreeItem(node).contextValue ?? '');
}

/** Saves as VS Code's Overwrite does after a save conflict: without checking whether the file is newer. */
export async function saveOverwriting(doc: vscode.TextDocument): Promise<boolean> {
  const files = vscode.workspace.getConfiguration('files');
  await files.update('saveConflictResolution', 'overwriteFileOnDisk', vscode.ConfigurationTarget.Global);
  try {
    return await doc.save();
  } finally {
    await files.update('saveConflictResolution', undefined, vscode.ConfigurationTarget.Global);
  }
}
