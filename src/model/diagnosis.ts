// Diagnose VM: one report that answers "why is this VM not running, or not ready?" from the VM, its VMI, its
// virt-launcher pods, the DataVolumes and PVCs it uses and the recent events about them. Each finding names the
// object it comes from, says what is wrong in words and what to do next; errors come first. Pure: the cluster layer
// gathers the objects (cluster/diagnosis.ts), a view renders the report (`diagnosisMarkdown`).
import * as l10n from '@vscode/l10n';
import { runStrategyOf } from './actions';
import { eventTime, type KubeEvent } from './events';
import { escapeMarkdown } from './markdown';
import type { ContainerState, DataVolume, PersistentVolumeClaim, Pod, VirtualMachine, VirtualMachineInstance, Volume } from './objects';
import { restartRequired } from './operations';
import { findCondition, hasCondition, statusGroup, vmiPrintableStatus, type Condition } from './vmStatus';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  severity: Severity;
  /** `VirtualMachineInstance web-1`, `PersistentVolumeClaim data-1`. */
  subject: string;
  /** What is wrong, in one sentence. */
  title: string;
  /** The server's own words (condition or event message), when there are any. */
  detail?: string;
  /** What to do next. */
  advice?: string;
}

export interface DiagnosisInput {
  vm?: VirtualMachine;
  vmi?: VirtualMachineInstance;
  /** The VMI's virt-launcher pods (label kubevirt.io/created-by), any order. */
  pods: readonly Pod[];
  /** The DataVolumes and PVCs of the namespace (or just those the VM names). */
  dataVolumes: readonly DataVolume[];
  pvcs: readonly PersistentVolumeClaim[];
  /** Events about the VM, VMI, pods, DataVolumes and PVCs. */
  events: readonly KubeEvent[];
  /** What could not be read (`events`, `pods`…, 403 or an error): what it would show is unknown, never "fine". */
  unreadable?: readonly string[];
}

