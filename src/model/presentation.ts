// What a VM, VMI or pod node shows: label, one-line description (status first, as a narrow side bar cuts the
// end), Markdown tooltip (status and, for an error, why on its first line) and the contextValue tokens that menus
// match (`kind:vm status:Running group:running`). Pure: the view maps groups to icons and colours.
import * as l10n from '@vscode/l10n';
import { age } from './age';
import { guestSummary } from './guestDetails';
import { migrationLine, migrationProgress, type MigrationProgress } from './migrationProgress';
import { restartRequired } from './operations';
import { code, escapeMarkdown, markdownTable } from './markdown';
import type { Pod, VirtualMachine, VirtualMachineInstance } from './objects';
import type { IsolationClass } from './isolation';
import type { RuntimeClassInfo } from './runtimeClasses';
import { primaryIp, statusGroup, vmiPrintableStatus, type Condition, type StatusGroup } from './vmStatus';
import { podGroup, podIsolation, podStatus, shortPodName } from './workloads';

export interface Presentation {
  label: string;
  description: string;
  tooltip: string;
  contextValue: string;
  group: StatusGroup;
  status: string;
}

export function contextTokens(kind: string, status: string, group: StatusGroup, extra: string[] = []): string {
  return [`kind:${kind}`, `status:${status}`, `group:${group}`, ...extra].join(' ');
}

/** A VirtualMachine with its VMI and virt-launcher pod when they exist. */
export function presentVm(vm: VirtualMachine, vmi: VirtualMachineInstance | undefined, launcher: Pod | undefined, now = Date.now()): Presentation {
  const status = vm.status?.printableStatus ?? 'Unknown';
  const group = statusGroup(status);
  // A stopped VM's VMI may linger in a final phase for a moment: its IP and node are history.
  const live = vmi && !FINAL_PHASES.has(vmi.status?.phase ?? '') && status !== 'Stopped' ? vmi : undefined;
  const ip = primaryIp(live?.status);
  const node = live?.status?.nodeName;
  const spec = vm.spec ?? {};
  const matcher = (m?: { name?: string; kind?: string }) => (m?.name ? `${m.name}${m.kind ? ` (${m.kind})` : ''}` : undefined);
  const conditions = vm.status?.conditions ?? vmi?.status?.conditions;
  const trouble = problem(conditions, group);
  const pendingChange = restartRequired(vm);
  const migration = migrating(live, now);
  const tooltip = [
    headline(vm.metadata.name, status, trouble),
    '',
    l10n.t('VirtualMachine in {0}', code(vm.metadata.namespace ?? '')),
    '',
    markdownTable([
      [l10n.t('Run strategy'), spec.runStrategy ?? (spec.running === undefined ? undefined : l10n.t('running: {0} (deprecated)', spec.running))],
      [l10n.t('Instancetype'), matcher(spec.instancetype)],
      [l10n.t('Preference'), matcher(spec.preference)],
      [l10n.t('Guest'), guestSummary(live)],
      [l10n.t('Pending change'), pendingChange ? l10n.t('restart required: {0}', pendingChange) : undefined],
      [l10n.t('Migration'), migration && migrationLine(migration)],
      [l10n.t('Node'), migrationPath(live) ?? node],
      [l10n.t('IP'), ip],
      [l10n.t('Conditions'), conditionSummary(conditions)],
      [l10n.t('Age'), age(vm.metadata.creationTimestamp, now)],
      [l10n.t('Launcher pod'), live ? launcher?.metadata.name : undefined],
    ]),
  ].join('\n');
  return {
    label: vm.metadata.name,
    description: rowDescription(status, group, trouble, live, [node, ip], pendingChange ? l10n.t('restart required') : undefined, migration),
    tooltip,
    contextValue: contextTokens('vm', status, group, [...(vmi ? ['has:vmi'] : []), ...(pendingChange ? ['restartRequired'] : [])]),
    group,
    status,
  };
}

/** A VMI that no VirtualMachine owns (created directly, or by a replica set): it cannot be started or stopped. */
export function presentVmi(vmi: VirtualMachineInstance, launcher: Pod | undefined, now = Date.now()): Presentation {
  const status = vmiPrintableStatus(vmi);
  const group = statusGroup(status);
  const ip = primaryIp(vmi.status);
  const node = vmi.status?.nodeName;
  const trouble = problem(vmi.status?.conditions, group);
  const tooltip = [
    headline(vmi.metadata.name, status, trouble),
    '',
    l10n.t('Standalone VirtualMachineInstance in {0}: no VirtualMachine owns it, so it cannot be started, stopped or restarted; deleting it ends the guest.', code(vmi.metadata.namespace ?? '')),
    '',
    markdownTable([
      [l10n.t('Phase'), vmi.status?.phase],
      [l10n.t('Guest'), guestSummary(vmi)],
      [l10n.t('Node'), migrationPath(vmi) ?? node],
      [l10n.t('IP'), ip],
      [l10n.t('Conditions'), conditionSummary(vmi.status?.conditions)],
      [l10n.t('Age'), age(vmi.metadata.creationTimestamp, now)],
      [l10n.t('Launcher pod'), launcher?.metadata.name],
    ]),
  ].join('\n');
  const description = rowDescription(status, group, trouble, vmi, [node, ip], l10n.t('standalone VMI'));
  return { label: vmi.metadata.name, description, tooltip, contextValue: contextTokens('vmi', status, group, ['standalone']), group, status };
}

