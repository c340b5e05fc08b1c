// The everyday VM operations beside the lifecycle (issue 11): Take Snapshot… (one VM or a multi-selection),
// Restore… (stopping a running VM first, after asking), Delete Snapshot, Clone… (revealing the new VM), Show Guest
// Details and Diagnose VM (Markdown previews), Add Volume… and Remove Volume. Each goes through src/cluster and a
// cancellable progress that follows the object to its end; a refusal shows the server's words. The menus offer
// them by state and access review (`can:` tokens); targets are the tree's own nodes.
import * as vscode from 'vscode';
import { createClone, waitForClone } from '../cluster/clones';
import { diagnoseVm } from '../cluster/diagnosis';
import type { Fleet } from '../cluster/fleet';
import { fetchGuestDetails } from '../cluster/guestAgent';
import type { KubeHttp } from '../cluster/kubeHttp';
import { ObjectWaitTimeoutError } from '../cluster/objectWatch';
import { restoreVm } from '../cluster/restore';
import { deleteSnapshot, listSnapshots, snapshotEach, takeSnapshot, waitForSnapshot, waitForSnapshotGone } from '../cluster/snapshots';
import { addVolume, listClaims, removeVolume, waitForHotplug } from '../cluster/volumes';
import { cloneTargetProblem, defaultCloneName } from '../model/clones';
import { diagnosisMarkdown } from '../model/diagnosis';
import { claimChoices, diskRows, volumeNameProblem } from '../model/disks';
import { guestDetailsMarkdown } from '../model/guestDetails';
import type { Ending } from '../model/judgement';
import type { VirtualMachine, VirtualMachineInstance } from '../model/objects';
import { defaultSnapshotName, restoreName, restoreNeedsStop, snapshotRow } from '../model/snapshots';
import { ReportDocuments } from '../views/reports';
import type { FleetNode } from '../views/nodes';
import { runBulk, selectedNodes, type ActionRun } from './lifecycle';
import { message, requireFleet, type Services, type VmTarget } from './services';

/** What an operation resolved with, for callers and tests. */
export type OperationRun =
  | { kind: 'done'; ending: Ending; name?: string }
  | { kind: 'report'; markdown: string; uri: vscode.Uri }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: string }
  | ActionRun;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function registerOperationCommands(services: Services, reports: ReportDocuments): vscode.Disposable[] {
  const command = (id: string, run: (node: unknown, selection: unknown) => Promise<OperationRun | undefined>) =>
    vscode.commands.registerCommand(`kubevirtWorkbench.${id}`, (node?: unknown, selection?: unknown) => run(node, selection));
  return [
    command('takeSnapshot', (node, selection) => snapshotCommand(services, node, selection)),
    command('restoreSnapshot', (node) => guarded(services, node, (t, fleet, n) => restoreCommand(services, fleet, t, n))),
    command('deleteSnapshot', (node) => guarded(services, node, (t, fleet, n) => deleteSnapshotCommand(services, fleet, t, n))),
    command('clone', (node) => guarded(services, node, (t, fleet) => cloneCommand(services, fleet, t))),
    command('showGuestDetails', (node) => guarded(services, node, (t, fleet) => guestDetailsCommand(fleet, reports, t))),
    command('diagnose', (node) => guarded(services, node, (t, fleet) => diagnoseCommand(fleet, reports, t))),
    command('addVolume', (node) => guarded(services, node, (t, fleet) => addVolumeCommand(services, fleet, t))),
    command('removeVolume', (node) => guarded(services, node, (t, fleet, n) => removeVolumeCommand(services, fleet, t, n))),
  ];
}

/** The VM (or lone VMI) a node stands for: the VM row itself, its Snapshots or Disks row, or one of their rows. */
function targetOf(node: FleetNode | undefined): VmTarget | undefined {
  if (!node) return undefined;
  if (node.type === 'workload' && node.kind !== 'Pod') return { context: node.context, namespace: node.namespace, name: node.name, kind: node.kind === 'VirtualMachine' ? 'vm' : 'vmi' };
  if (node.type === 'vmPart' || node.type === 'disk') return { context: node.context, namespace: node.namespace, name: node.vm, kind: node.vmKind === 'VirtualMachine' ? 'vm' : 'vmi' };
  if (node.type === 'snapshot') return { context: node.context, namespace: node.namespace, name: node.vm, kind: 'vm' };
  return undefined;
}