export interface Diagnosis {
  name: string;
  status: string;
  /** The answer in one line: the first error, else the first warning, else that nothing is wrong. */
  summary: string;
  findings: Finding[];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
/** How many Warning events the report lists (the newest, one per reason and message). */
const MAX_EVENTS = 8;

export function diagnose(input: DiagnosisInput): Diagnosis {
  const name = input.vm?.metadata.name ?? input.vmi?.metadata.name ?? 'unknown';
  const status = input.vm?.status?.printableStatus ?? (input.vmi ? vmiPrintableStatus(input.vmi) : 'Unknown');
  const findings = [
    ...vmFindings(input.vm, input.vmi, status),
    ...vmiFindings(input.vmi),
    ...podFindings(newestPod(input.pods)),
    ...volumeFindings(input),
    ...eventFindings(input.events),
    ...(input.unreadable ?? []).map((what): Finding => ({ severity: 'warning', subject: 'Access', title: l10n.t('Could not read {0}: what they would show is unknown.', what) })),
  ].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const first = findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning');
  const summary = first ? `${first.subject}: ${first.title}` : statusGroup(status) === 'running' ? l10n.t('{0} is {1} and nothing looks wrong.', name, status) : l10n.t('{0} is {1}; nothing wrong was found.', name, status);
  // An unreadable source is a warning, so the summary never reads "nothing wrong" when part was not seen.
  return { name, status, summary, findings };
}

function vmFindings(vm: VirtualMachine | undefined, vmi: VirtualMachineInstance | undefined, status: string): Finding[] {
  if (!vm) return [];
  const subject = `VirtualMachine ${vm.metadata.name}`;
  const out: Finding[] = [];
  const conditions = vm.status?.conditions;
  const failure = findCondition(conditions, 'Failure');
  if (failure?.status === 'True') out.push({ severity: 'error', subject, title: l10n.t('The VM controller reports a failure{0}.', failure.reason ? ` (${failure.reason})` : ''), ...detail(failure), advice: l10n.t('Read the message, fix the VM’s spec (Edit) and start it again.') });
  if (findCondition(conditions, 'ManualRecoveryRequired')?.status === 'True') {
    out.push({ severity: 'error', subject, title: l10n.t('The VM needs manual recovery (a volume migration failed).'), ...detail(findCondition(conditions, 'ManualRecoveryRequired')), advice: l10n.t('Restore the VM’s volumes to their previous claims, then start it.') });
  }
  const pending = restartRequired(vm);
  if (pending) out.push({ severity: 'warning', subject, title: l10n.t('The spec changed while the VM ran; the change waits for a restart.'), detail: pending, advice: l10n.t('Restart to Apply when convenient.') });
  const startFailure = vm.status?.startFailure;
  if (startFailure?.consecutiveFailCount) {
    out.push({
      severity: 'error', subject,
      title: l10n.t('The VM failed to start {0} time{1} in a row (crash loop).', startFailure.consecutiveFailCount, startFailure.consecutiveFailCount === 1 ? '' : 's'),
      ...(startFailure.retryAfterTimestamp ? { detail: l10n.t('Next attempt after {0}.', startFailure.retryAfterTimestamp) } : {}),
      advice: l10n.t('Look at the launcher pod’s last termination and the Warning events below.'),
    });
  }
  if (status === 'Stopped' && !vmi) {
    const strategy = runStrategyOf(vm);
    out.push({ severity: 'info', subject, title: l10n.t('The VM is stopped (run strategy {0}).', strategy), advice: strategy === 'Halted' || strategy === 'Manual' ? l10n.t('Start it.') : undefined });
  }
  if (status === 'Paused') out.push({ severity: 'info', subject, title: l10n.t('The VM is paused.'), advice: l10n.t('Unpause it.') });
  if (vm.status?.snapshotInProgress) out.push({ severity: 'info', subject, title: l10n.t('Snapshot {0} is in progress; the VM is locked until it ends.', vm.status.snapshotInProgress) });
  if (vm.status?.restoreInProgress) out.push({ severity: 'info', subject, title: l10n.t('Restore {0} is in progress.', vm.status.restoreInProgress) });
  return out;
}

function vmiFindings(vmi: VirtualMachineInstance | undefined): Finding[] {
  if (!vmi) return [];
  const subject = `VirtualMachineInstance ${vmi.metadata.name}`;
  const conditions = vmi.status?.conditions;
  const out: Finding[] = [];
  const scheduled = findCondition(conditions, 'PodScheduled');
  if (scheduled?.status === 'False') {
    out.push({ severity: 'error', subject, title: l10n.t('The VM cannot be scheduled{0}.', scheduled.reason ? ` (${scheduled.reason})` : ''), ...detail(scheduled), advice: schedulingAdvice(scheduled.message) });
  }
  const phase = vmi.status?.phase ?? '';
  if (phase === 'Failed') out.push({ severity: 'error', subject, title: l10n.t('The VMI failed{0}.', vmi.status?.reason ? ` (${vmi.status.reason})` : ''), advice: l10n.t('Look at the launcher pod and the events below; a run strategy of Always or RerunOnFailure starts a new one.') });
  const ready = findCondition(conditions, 'Ready');
  if (phase === 'Running' && ready?.status === 'False') out.push({ severity: 'warning', subject, title: l10n.t('The VMI runs but is not ready{0}.', ready.reason ? ` (${ready.reason})` : ''), ...detail(ready), advice: l10n.t('Readiness probes and the guest’s boot decide this; open the console to see the guest.') });
  if (phase === 'Running' && !hasCondition(conditions, 'AgentConnected')) out.push({ severity: 'info', subject, title: l10n.t('The guest agent is not connected.'), advice: l10n.t('Install and start qemu-guest-agent in the guest for guest details, consistent snapshots and IP reporting.') });
  const migratable = findCondition(conditions, 'LiveMigratable');
  if (phase === 'Running' && migratable?.status === 'False') out.push({ severity: 'info', subject, title: l10n.t('The VM cannot be live-migrated{0}.', migratable.reason ? ` (${migratable.reason})` : ''), ...detail(migratable), advice: l10n.t('A node drain will stop it instead of moving it.') });
  const migration = vmi.status?.migrationState;
  if (migration?.failed && migration.failureReason) out.push({ severity: 'warning', subject, title: l10n.t('The last migration failed.'), detail: migration.failureReason });
  return out;
}

function schedulingAdvice(message: string | undefined): string {
  const text = message ?? '';
  if (/Insufficient (cpu|memory)|Insufficient/i.test(text)) return l10n.t('No node has enough free CPU or memory: lower the VM’s requests or free capacity.');
  if (/node\(s\) didn't match|node affinity|selector/i.test(text)) return l10n.t('No node matches the VM’s nodeSelector or affinity: check them against the nodes’ labels (kubevirt.io/schedulable among them).');
  if (/taint/i.test(text)) return l10n.t('The nodes have taints the VM does not tolerate: add a toleration or use other nodes.');
  if (/volume|persistentvolumeclaim|pvc/i.test(text)) return l10n.t('A volume cannot be bound on any node: check the PVCs below and their storage class.');
  return l10n.t('Check the VM’s nodeSelector, affinity, tolerations and resource requests against the nodes.');
}

const newestPod = (pods: readonly Pod[]) => [...pods].sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))[0];

