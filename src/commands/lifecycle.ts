// Start, Stop, Force Stop, Restart, Pause, Unpause, Soft Reboot, Migrate, Cancel Migration and Delete on VM and
// VMI nodes: the action through cluster/lifecycle, then a cancellable progress notification until the watch says
// the target status is reached. Force Stop, Delete, and Stop or Restart of a running VM ask first; an action on
// several selected VMs asks once, naming the count per cluster and what it skips. Targets are the tree's own
// nodes: a command argument the tree did not show is ignored.
import * as vscode from 'vscode';
import { bulk } from '../cluster/bulk';
import { deletePod } from '../cluster/pods';
import type { Fleet } from '../cluster/fleet';
import { actionLabel, describeOutcome, runAction, type ActionOutcome } from '../cluster/lifecycle';
import { observe, waitForAction, WaitTimeoutError, type WaitResult } from '../cluster/waitFor';
import { kubevirtPath } from '../cluster/kubevirtPaths';
import type { KubeHttp } from '../cluster/kubeHttp';
import type { LifecycleAction } from '../model/actions';
import { progressMessage, progressTitle } from '../model/actionWords';
import type { BulkSummary } from '../model/bulk';
import { BULK_ACTIONS, describePlan, planBulk, type BulkPlan, type BulkTarget, type Candidate, type PlannedAction } from '../model/bulkPlan';
import { needsTypedName } from '../model/deleteConfirmation';
import type { VirtualMachine, VirtualMachineInstance } from '../model/objects';
import { statusGroup } from '../model/vmStatus';
import type { FleetNode, NodeOf } from '../views/nodes';
import { message, requireFleet, vmTarget, type Services, type VmTarget } from './services';

const ACTION_COMMANDS: Record<LifecycleAction, string> = {
  start: 'kubevirtWorkbench.start',
  stop: 'kubevirtWorkbench.stop',
  forceStop: 'kubevirtWorkbench.forceStop',
  restart: 'kubevirtWorkbench.restart',
  pause: 'kubevirtWorkbench.pause',
  unpause: 'kubevirtWorkbench.unpause',
  softReboot: 'kubevirtWorkbench.softReboot',
  migrate: 'kubevirtWorkbench.migrate',
  cancelMigration: 'kubevirtWorkbench.cancelMigration',
  delete: 'kubevirtWorkbench.delete',
};

/** A bulk summary's first sentence: what was done to which VMs. */
const DONE: Partial<Record<PlannedAction, (vms: string) => string>> = {
  start: (vms) => vscode.l10n.t('Started {0}.', vms),
  stop: (vms) => vscode.l10n.t('Stopped {0}.', vms),
  forceStop: (vms) => vscode.l10n.t('Force-stopped {0}.', vms),
  restart: (vms) => vscode.l10n.t('Restarted {0}.', vms),
  pause: (vms) => vscode.l10n.t('Paused {0}.', vms),
  unpause: (vms) => vscode.l10n.t('Unpaused {0}.', vms),
  migrate: (vms) => vscode.l10n.t('Started migrating {0}.', vms),
  takeSnapshot: (vms) => vscode.l10n.t('Snapshot taken of {0}.', vms),
};

/** What a command resolved with: for callers (and tests) that want to know what ran. */
export type ActionRun =
  | { kind: 'single'; outcome: ActionOutcome; result?: WaitResult; error?: string }
  | { kind: 'bulk'; summary: BulkSummary; skipped: BulkPlan['skipped'] }
  | { kind: 'pod'; deleted: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: string };

export function registerLifecycleCommands(services: Services): vscode.Disposable[] {
  return [
    ...(Object.entries(ACTION_COMMANDS) as [LifecycleAction, string][]).map(([action, id]) =>
      vscode.commands.registerCommand(id, (node?: unknown, selection?: unknown) => runOnNodes(services, action, node, selection)),
    ),
    // Restart to Apply is a Restart offered where a change waits for one (RestartRequired).
    vscode.commands.registerCommand('kubevirtWorkbench.restartToApply', (node?: unknown) => runOnNodes(services, 'restart', node, undefined)),
  ];
}