/** Resolves the node through the tree, then runs `body`; an error ends as the server's words in a notification. */
async function guarded(services: Services, arg: unknown, body: (target: VmTarget, fleet: Fleet, node: FleetNode) => Promise<OperationRun>): Promise<OperationRun | undefined> {
  const node = services.node(arg);
  const target = targetOf(node);
  if (!node || !target) return undefined;
  try {
    return await body(target, requireFleet(services), node);
  } catch (error) {
    const where = vscode.l10n.t('{0}/{1} on {2}', target.namespace, target.name, target.context);
    services.log.error(`[${target.context}] ${where}: ${message(error)}`);
    void services.input.notify('error', vscode.l10n.t('{0}: {1}', where, message(error)));
    return { kind: 'failed', error: message(error) };
  }
}

const cachedVm = (fleet: Fleet, t: VmTarget) => fleet.vms(t.context, t.namespace).find((o) => o.metadata.name === t.name) as VirtualMachine | undefined;
const cachedVmi = (fleet: Fleet, t: VmTarget) => fleet.vmis(t.context, t.namespace).find((o) => o.metadata.name === t.name) as VirtualMachineInstance | undefined;
const timeoutMs = () => vscode.workspace.getConfiguration('kubevirtWorkbench').get<number>('actionTimeoutSeconds', 120) * 1000;

/**
 * A cancellable notification that follows `wait` to its end, with each line of progress as its message. A failure
 * ends in an error notification with the server's words; a timeout in a warning. Cancelling stops the wait only.
 */
async function follow(services: Services, title: string, done: string, wait: (signal: AbortSignal, onProgress: (line: string | undefined) => void) => Promise<Ending>): Promise<OperationRun> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort(new Error('cancelled')));
    try {
      const ending = await wait(abort.signal, (line) => progress.report({ message: line }));
      if (ending.outcome === 'ok') void services.input.notify('info', done);
      else void services.input.notify('error', vscode.l10n.t('{0} failed: {1}', title, ending.message ?? ending.outcome));
      return { kind: 'done', ending };
    } catch (error) {
      if (abort.signal.aborted) return { kind: 'cancelled' };
      const text = error instanceof ObjectWaitTimeoutError ? vscode.l10n.t('{0} was sent, but {1}.', title, error.message) : vscode.l10n.t('{0}: {1}', title, message(error));
      void services.input.notify('warning', text);
      return { kind: 'failed', error: text };
    } finally {
      cancelled.dispose();
    }
  });
}

/** Take Snapshot… on one VM (name and optional description), or Take Snapshot on several at once. */
async function snapshotCommand(services: Services, node: unknown, selection: unknown): Promise<OperationRun | undefined> {
  const nodes = selectedNodes(services, node, selection);
  if (nodes.length > 1) return runBulk(services, 'takeSnapshot', nodes, (http, targets) => snapshotEach(http, targets, new Date()));
  return guarded(services, node, async (t, fleet) => {
    const title = vscode.l10n.t('Take Snapshot of {0}/{1}', t.namespace, t.name);
    const name = await services.input.input({
      title: `${title} (1/2)`,
      prompt: vscode.l10n.t('The snapshot’s name'),
      value: defaultSnapshotName(t.name, new Date()),
      validateInput: (v) => (DNS_LABEL.test(v) && v.length <= 63 ? undefined : vscode.l10n.t('Use lower-case letters, digits and "-" (at most 63).')),
    });
    if (!name) return { kind: 'cancelled' };
    const description = await services.input.input({ title: `${title} (2/2)`, prompt: vscode.l10n.t('A description (optional): what this snapshot is for') });
    if (description === undefined) return { kind: 'cancelled' };
    const http = fleet.http(t.context);
    await takeSnapshot(http, t, name, description || undefined);
    services.log.info(`[${t.context}] created VirtualMachineSnapshot ${t.namespace}/${name} of ${t.name}`);
    const run = await follow(services, vscode.l10n.t('Taking snapshot {0} of {1} on {2}', name, t.name, t.context), vscode.l10n.t('Snapshot {0} of {1} is ready to use.', name, t.name), (signal, onProgress) =>
      waitForSnapshot(http, t.namespace, name, { timeoutMs: timeoutMs(), signal, onProgress }),
    );
    return run.kind === 'done' ? { ...run, name } : run;
  });
}