const IMAGE_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

function podFindings(pod: Pod | undefined): Finding[] {
  if (!pod) return [];
  const subject = `Pod ${pod.metadata.name}`;
  const out: Finding[] = [];
  const scheduled = findCondition(pod.status?.conditions, 'PodScheduled');
  if (scheduled?.status === 'False') out.push({ severity: 'error', subject, title: l10n.t('The launcher pod cannot be scheduled.'), ...detail(scheduled), advice: schedulingAdvice(scheduled.message) });
  for (const container of pod.status?.containerStatuses ?? []) {
    const waiting = container.state?.waiting;
    if (waiting?.reason && IMAGE_REASONS.has(waiting.reason)) {
      out.push({ severity: 'error', subject, title: l10n.t('Container {0} cannot pull its image ({1}).', container.name, waiting.reason), ...(waiting.message ? { detail: waiting.message } : {}), advice: l10n.t('Check the containerDisk image name and tag, and that the namespace has a pull secret for its registry.') });
    } else if (waiting?.reason === 'CrashLoopBackOff') {
      out.push({ severity: 'error', subject, title: l10n.t('Container {0} keeps crashing (CrashLoopBackOff, {1} restarts).', container.name, container.restartCount ?? 0), ...(waiting.message ? { detail: waiting.message } : {}), advice: l10n.t('Show Logs of the launcher pod; the last termination is below.') });
    } else if (waiting?.reason && waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') {
      out.push({ severity: 'warning', subject, title: l10n.t('Container {0} is waiting ({1}).', container.name, waiting.reason), ...(waiting.message ? { detail: waiting.message } : {}) });
    }
    const last = terminatedWords(container.lastState);
    if (last) out.push({ severity: container.lastState?.terminated?.reason === 'OOMKilled' ? 'error' : 'warning', subject, title: l10n.t('Container {0} last ended: {1}.', container.name, last), ...(container.lastState?.terminated?.message ? { detail: container.lastState.terminated.message } : {}), ...(container.lastState?.terminated?.reason === 'OOMKilled' ? { advice: l10n.t('The launcher ran out of memory: raise the VM’s memory overhead or its memory request.') } : {}) });
  }
  return out;
}

function terminatedWords(state: ContainerState | undefined): string | undefined {
  const t = state?.terminated;
  if (!t) return undefined;
  return [t.reason ?? 'terminated', t.exitCode !== undefined ? l10n.t('exit code {0}', t.exitCode) : undefined, t.finishedAt ? `at ${t.finishedAt}` : undefined].filter(Boolean).join(', ');
}

/** The claims and DataVolumes the VM (or lone VMI) uses, hotplugged ones included. */
export function usedVolumes(input: Pick<DiagnosisInput, 'vm' | 'vmi'>): { dataVolumes: string[]; claims: string[] } {
  const volumes: Volume[] = input.vm?.spec?.template?.spec?.volumes ?? input.vmi?.spec?.volumes ?? [];
  const hotplugged = input.vmi?.spec?.volumes ?? [];
  const all = [...volumes, ...hotplugged.filter((v) => !volumes.some((w) => w.name === v.name))];
  return {
    dataVolumes: [...new Set(all.flatMap((v) => (v.dataVolume ? [v.dataVolume.name] : [])))],
    claims: [...new Set(all.flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : v.dataVolume ? [v.dataVolume.name] : [])))],
  };
}