/** The clicked node and VS Code's selection as tree nodes: the selection when the click is part of it. */
export function selectedNodes(services: Services, node: unknown, selection: unknown): FleetNode[] {
  const clicked = services.node(node);
  const selected = Array.isArray(selection) ? selection.map((n) => services.node(n)).filter((n) => n !== undefined) : [];
  return clicked && selected.length > 1 && selected.includes(clicked) ? selected : clicked ? [clicked] : [];
}

/**
 * The clicked node and VS Code's selection, both resolved through the tree (anything it did not show is ignored).
 * Several selected nodes run as one confirmed bulk action, or are refused for actions that take one VM.
 */
async function runOnNodes(services: Services, action: LifecycleAction, node: unknown, selection: unknown): Promise<ActionRun | undefined> {
  const nodes = selectedNodes(services, node, selection);
  if (nodes.length > 1) {
    if (BULK_ACTIONS.has(action)) {
      return runBulk(services, action, nodes, (http, targets) => bulk(http, targets.map((t) => ({ action, namespace: t.namespace, name: t.name, kind: t.kind }))));
    }
    void services.input.notify('info', vscode.l10n.t('{0} acts on one VM at a time; {1} are selected. Select one VM.', actionLabel(action), nodes.length));
    return { kind: 'cancelled' };
  }
  if (action === 'delete' && nodes[0]?.type === 'workload' && nodes[0].kind === 'Pod') return deletePodNode(services, nodes[0]);
  const target = vmTarget(nodes[0]);
  if (!target) return undefined;
  return runSingle(services, action, target);
}

async function runSingle(services: Services, action: LifecycleAction, target: VmTarget): Promise<ActionRun> {
  const what = `${actionLabel(action)} ${target.namespace}/${target.name} on ${target.context}`;
  const title = progressTitle(action, `${target.namespace}/${target.name}`, target.context);
  try {
    const fleet = requireFleet(services);
    const http = fleet.http(target.context);
    if (action === 'delete' && !(await confirmDelete(services, fleet, target))) return { kind: 'cancelled' };
    if (!(await confirmStop(services, fleet, action, target))) return { kind: 'cancelled' };
    const baseline = await observe(http, target);
    const outcome = await runAction(http, { action, namespace: target.namespace, name: target.name, kind: target.kind });
    services.log.info(`[${target.context}] ${describeOutcome(outcome)}`);
    const timeoutMs = vscode.workspace.getConfiguration('kubevirtWorkbench').get<number>('actionTimeoutSeconds', 120) * 1000;
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const cancelled = token.onCancellationRequested(() => abort.abort(new Error('cancelled')));
      try {
        const result = await waitForAction(http, target, action, baseline, {
          timeoutMs,
          signal: abort.signal,
          onProgress: (p) => progress.report({ message: progressMessage(p.status) }),
        });
        if (result.verdict === 'error') void services.input.notify('error', vscode.l10n.t('{0} failed: {1} ({2}).', what, result.reason ?? 'error', result.status ?? vscode.l10n.t('unknown status')));
        return { kind: 'single', outcome, result };
      } catch (error) {
        if (abort.signal.aborted) return { kind: 'single', outcome, error: vscode.l10n.t('stopped waiting') };
        const text = error instanceof WaitTimeoutError ? vscode.l10n.t('{0} was sent, but {1}.', what, error.message) : `${what}: ${message(error)}`;
        void services.input.notify('warning', text);
        return { kind: 'single', outcome, error: text };
      } finally {
        cancelled.dispose();
      }
    });
  } catch (error) {
    services.log.error(`[${target.context}] ${what}: ${message(error)}`);
    void services.input.notify('error', vscode.l10n.t('{0} failed: {1}', what, message(error)));
    return { kind: 'failed', error: message(error) };
  }
}

