// What one action on a multi-selection will do: which of the selected nodes it runs on, which it skips and why,
// and the confirmation that says so with a count per cluster. Pure: the command supplies what the caches hold.
import * as l10n from '@vscode/l10n';
import { vmActions, vmiActions, type LifecycleAction, type TargetKind } from './actions';
import type { VirtualMachine, VirtualMachineInstance } from './objects';
import { vmOperations } from './operations';

export interface BulkTarget {
  context: string;
  namespace: string;
  name: string;
  kind: TargetKind;
}

/** One selected node: a VM or VMI target with what the cache knows of it, or something else (a pod, a folder…). */
export interface Candidate {
  label: string;
  target?: BulkTarget;
  vm?: VirtualMachine;
  vmi?: VirtualMachineInstance;
}

export interface BulkPlan {
  run: BulkTarget[];
  skipped: { label: string; why: string }[];
}

/** Actions that may run on several VMs at once; the others act on one VM at a time. */
export const BULK_ACTIONS: ReadonlySet<LifecycleAction> = new Set<LifecycleAction>(['start', 'stop', 'forceStop', 'restart', 'pause', 'unpause', 'migrate']);

/** What a plan can be made for: the lifecycle actions, and Take Snapshot (offered by `vmOperations`). */
export type PlannedAction = LifecycleAction | 'takeSnapshot';

export function planBulk(action: PlannedAction, candidates: readonly Candidate[], label: string): BulkPlan {
  const plan: BulkPlan = { run: [], skipped: [] };
  const seen = new Set<string>();
  for (const c of candidates) {
    const t = c.target;
    if (!t) {
      plan.skipped.push({ label: c.label, why: 'not a VM' });
      continue;
    }
    const key = `${t.context}/${t.namespace}/${t.kind}/${t.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const offered = t.kind === 'vm' ? (c.vm ? [...vmActions(c.vm, c.vmi), ...vmOperations(c.vm, c.vmi)] : undefined) : c.vmi ? vmiActions(c.vmi) : undefined;
    const vmOnly = t.kind === 'vmi' && !['pause', 'unpause'].includes(action);
    if (vmOnly) plan.skipped.push({ label: c.label, why: l10n.t('a lone VMI cannot {0}', label.toLowerCase()) });
    else if (offered && !offered.includes(action)) plan.skipped.push({ label: c.label, why: l10n.t('{0} does not apply to {1}', label, status(c)) });
    else plan.run.push(t);
  }
  return plan;
}

/** The confirmation: `Stop 3 VMs on 2 clusters?` with the count and names per cluster, then what is skipped. */
export function describePlan(plan: BulkPlan, label: string): { message: string; detail: string } {
  const byContext = new Map<string, BulkTarget[]>();
  for (const t of plan.run) byContext.set(t.context, [...(byContext.get(t.context) ?? []), t]);
  const clusters = byContext.size === 1 ? `on ${[...byContext.keys()][0]}` : `on ${byContext.size} clusters`;
  const lines = [...byContext].map(([context, targets]) => `${context}: ${targets.length} (${targets.map((t) => `${t.namespace}/${t.name}`).join(', ')})`);
  if (plan.skipped.length) lines.push(`Skipped ${plan.skipped.length}: ${plan.skipped.map((s) => `${s.label} (${s.why})`).join(', ')}`);
  return { message: `${label} ${plan.run.length} ${plan.run.length === 1 ? 'VM' : 'VMs'} ${clusters}?`, detail: lines.join('\n') };
}

function status(c: Candidate): string {
  const printable = c.vm?.status?.printableStatus ?? c.vmi?.status?.phase;
  return printable ? `a ${printable} ${c.target?.kind === 'vmi' ? 'VMI' : 'VM'}` : l10n.t('its state');
}