function volumeFindings(input: DiagnosisInput): Finding[] {
  const { dataVolumes, claims } = usedVolumes(input);
  const out: Finding[] = [];
  const dvs = new Map(input.dataVolumes.map((d) => [d.metadata.name, d]));
  const pvcs = new Map(input.pvcs.map((p) => [p.metadata.name, p]));
  const templated = new Set((input.vm?.spec?.dataVolumeTemplates ?? []).map((t) => t.metadata?.name));
  for (const name of dataVolumes) {
    const dv = dvs.get(name);
    const subject = `DataVolume ${name}`;
    if (!dv) {
      if (!templated.has(name) || input.vm?.status?.printableStatus !== 'Stopped') out.push({ severity: 'error', subject, title: l10n.t('The DataVolume does not exist.'), advice: templated.has(name) ? l10n.t('The VM creates it from its dataVolumeTemplates when it starts.') : l10n.t('Create it, or change the VM’s volume to one that exists.') });
      continue;
    }
    const phase = dv.status?.phase ?? '';
    const running = findCondition(dv.status?.conditions, 'Running');
    if (phase === 'Failed' || (running?.status === 'False' && running.reason && /Fail|Error/i.test(running.reason))) {
      out.push({ severity: 'error', subject, title: l10n.t('Populating the DataVolume failed{0}.', running?.reason ? ` (${running.reason})` : ''), ...detail(running), advice: l10n.t('Check its source (URL, registry, credentials) and the importer pod’s log; delete and recreate it to retry.') });
    } else if (phase && phase !== 'Succeeded') {
      out.push({ severity: phase === 'Pending' || phase === 'WaitForFirstConsumer' ? 'warning' : 'info', subject, title: l10n.t('The DataVolume is {0}{1}.', phase, dv.status?.progress && dv.status.progress !== 'N/A' ? ` (${dv.status.progress})` : ''), ...detail(running), ...(dv.status?.restartCount ? { advice: l10n.t('The importer restarted {0} times: read its log.', dv.status.restartCount) } : {}) });
    }
  }
  for (const name of claims) {
    const pvc = pvcs.get(name);
    const subject = `PersistentVolumeClaim ${name}`;
    if (!pvc) {
      if (!dataVolumes.includes(name)) out.push({ severity: 'error', subject, title: l10n.t('The PVC does not exist.'), advice: l10n.t('Create it, or change the VM’s volume to a claim that exists.') });
      continue;
    }
    const phase = pvc.status?.phase ?? 'Pending';
    if (phase === 'Lost') out.push({ severity: 'error', subject, title: l10n.t('The PVC lost its PersistentVolume.'), advice: l10n.t('Its data is gone from the cluster’s view: restore it from a snapshot or backup.') });
    else if (phase === 'Pending') out.push({ severity: 'warning', subject, title: l10n.t('The PVC is not bound{0}.', pvc.spec?.storageClassName ? l10n.t(' (storage class {0})', pvc.spec.storageClassName) : ''), advice: l10n.t('A storage class with WaitForFirstConsumer binds only once the VM’s pod is scheduled; otherwise check that the storage class exists and can provision.') });
  }
  return out;
}

function eventFindings(events: readonly KubeEvent[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  const newestFirst = events.filter((e) => e.type === 'Warning').sort((a, b) => (eventTime(b) ?? '').localeCompare(eventTime(a) ?? ''));
  for (const e of newestFirst) {
    const key = `${e.involvedObject.kind}/${e.involvedObject.name}\u0000${e.reason}\u0000${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const count = e.count && e.count > 1 ? ` (${e.count} times)` : '';
    out.push({ severity: 'warning', subject: `${e.involvedObject.kind ?? 'Object'} ${e.involvedObject.name ?? ''}`.trim(), title: l10n.t('Warning event {0}{1}{2}.', e.reason ?? '', count, eventTime(e) ? l10n.t(', last at {0}', String(eventTime(e))) : ''), ...(e.message ? { detail: e.message } : {}) });
    if (out.length === MAX_EVENTS) break;
  }
  return out;
}

const detail = (c: Condition | undefined): { detail?: string } => (c?.message ? { detail: c.message } : {});

const SEVERITY_WORDS: Record<Severity, string> = { error: l10n.t('Error'), warning: l10n.t('Warning'), info: l10n.t('Note') };

/** The report as Markdown for a preview: every server text escaped, severities in words as well as order. */
export function diagnosisMarkdown(d: Diagnosis, where: string): string {
  const lines = [l10n.t('# Diagnosis of {0}', escapeMarkdown(d.name)), '', `${escapeMarkdown(where)} · status **${escapeMarkdown(d.status)}**`, '', `**${escapeMarkdown(d.summary)}**`, ''];
  if (!d.findings.length) lines.push(l10n.t('No conditions, events or volumes point to a problem.'));
  for (const f of d.findings) {
    lines.push(`## ${SEVERITY_WORDS[f.severity]}: ${escapeMarkdown(f.title)}`, '', `*${escapeMarkdown(f.subject)}*`, '');
    if (f.detail) lines.push(`> ${escapeMarkdown(f.detail)}`, '');
    if (f.advice) lines.push(`**Next:** ${escapeMarkdown(f.advice)}`, '');
  }
  return lines.join('\n');
}