/** The snapshot to restore: the row's, or one picked among the VM's ready snapshots. */
async function chooseSnapshot(services: Services, http: KubeHttp, t: VmTarget, node: FleetNode): Promise<string | undefined> {
  if (node.type === 'snapshot') return node.name;
  const ready = (await listSnapshots(http, t.namespace, t.name)).map(snapshotRow).filter((r) => r.readyToUse);
  if (!ready.length) {
    void services.input.notify('info', vscode.l10n.t('{0} has no snapshot ready to restore.', t.name));
    return undefined;
  }
  const picked = await services.input.pick(ready.map((r) => ({ label: r.name, description: r.created, detail: [r.description, r.indications.join(', ')].filter(Boolean).join(' · ') || undefined })), {
    title: vscode.l10n.t('Restore {0}/{1}', t.namespace, t.name),
    placeHolder: vscode.l10n.t('Which snapshot?'),
  });
  return picked?.label;
}

/** Restore…: asks first, stopping a VM that is not stopped (KubeVirt restores only a stopped VM), then follows to complete. */
async function restoreCommand(services: Services, fleet: Fleet, t: VmTarget, node: FleetNode): Promise<OperationRun> {
  const http = fleet.http(t.context);
  const snapshot = await chooseSnapshot(services, http, t, node);
  if (!snapshot) return { kind: 'cancelled' };
  const vm = cachedVm(fleet, t);
  const needsStop = vm ? restoreNeedsStop(vm) : true;
  const button = needsStop ? vscode.l10n.t('Stop and Restore') : vscode.l10n.t('Restore');
  const detail = needsStop
    ? vscode.l10n.t('{0} is {1}: KubeVirt restores only a stopped VM, so it is stopped first (the guest shuts down). Its disks and spec are then replaced by the snapshot’s; start it again afterwards.', t.name, vm?.status?.printableStatus ?? vscode.l10n.t('not known to be stopped'))
    : vscode.l10n.t('Its disks and spec are replaced by the snapshot’s.');
  const answer = await services.input.confirm(vscode.l10n.t('Restore {0}/{1} on {2} to snapshot {3}?', t.namespace, t.name, t.context, snapshot), detail, button);
  if (answer !== button) return { kind: 'cancelled' };
  const name = restoreName(snapshot, new Date());
  const run = await follow(services, vscode.l10n.t('Restoring {0} to {1} on {2}', t.name, snapshot, t.context), vscode.l10n.t('{0} is restored to snapshot {1}.', t.name, snapshot), (signal, onProgress) =>
    restoreVm(http, t, snapshot, name, { stopFirst: needsStop, timeoutMs: timeoutMs(), signal, onProgress }),
  );
  services.log.info(`[${t.context}] restore ${t.namespace}/${name} of ${t.name} to ${snapshot}: ${run.kind === 'done' ? run.ending.outcome : run.kind}`);
  return run.kind === 'done' ? { ...run, name } : run;
}

