// What a VM, VMI or pod node shows: label, one-line description, Markdown tooltip and the contextValue tokens
// that menus match (`kind:vm status:Running group:running`). Pure: the view maps groups to icons and colours.
import { age } from './age';
import { code, escapeMarkdown, markdownTable } from './markdown';
import type { Pod, VirtualMachine, VirtualMachineInstance } from './objects';
import type { RuntimeClassInfo } from './runtimeClasses';
import { primaryIp, statusGroup, vmiPrintableStatus, type Condition, type StatusGroup } from './vmStatus';
import { podIsolation, podStatus } from './workloads';

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
  const ip = primaryIp(vmi?.status);
  const node = vmi?.status?.nodeName;
  const spec = vm.spec ?? {};
  const matcher = (m?: { name?: string; kind?: string }) => (m?.name ? `${m.name}${m.kind ? ` (${m.kind})` : ''}` : undefined);
  const conditions = vm.status?.conditions ?? vmi?.status?.conditions;
  const tooltip = [
    `**${escapeMarkdown(vm.metadata.name)}** — VirtualMachine in ${code(vm.metadata.namespace ?? '')}`,
    '',
    markdownTable([
      ['Status', `${status}${problem(conditions, group)}`],
      ['Run strategy', spec.runStrategy ?? (spec.running === undefined ? undefined : `running: ${spec.running} (deprecated)`)],
      ['Instancetype', matcher(spec.instancetype)],
      ['Preference', matcher(spec.preference)],
      ['Guest OS', guestOs(vmi)],
      ['IP', ip],
      ['Node', node],
      ['Conditions', conditionSummary(conditions)],
      ['Age', age(vm.metadata.creationTimestamp, now)],
      ['Launcher pod', launcher?.metadata.name],
    ]),
  ].join('\n');
  return {
    label: vm.metadata.name,
    description: [status, ip, node].filter(Boolean).join(' · '),
    tooltip,
    contextValue: contextTokens('vm', status, group, vmi ? ['has:vmi'] : []),
    group,
    status,
  };
}

/** A VMI that no VirtualMachine owns (created directly, or by a replica set). */
export function presentVmi(vmi: VirtualMachineInstance, launcher: Pod | undefined, now = Date.now()): Presentation {
  const status = vmiPrintableStatus(vmi);
  const group = statusGroup(status);
  const ip = primaryIp(vmi.status);
  const node = vmi.status?.nodeName;
  const tooltip = [
    `**${escapeMarkdown(vmi.metadata.name)}** — VirtualMachineInstance in ${code(vmi.metadata.namespace ?? '')}`,
    '',
    markdownTable([
      ['Status', `${status}${problem(vmi.status?.conditions, group)}`],
      ['Phase', vmi.status?.phase],
      ['Guest OS', guestOs(vmi)],
      ['IP', ip],
      ['Node', node],
      ['Conditions', conditionSummary(vmi.status?.conditions)],
      ['Age', age(vmi.metadata.creationTimestamp, now)],
      ['Launcher pod', launcher?.metadata.name],
    ]),
  ].join('\n');
  return { label: vmi.metadata.name, description: [status, ip, node].filter(Boolean).join(' · '), tooltip, contextValue: contextTokens('vmi', status, group), group, status };
}

/** A microVM or container pod: its runtime, phase and the overhead its RuntimeClass adds. */
export function presentPod(pod: Pod, runtimeClasses: ReadonlyMap<string, RuntimeClassInfo>, now = Date.now()): Presentation {
  const isolation = podIsolation(pod, runtimeClasses);
  const status = podStatus(pod);
  const group = podGroup(pod, status);
  const overhead = pod.spec?.overhead ?? runtimeClasses.get(pod.spec?.runtimeClassName ?? '')?.overhead;
  const node = pod.spec?.nodeName;
  const isolated = isolation.class !== 'container';
  const tooltip = [
    `**${escapeMarkdown(pod.metadata.name)}** — Pod in ${code(pod.metadata.namespace ?? '')}`,
    '',
    markdownTable([
      ['Status', status],
      ['Isolation', isolated ? `${isolation.label} (${isolation.class === 'microvm' ? 'microVM' : 'user-space kernel sandbox'})` : 'Shared host kernel (runc)'],
      ['Runtime class', pod.spec?.runtimeClassName],
      ['Handler', isolation.handler || undefined],
      ['Overhead', overhead ? Object.entries(overhead).map(([k, v]) => `${k} ${v}`).join(', ') : undefined],
      ['IP', pod.status?.podIP],
      ['Node', node],
      ['Images', pod.spec?.containers?.map((c) => c.image ?? c.name).join(', ')],
      ['Age', age(pod.metadata.creationTimestamp, now)],
    ]),
  ].join('\n');
  return {
    label: pod.metadata.name,
    description: [isolated ? isolation.label : undefined, status, node].filter(Boolean).join(' · '),
    tooltip,
    contextValue: contextTokens('pod', status, group, [`isolation:${isolation.class}`]),
    group,
    status,
  };
}

function podGroup(pod: Pod, status: string): StatusGroup {
  if (pod.metadata.deletionTimestamp) return 'transitional';
  switch (pod.status?.phase) {
    case 'Running':
      return status === 'Running' ? 'running' : 'error';
    case 'Succeeded':
      return 'stopped';
    case 'Failed':
      return 'error';
    case 'Pending':
      return status === 'Pending' || status === 'ContainerCreating' ? 'transitional' : 'error';
    default:
      return 'unknown';
  }
}

function guestOs(vmi: VirtualMachineInstance | undefined): string | undefined {
  const os = vmi?.status?.guestOSInfo;
  const text = os?.prettyName ?? [os?.name, os?.version].filter(Boolean).join(' ');
  return text || undefined;
}

function conditionSummary(conditions: Condition[] | undefined): string | undefined {
  if (!conditions?.length) return undefined;
  return conditions.map((c) => `${c.type} ${c.status === 'True' ? '✓' : c.status === 'False' ? '✗' : '?'}`).join(', ');
}

/** For a VM in trouble, the reason and message of the condition that explains it. */
function problem(conditions: Condition[] | undefined, group: StatusGroup): string {
  if (group !== 'error') return '';
  const c = conditions?.find((x) => x.status === 'False' && (x.message || x.reason) && x.type !== 'Ready') ?? conditions?.find((x) => x.message);
  const text = [c?.reason, c?.message].filter(Boolean).join(': ');
  return text ? ` — ${text}` : '';
}
