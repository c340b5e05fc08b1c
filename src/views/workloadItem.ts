// A VM, VMI or pod node, from the model's presentation. Selecting it opens its manifest read-only.
import * as vscode from 'vscode';
import { podActions, vmActions, vmiActions, withActionTokens, type AccessKind, type Action } from '../model/actions';
import type { IsolationClass } from '../model/isolation';
import { vmiOperations, vmOperations } from '../model/operations';
import type { Pod, VirtualMachine, VirtualMachineInstance } from '../model/objects';
import { presentPod, presentVm, presentVmi, type Presentation } from '../model/presentation';
import type { RuntimeClassInfo } from '../model/runtimeClasses';
import type { TenantWorkloads } from '../model/tenantWorkloads';
import { podIcon, vmIcon } from './icons';
import { manifestUri } from './manifestContent';
import type { NodeOf } from './nodes';

/** The actions RBAC allows, when known (undefined: not yet, no `can:` tokens for now). */
export type AllowedActions = (kind: AccessKind) => ReadonlySet<Action> | undefined;

/** `workloads` are those of the node's namespace; the tooltip comes later, from `workloadTooltip`. */
export function workloadTreeItem(node: NodeOf<'workload'>, p: Presentation | undefined): vscode.TreeItem {
  const { context, namespace, kind, name } = node;
  // A VM or VMI opens onto its Disks (and a VM's Snapshots); a click on the row itself opens its manifest.
  const item = new vscode.TreeItem(p?.label ?? name, kind !== 'Pod' && p ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  if (!p) {
    item.description = vscode.l10n.t('deleted');
    item.iconPath = new vscode.ThemeIcon('circle-slash');
    return item;
  }
  item.description = p.description;
  item.contextValue = p.contextValue;
  item.iconPath = kind === 'Pod' ? podIcon(p.group, (/\bisolation:(\w+)/.exec(p.contextValue)?.[1] ?? 'container') as IsolationClass) : vmIcon(p.group);
  // The row may show a shortened name; screen readers get the whole one and the status.
  item.accessibilityInformation = { label: `${name}, ${p.description}` };
  item.command = { command: 'kubevirtWorkbench.openManifest', title: vscode.l10n.t('Open Manifest'), arguments: [manifestUri(context, namespace, kind, name)] };
  return item;
}

export function workloadPresentation(node: NodeOf<'workload'>, w: TenantWorkloads, runtimeClasses: ReadonlyMap<string, RuntimeClassInfo>, allowed: AllowedActions): Presentation | undefined {
  const { kind, name } = node;
  if (kind === 'Pod') {
    const pod = [...w.microvms, ...w.sandboxed, ...w.containers].find((p: Pod) => p.metadata.name === name);
    return pod && withActions(presentPod(pod, runtimeClasses), podActions(), allowed('pod'));
  }
  const entry = w.vms.find((e) => e.kind === kind && e.object.metadata.name === name);
  if (!entry) return undefined;
  if (kind === 'VirtualMachine') {
    const p = presentVm(entry.object as VirtualMachine, entry.vmi, entry.launcher);
    const vm = entry.object as VirtualMachine;
    return withActions(p, [...vmActions(vm, entry.vmi), ...vmOperations(vm, entry.vmi)], allowed('vm'));
  }
  const vmi = entry.object as VirtualMachineInstance;
  return withActions(presentVmi(vmi, entry.launcher), [...vmiActions(vmi), ...vmiOperations(vmi)], allowed('vmi'));
}

function withActions(p: Presentation, offered: Action[], allowed: ReadonlySet<Action> | undefined): Presentation {
  return allowed ? { ...p, contextValue: withActionTokens(p.contextValue, offered, allowed) } : p;
}