async function deleteSnapshotCommand(services: Services, fleet: Fleet, t: VmTarget, node: FleetNode): Promise<OperationRun> {
  if (node.type !== 'snapshot') return { kind: 'cancelled' };
  const button = vscode.l10n.t('Delete');
  const answer = await services.input.confirm(
    vscode.l10n.t('Delete snapshot {0} of {1}/{2} on {3}?', node.name, t.namespace, t.name, t.context),
    vscode.l10n.t('Its content and volume snapshots are deleted with it: the VM can no longer be restored to it.'),
    button,
  );
  if (answer !== button) return { kind: 'cancelled' };
  const http = fleet.http(t.context);
  await deleteSnapshot(http, t.namespace, node.name);
  services.log.info(`[${t.context}] deleted VirtualMachineSnapshot ${t.namespace}/${node.name}`);
  return follow(services, vscode.l10n.t('Deleting snapshot {0} on {1}', node.name, t.context), vscode.l10n.t('Snapshot {0} is deleted.', node.name), (signal, onProgress) =>
    waitForSnapshotGone(http, t.namespace, node.name, { timeoutMs: timeoutMs(), signal, onProgress }),
  );
}

/** `app=web, !secret*` → `['app=web', '!secret*']`; blank keeps everything (no filter). */
const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** Clone…: the new VM's name, optional label and annotation filters and MAC addresses; then follows to Succeeded and reveals it. */
async function cloneCommand(services: Services, fleet: Fleet, t: VmTarget): Promise<OperationRun> {
  const taken = new Set(fleet.vms(t.context, t.namespace).map((o) => o.metadata.name));
  const title = vscode.l10n.t('Clone {0}/{1}', t.namespace, t.name);
  const target = await services.input.input({
    title: `${title} (1/4)`,
    prompt: vscode.l10n.t('The new VM’s name'),
    value: defaultCloneName(t.name, taken),
    validateInput: (v) => cloneTargetProblem(v, t.name, taken),
  });
  if (!target) return { kind: 'cancelled' };
  const labels = await services.input.input({ title: `${title} (2/4)`, prompt: vscode.l10n.t('Labels to copy (filters such as app*, !secret*, comma-separated; blank copies all)') });
  if (labels === undefined) return { kind: 'cancelled' };
  const annotations = await services.input.input({ title: `${title} (3/4)`, prompt: vscode.l10n.t('Annotations to copy (filters, comma-separated; blank copies all)') });
  if (annotations === undefined) return { kind: 'cancelled' };
  const macs = await services.input.input({
    title: `${title} (4/4)`,
    prompt: vscode.l10n.t('MAC addresses as interface=address, comma-separated (blank: KubeVirt gives each interface a new one)'),
    validateInput: (v) => (list(v).every((p) => /^[\w-]+=([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(p)) ? undefined : vscode.l10n.t('Write interface=02:00:00:00:00:01, comma-separated.')),
  });
  if (macs === undefined) return { kind: 'cancelled' };
  const http = fleet.http(t.context);
  const request = {
    namespace: t.namespace, source: t.name, target, labelFilters: list(labels), annotationFilters: list(annotations),
    newMacAddresses: Object.fromEntries(list(macs).map((p) => p.split('=') as [string, string])),
  };
  const cloneName = `${target.slice(0, 50)}-${Date.now().toString(36)}`;
  await createClone(http, request, cloneName);
  services.log.info(`[${t.context}] created VirtualMachineClone ${t.namespace}/${cloneName}: ${t.name} → ${target}`);
  const run = await follow(services, vscode.l10n.t('Cloning {0} to {1} on {2}', t.name, target, t.context), vscode.l10n.t('{0} is cloned to {1}.', t.name, target), (signal, onProgress) =>
    waitForClone(http, t.namespace, cloneName, { timeoutMs: timeoutMs(), signal, onProgress }),
  );
  if (run.kind === 'done' && run.ending.outcome === 'ok') await services.reveal?.(t.context, t.namespace, target);
  return run.kind === 'done' ? { ...run, name: target } : run;
}

async function guestDetailsCommand(fleet: Fleet, reports: ReportDocuments, t: VmTarget): Promise<OperationRun> {
  const details = await fetchGuestDetails(fleet.http(t.context), t.namespace, t.name);
  const markdown = guestDetailsMarkdown(t.name, vscode.l10n.t('{0} on {1}', t.namespace, t.context), details);
  return { kind: 'report', markdown, uri: await reports.show(t.context, t.namespace, 'guest', t.name, markdown) };
}

async function diagnoseCommand(fleet: Fleet, reports: ReportDocuments, t: VmTarget): Promise<OperationRun> {
  const diagnosis = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Diagnosing {0}', t.name) }, () =>
    diagnoseVm(fleet.http(t.context), t.namespace, t.name, t.kind),
  );
  const markdown = diagnosisMarkdown(diagnosis, vscode.l10n.t('{0} on {1}', t.namespace, t.context));
  return { kind: 'report', markdown, uri: await reports.show(t.context, t.namespace, 'diagnosis', t.name, markdown) };
}

/** Add Volume…: a DataVolume or PVC of the namespace the VM does not use yet, attached under a name of the user's choosing. */
async function addVolumeCommand(services: Services, fleet: Fleet, t: VmTarget): Promise<OperationRun> {
  const http = fleet.http(t.context);
  const vm = t.kind === 'vm' ? cachedVm(fleet, t) : undefined;
  const vmi = cachedVmi(fleet, t);
  const { dataVolumes, pvcs } = await listClaims(http, t.namespace);
  const choices = claimChoices(dataVolumes, pvcs, vm, vmi);
  if (!choices.length) {
    void services.input.notify('info', vscode.l10n.t('{0} has no DataVolume or PVC that {1} does not use already.', t.namespace, t.name));
    return { kind: 'cancelled' };
  }
  const title = vscode.l10n.t('Add Volume to {0}/{1}', t.namespace, t.name);
  const picked = await services.input.pick(
    // l10n-ignore: Kubernetes kinds
    choices.map((c) => ({ label: c.name, description: c.source === 'dataVolume' ? 'DataVolume' : 'PVC', detail: c.detail || undefined, choice: c })),
    { title: `${title} (1/2)`, placeHolder: vscode.l10n.t('Which DataVolume or PVC?') },
  );
  if (!picked) return { kind: 'cancelled' };
  const rows = diskRows(vm, vmi);
  const name = await services.input.input({ title: `${title} (2/2)`, prompt: vscode.l10n.t('The disk’s name in the VM'), value: picked.choice.name, validateInput: (v) => volumeNameProblem(v, rows) });
  if (!name) return { kind: 'cancelled' };
  await addVolume(http, t, { name, claim: picked.choice.name, source: picked.choice.source });
  services.log.info(`[${t.context}] addvolume ${name} (${picked.choice.source} ${picked.choice.name}) to ${t.namespace}/${t.name}`);
  const run = await follow(services, vscode.l10n.t('Adding volume {0} to {1} on {2}', name, t.name, t.context), vscode.l10n.t('Volume {0} is attached to {1}.', name, t.name), (signal, onProgress) =>
    waitForHotplug(http, t, 'add', name, { timeoutMs: timeoutMs(), signal, onProgress }),
  );
  return run.kind === 'done' ? { ...run, name } : run;
}

async function removeVolumeCommand(services: Services, fleet: Fleet, t: VmTarget, node: FleetNode): Promise<OperationRun> {
  if (node.type !== 'disk') return { kind: 'cancelled' };
  const button = vscode.l10n.t('Remove');
  const answer = await services.input.confirm(
    vscode.l10n.t('Remove volume {0} from {1}/{2} on {3}?', node.name, t.namespace, t.name, t.context),
    vscode.l10n.t('The disk is detached from the guest at once: unmount it in the guest first. The DataVolume or PVC itself is kept.'),
    button,
  );
  if (answer !== button) return { kind: 'cancelled' };
  const http = fleet.http(t.context);
  await removeVolume(http, t, node.name);
  services.log.info(`[${t.context}] removevolume ${node.name} from ${t.namespace}/${t.name}`);
  return follow(services, vscode.l10n.t('Removing volume {0} from {1} on {2}', node.name, t.name, t.context), vscode.l10n.t('Volume {0} is detached from {1}.', node.name, t.name), (signal, onProgress) =>
    waitForHotplug(http, t, 'remove', node.name, { timeoutMs: timeoutMs(), signal, onProgress }),
  );
}
