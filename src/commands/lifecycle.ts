// Start, Stop, Force Stop, Restart, Pause, Unpause, Soft Reboot, Migrate, Cancel Migration and Delete on VM and
// VMI nodes: the action through cluster/lifecycle, then a cancellable progress notification until the watch says
// the target status is reached. Start, Stop and Restart on several selected VMs run as one bulk action.
import * as vscode from 'vscode';
import { bulk } from '../cluster/bulk';
import { deletePod } from '../cluster/pods';
import type { Fleet } from '../cluster/fleet';
import { actionLabel, describeOutcome, runAction, type ActionOutcome } from '../cluster/lifecycle';
import { observe, waitForAction, WaitTimeoutError, type WaitResult } from '../cluster/waitFor';
import type { LifecycleAction } from '../model/actions';
import { progressMessage, progressTitle } from '../model/actionWords';
import type { BulkSummary } from '../model/bulk';
import { needsTypedName } from '../model/deleteConfirmation';
import type { VirtualMachine } from '../model/objects';
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

const BULK_ACTIONS = new Set<LifecycleAction>(['start', 'stop', 'restart']);

const PAST: Partial<Record<LifecycleAction, string>> = { start: 'Started', stop: 'Stopped', restart: 'Restarted' };

/** What a command resolved with: for callers (and tests) that want to know what ran. */
export type ActionRun =
  | { kind: 'single'; outcome: ActionOutcome; result?: WaitResult; error?: string }
  | { kind: 'bulk'; summary: BulkSummary }
  | { kind: 'pod'; deleted: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: string };

export function registerLifecycleCommands(services: Services): vscode.Disposable[] {
  return (Object.entries(ACTION_COMMANDS) as [LifecycleAction, string][]).map(([action, id]) =>
    vscode.commands.registerCommand(id, (node?: FleetNode, selection?: FleetNode[]) => runOnNodes(services, action, node, selection)),
  );
}

async function runOnNodes(services: Services, action: LifecycleAction, node: FleetNode | undefined, selection: FleetNode[] | undefined): Promise<ActionRun | undefined> {
  const selected = Array.isArray(selection) ? selection.map(vmTarget).filter((t) => t !== undefined) : [];
  if (BULK_ACTIONS.has(action) && selected.length > 1) return runBulk(services, action, selected);
  if (action === 'delete' && node?.type === 'workload' && node.kind === 'Pod') return deletePodNode(services, node);
  const target = vmTarget(node);
  if (!target) return undefined;
  return runSingle(services, action, target);
}

async function runSingle(services: Services, action: LifecycleAction, target: VmTarget): Promise<ActionRun> {
  const what = `${actionLabel(action)} ${target.namespace}/${target.name} on ${target.context}`;
  const title = progressTitle(action, `${target.namespace}/${target.name}`, target.context);
  try {
    const fleet = requireFleet(services);
    if (action === 'delete' && !(await confirmDelete(services, fleet, target))) return { kind: 'cancelled' };
    const http = fleet.http(target.context);
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
        if (result.verdict === 'error') void vscode.window.showErrorMessage(`${what} failed: ${result.reason ?? 'error'} (${result.status ?? 'unknown status'}).`);
        return { kind: 'single', outcome, result };
      } catch (error) {
        if (abort.signal.aborted) return { kind: 'single', outcome, error: 'stopped waiting' };
        const text = error instanceof WaitTimeoutError ? `${what} was sent, but ${error.message}.` : `${what}: ${message(error)}`;
        void vscode.window.showWarningMessage(text);
        return { kind: 'single', outcome, error: text };
      } finally {
        cancelled.dispose();
      }
    });
  } catch (error) {
    services.log.error(`[${target.context}] ${what}: ${message(error)}`);
    void vscode.window.showErrorMessage(`${what} failed: ${message(error)}`);
    return { kind: 'failed', error: message(error) };
  }
}