/** Confirms the plan (count per cluster, what is skipped), then runs it a few VMs at a time per cluster. */
export async function runBulk(services: Services, action: PlannedAction, nodes: FleetNode[], run: (http: KubeHttp, targets: BulkTarget[]) => Promise<BulkSummary>): Promise<ActionRun> {
  const fleet = services.fleet();
  if (!fleet) return { kind: 'failed', error: vscode.l10n.t('No clusters are loaded.') };
  const label = action === 'takeSnapshot' ? vscode.l10n.t('Take Snapshot') : actionLabel(action);
  const candidates: Candidate[] = nodes.map((node) => {
    const target = vmTarget(node);
    const name = 'name' in node ? node.name : node.type === 'cluster' ? node.context : node.id;
    if (!target) return { label: name };
    const vm = fleet.vms(target.context, target.namespace).find((o) => o.metadata.name === target.name) as VirtualMachine | undefined;
    const vmi = fleet.vmis(target.context, target.namespace).find((o) => o.metadata.name === target.name) as VirtualMachineInstance | undefined;
    return { label: `${target.namespace}/${target.name}`, target, vm: target.kind === 'vm' ? vm : undefined, vmi };
  });
  const plan = planBulk(action, candidates, label);
  if (!plan.run.length) {
    void services.input.notify('info', vscode.l10n.t('{0} applies to none of the {1} selected items: {2}.', label, nodes.length, plan.skipped.map((s) => `${s.label} (${s.why})`).join(', ')));
    return { kind: 'cancelled' };
  }
  const { message: question, detail } = describePlan(plan, label);
  if ((await services.input.confirm(question, detail, label)) !== label) return { kind: 'cancelled' };
  const contexts = [...new Set(plan.run.map((t) => t.context))];
  const title = action === 'takeSnapshot'
    ? vscode.l10n.t('Taking snapshots of {0} VMs on {1}', plan.run.length, contexts.join(', '))
    : progressTitle(action, vscode.l10n.t('{0} VMs', plan.run.length), contexts.join(', '));
  const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async () => {
    const parts = await Promise.all(contexts.map((context) => run(fleet.http(context), plan.run.filter((t) => t.context === context))));
    return { succeeded: parts.flatMap((p) => p.succeeded), failed: parts.flatMap((p) => p.failed) };
  });
  const done = summary.succeeded.length ? (DONE[action]?.(summary.succeeded.join(', ')) ?? '') : '';
  const failed = summary.failed.map((f) => `${f.name}: ${f.message}`).join('; ');
  const skipped = plan.skipped.length ? vscode.l10n.t('Skipped {0}.', plan.skipped.map((s) => s.label).join(', ')) : '';
  services.log.info(`${label} on ${plan.run.length} VMs: ${summary.succeeded.length} succeeded, ${summary.failed.length} failed${failed ? ` (${failed})` : ''}${skipped ? ` ${skipped}` : ''}`);
  const failedSentence = summary.failed.length ? vscode.l10n.t('Failed: {0}.', failed) : '';
  void services.input.notify(summary.failed.length ? 'warning' : 'info', [done, failedSentence, skipped].filter(Boolean).join(' '));
  return { kind: 'bulk', summary, skipped: plan.skipped };
}

/**
 * Force Stop always asks; Stop and Restart ask when the VM is running or paused (the guest goes down), unless
 * kubevirtWorkbench.confirmStopRestart is off in the user's settings.
 */