/** A microVM, sandboxed or container pod: phase first, then its runtime and node; the full name in the tooltip. */
export function presentPod(pod: Pod, runtimeClasses: ReadonlyMap<string, RuntimeClassInfo>, now = Date.now()): Presentation {
  const isolation = podIsolation(pod, runtimeClasses);
  const status = podStatus(pod);
  const group = podGroup(pod, status);
  const overhead = pod.spec?.overhead ?? runtimeClasses.get(pod.spec?.runtimeClassName ?? '')?.overhead;
  const node = pod.spec?.nodeName;
  const isolated = isolation.class !== 'container';
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  const tooltip = [
    headline(pod.metadata.name, status, undefined),
    '',
    l10n.t('Pod in {0}', code(pod.metadata.namespace ?? '')),
    '',
    markdownTable([
      [l10n.t('Isolation'), ISOLATION_WORDS[isolation.class](isolation.label)],
      [l10n.t('Runtime class'), pod.spec?.runtimeClassName],
      [l10n.t('Handler'), isolation.handler || undefined],
      [l10n.t('Overhead'), overhead ? Object.entries(overhead).map(([k, v]) => `${k} ${v}`).join(', ') : undefined],
      [l10n.t('Owner'), owner ? `${owner.kind} ${owner.name}` : undefined],
      [l10n.t('Node'), node],
      [l10n.t('IP'), pod.status?.podIP],
      [l10n.t('Images'), pod.spec?.containers?.map((c) => c.image ?? c.name).join(', ')],
      [l10n.t('Restarts'), restarts(pod)],
      [l10n.t('Age'), age(pod.metadata.creationTimestamp, now)],
    ]),
  ].join('\n');
  return {
    label: shortPodName(pod),
    description: [status, isolated ? isolation.label : undefined, node].filter(Boolean).join(' · '),
    tooltip,
    contextValue: contextTokens('pod', status, group, [`isolation:${isolation.class}`]),
    group,
    status,
  };
}

const ISOLATION_WORDS: Record<IsolationClass, (label: string) => string> = {
  microvm: (label) => l10n.t('{0}: a microVM with its own guest kernel', label),
  sandbox: (label) => l10n.t('{0}: sandboxed by a user-space kernel (not a VM)', label),
  container: () => l10n.t('none: shares the host kernel (runc)'),
};

const FINAL_PHASES = new Set(['Succeeded', 'Failed']);

/**
 * The row: the status first (then `mark`); then why, for an error; while migrating, the migration's phase, mode
 * and route (`Copying memory · pre-copy · worker-2 → worker-3`); else where it runs and its IP.
 */
function rowDescription(
  status: string, group: StatusGroup, trouble: Trouble | undefined, live: VirtualMachineInstance | undefined, [node, ip]: (string | undefined)[], mark?: string, migration?: MigrationProgress,
): string {
  const rest = group === 'error' ? [trouble?.short] : migration ? [migration.words, migration.mode, migrationPath(live) ?? node] : [migrationPath(live) ?? node, ip];
  return [status, mark, ...rest].filter(Boolean).join(' · ');
}

/** The progress of a migration under way, from the VMI's migrationState (elapsed time as of `now`). */
function migrating(vmi: VirtualMachineInstance | undefined, now: number): MigrationProgress | undefined {
  const state = vmi?.status?.migrationState;
  if (!state || state.completed || state.failed || state.endTimestamp) return undefined;
  const progress = migrationProgress(vmi, undefined, now);
  return progress?.outcome === 'running' ? progress : undefined;
}

/** `worker-2 → worker-3` while a migration is under way. */
function migrationPath(vmi: VirtualMachineInstance | undefined): string | undefined {
  const m = vmi?.status?.migrationState;
  if (!m || m.completed || m.failed || m.endTimestamp || !m.sourceNode || !m.targetNode) return undefined;
  return `${m.sourceNode} → ${m.targetNode}`;
}

/** The tooltip's first line: name and status, and for an error why, so it is read before any table. */
function headline(name: string, status: string, trouble: Trouble | undefined): string {
  return `**${escapeMarkdown(name)}** · ${escapeMarkdown(status)}${trouble ? ` — ${escapeMarkdown(trouble.full)}` : ''}`;
}

function restarts(pod: Pod): string | undefined {
  const n = (pod.status?.containerStatuses ?? []).reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
  return n ? String(n) : undefined;
}


function conditionSummary(conditions: Condition[] | undefined): string | undefined {
  if (!conditions?.length) return undefined;
  return conditions.map((c) => `${c.type} ${c.status === 'True' ? '✓' : c.status === 'False' ? '✗' : '?'}`).join(', ');
}

interface Trouble {
  /** For the row: the condition's message (or reason). */
  short: string;
  /** For the tooltip: reason and message. */
  full: string;
}

/** For a VM in trouble, the reason and message of the condition that explains it. */
function problem(conditions: Condition[] | undefined, group: StatusGroup): Trouble | undefined {
  if (group !== 'error') return undefined;
  const c = conditions?.find((x) => x.status === 'False' && (x.message || x.reason) && x.type !== 'Ready') ?? conditions?.find((x) => x.message);
  if (!c) return undefined;
  const full = [c.reason, c.message].filter(Boolean).join(': ');
  return { short: (c.message ?? c.reason ?? '').split('\n')[0].replace(/\.$/, ''), full };
}