async function runBulk(services: Services, action: LifecycleAction, targets: VmTarget[]): Promise<ActionRun> {
  const fleet = services.fleet();
  if (!fleet) return { kind: 'failed', error: 'No clusters are loaded.' };
  const vms = targets.filter((t) => t.kind === 'vm');
  const contexts = [...new Set(vms.map((t) => t.context))];
  const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: progressTitle(action, `${vms.length} VMs`, contexts.join(', ')) }, async () => {
    const parts = await Promise.all(
      contexts.map((context) => bulk(fleet.http(context), vms.filter((t) => t.context === context).map((t) => ({ action, namespace: t.namespace, name: t.name })))),
    );
    return { succeeded: parts.flatMap((p) => p.succeeded), failed: parts.flatMap((p) => p.failed) };
  });
  const done = summary.succeeded.length ? `${PAST[action]} ${summary.succeeded.join(', ')}.` : '';
  const failed = summary.failed.map((f) => `${f.name}: ${f.message}`).join('; ');
  services.log.info(`${actionLabel(action)} on ${vms.length} VMs: ${summary.succeeded.length} succeeded, ${summary.failed.length} failed${failed ? ` (${failed})` : ''}`);
  if (summary.failed.length) void vscode.window.showWarningMessage(`${done} Failed: ${failed}`.trim());
  else void vscode.window.showInformationMessage(done);
  return { kind: 'bulk', summary };
}

/** Deletes a pod after asking; its controller, if any, makes a new one. */
async function deletePodNode(services: Services, node: NodeOf<'workload'>): Promise<ActionRun> {
  const where = `${node.namespace}/${node.name} on ${node.context}`;
  try {
    const fleet = requireFleet(services);
    const pod = fleet.pods(node.context, node.namespace).find((p) => p.metadata.name === node.name);
    const owner = pod?.metadata.ownerReferences?.find((o) => o.controller);
    const answer = await services.input.confirm(
      `Delete Pod ${where}?`,
      owner ? `Its ${owner.kind} ${owner.name} creates a new pod in its place.` : 'No controller owns it: it is gone for good.',
      'Delete',
    );
    if (answer !== 'Delete') return { kind: 'cancelled' };
    await deletePod(fleet.http(node.context), node.namespace, node.name);
    services.log.info(`[${node.context}] deleted pod ${node.namespace}/${node.name}`);
    return { kind: 'pod', deleted: node.name };
  } catch (error) {
    services.log.error(`[${node.context}] Delete pod ${where}: ${message(error)}`);
    void vscode.window.showErrorMessage(`Delete pod ${where} failed: ${message(error)}`);
    return { kind: 'failed', error: message(error) };
  }
}

/** A modal yes/no; for a running VM or one with persistent volumes, the name typed as well. */
async function confirmDelete(services: Services, fleet: Fleet, target: VmTarget): Promise<boolean> {
  const list = target.kind === 'vm' ? fleet.vms(target.context, target.namespace) : fleet.vmis(target.context, target.namespace);
  const object = list.find((o) => o.metadata.name === target.name) as VirtualMachine | undefined;
  const kind = target.kind === 'vm' ? 'VirtualMachine' : 'VirtualMachineInstance';
  const answer = await services.input.confirm(
    `Delete ${kind} ${target.namespace}/${target.name} on ${target.context}?`,
    target.kind === 'vm' ? 'Its VMI, launcher pod and the DataVolumes it owns are deleted with it.' : 'The guest stops.',
    'Delete',
  );
  if (answer !== 'Delete') return false;
  if (target.kind !== 'vm' || !object || !needsTypedName(object)) return true;
  const typed = await services.input.input({
    title: `Delete ${target.name}`,
    prompt: `${target.name} is running or has persistent volumes. Type its name to delete it.`,
    validateInput: (value) => (value === target.name ? undefined : `Type "${target.name}" to confirm`),
  });
  return typed === target.name;
}