async function confirmStop(services: Services, fleet: Fleet, action: LifecycleAction, target: VmTarget): Promise<boolean> {
  if (action !== 'forceStop' && action !== 'stop' && action !== 'restart') return true;
  const where = `${target.namespace}/${target.name} on ${target.context}`;
  if (action === 'forceStop') {
    const detail = vscode.l10n.t('Its VMI is killed at once (grace period 0): the guest gets no chance to shut down, and data it has not written is lost.');
    return (await services.input.confirm(vscode.l10n.t('Force Stop {0}?', where), detail, vscode.l10n.t('Force Stop'))) === vscode.l10n.t('Force Stop');
  }
  if (!vscode.workspace.getConfiguration('kubevirtWorkbench').get<boolean>('confirmStopRestart', true)) return true;
  const vm = fleet.vms(target.context, target.namespace).find((o) => o.metadata.name === target.name) as VirtualMachine | undefined;
  const group = statusGroup(vm?.status?.printableStatus);
  if (vm && group !== 'running' && group !== 'paused') return true;
  const label = actionLabel(action);
  const detail = action === 'stop' ? vscode.l10n.t('The guest is asked to shut down and the VM stays stopped until started again.') : vscode.l10n.t('The guest is shut down and started again on a new VMI.');
  return (await services.input.confirm(`${label} ${where}?`, vscode.l10n.t('{0} (Turn this question off with kubevirtWorkbench.confirmStopRestart.)', detail), label)) === label;
}

/** Deletes a pod after asking; its controller, if any, makes a new one. */
async function deletePodNode(services: Services, node: NodeOf<'workload'>): Promise<ActionRun> {
  const where = `${node.namespace}/${node.name} on ${node.context}`;
  try {
    const fleet = requireFleet(services);
    const pod = fleet.pods(node.context, node.namespace).find((p) => p.metadata.name === node.name);
    const owner = pod?.metadata.ownerReferences?.find((o) => o.controller);
    const answer = await services.input.confirm(
      vscode.l10n.t('Delete Pod {0}?', where),
      owner ? vscode.l10n.t('Its {0} {1} creates a new pod in its place.', owner.kind, owner.name) : vscode.l10n.t('No controller owns it: it is gone for good.'),
      vscode.l10n.t('Delete'),
    );
    if (answer !== vscode.l10n.t('Delete')) return { kind: 'cancelled' };
    await deletePod(fleet.http(node.context), node.namespace, node.name);
    services.log.info(`[${node.context}] deleted pod ${node.namespace}/${node.name}`);
    return { kind: 'pod', deleted: node.name };
  } catch (error) {
    services.log.error(`[${node.context}] Delete pod ${where}: ${message(error)}`);
    void services.input.notify('error', vscode.l10n.t('Delete pod {0} failed: {1}', where, message(error)));
    return { kind: 'failed', error: message(error) };
  }
}

/**
 * A modal yes/no; for a running VM or one with persistent volumes, the name typed as well. A VM the caches do
 * not hold is read from the cluster; when it cannot be read, the name is asked for anyway.
 */
async function confirmDelete(services: Services, fleet: Fleet, target: VmTarget): Promise<boolean> {
  const list = target.kind === 'vm' ? fleet.vms(target.context, target.namespace) : fleet.vmis(target.context, target.namespace);
  const cached = list.find((o) => o.metadata.name === target.name) as VirtualMachine | undefined;
  const kind = target.kind === 'vm' ? 'VirtualMachine' : 'VirtualMachineInstance';
  const answer = await services.input.confirm(
    vscode.l10n.t('Delete {0} {1}/{2} on {3}?', kind, target.namespace, target.name, target.context),
    target.kind === 'vm' ? vscode.l10n.t('Its VMI, launcher pod and the DataVolumes it owns are deleted with it.') : vscode.l10n.t('The guest stops.'),
    vscode.l10n.t('Delete'),
  );
  if (answer !== vscode.l10n.t('Delete')) return false;
  if (target.kind !== 'vm') return true;
  const object = cached ?? (await fleet.http(target.context).find<VirtualMachine>(kubevirtPath('virtualmachines', target.namespace, target.name)).catch(() => undefined));
  if (object && !needsTypedName(object)) return true;
  const typed = await services.input.input({
    title: vscode.l10n.t('Delete {0}', target.name),
    prompt: object ? vscode.l10n.t('{0} is running or has persistent volumes. Type its name to delete it.', target.name) : vscode.l10n.t('{0} could not be read to check whether it is running. Type its name to delete it.', target.name),
    validateInput: (value) => (value === target.name ? undefined : vscode.l10n.t('Type "{0}" to confirm', target.name)),
  });
  return typed === target.name;
}
