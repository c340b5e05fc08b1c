// Per-tenant summaries for the tree and the Isolation Overview: the verdict counts, the worst verdict and a
// short phrase ("2 failing guardrails", "3 unknown", "hardened"), and how the tenant's workloads are isolated
// (containers, microVM pods per runtime, gVisor-sandboxed pods, VMs).
import * as l10n from '@vscode/l10n';
import { plural, worstVerdict, type CheckResult, type Verdict } from './check';
import { known, unknown, type Known } from './known';
import { activePods, isLauncher } from './pods';
import { isolationOf, runtimeClassesOf } from './runtimes';
import type { TenantSnapshot } from './snapshot';

export interface TenantSummary {
  counts: Record<Verdict, number>;
  worst: Verdict;
  /** The tree's description: the most serious thing first. */
  phrase: string;
  /** Every non-zero count: "2 failing · 1 warning · 3 unknown · 14 passing". */
  detail: string;
}

export function summarize(checks: readonly CheckResult[]): TenantSummary {
  const counts: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const c of checks) counts[c.verdict]++;
  const worst = worstVerdict(checks.map((c) => c.verdict));
  const phrase =
    counts.fail ? `${plural(counts.fail, l10n.t('failing guardrail'))}`
    : counts.unknown ? `${counts.unknown} unknown`
    : counts.warn ? `${plural(counts.warn, 'warning')}`
    : checks.length ? 'hardened' : l10n.t('not audited');
  const detail = [
    counts.fail && `${counts.fail} failing`,
    counts.warn && plural(counts.warn, 'warning'),
    counts.unknown && `${counts.unknown} unknown`,
    counts.pass && `${counts.pass} passing`,
  ].filter(Boolean).join(' · ');
  return { counts, worst, phrase, detail };
}

export interface IsolationSummary {
  /** Pods on the host kernel (runc), launchers excluded. */
  containers: number;
  /** Kata microVM pods per runtime label ("Kata Firecracker"), sorted by label. */
  microvms: { runtime: string; count: number }[];
  /** gVisor (user-space kernel) pods. */
  sandboxed: number;
  /** VirtualMachines, plus VMIs that no VM owns. */
  vms: number;
}

/** How the tenant's running workloads are isolated; unknown when pods or VMs cannot be read. */
export function isolationSummary(s: TenantSnapshot): Known<IsolationSummary> {
  const classes = runtimeClassesOf(s);
  const summary: IsolationSummary = { containers: 0, microvms: [], sandboxed: 0, vms: 0 };
  const microvms = new Map<string, number>();
  for (const ns of s.namespaces) {
    if (!ns.pods.known) return unknown(ns.pods.reason);
    if (!ns.virtualMachines.known) return unknown(ns.virtualMachines.reason);
    if (!ns.virtualMachineInstances.known) return unknown(ns.virtualMachineInstances.reason);
    for (const pod of activePods(ns.pods.value)) {
      if (isLauncher(pod)) continue;
      const isolation = isolationOf(pod, classes);
      if (isolation.class === 'container') summary.containers++;
      else if (isolation.class === 'sandbox') summary.sandboxed++;
      else microvms.set(isolation.label, (microvms.get(isolation.label) ?? 0) + 1);
    }
    const vmNames = new Set(ns.virtualMachines.value.map((v) => v.metadata.name));
    summary.vms += vmNames.size + ns.virtualMachineInstances.value.filter((v) => !vmNames.has(v.metadata.name)).length;
  }
  summary.microvms = [...microvms].sort(([a], [b]) => a.localeCompare(b)).map(([runtime, count]) => ({ runtime, count }));
  return known(summary);
}

/** `2 VMs · 3 microVM pods (2 Kata Firecracker, 1 Kata QEMU) · 1 gVisor pod · 4 containers`. */
export function describeIsolation(i: IsolationSummary): string {
  const microvmCount = i.microvms.reduce((n, m) => n + m.count, 0);
  const parts = [
    i.vms ? plural(i.vms, 'VM') : '',
    microvmCount ? `${plural(microvmCount, l10n.t('microVM pod'))} (${i.microvms.map((m) => `${m.count} ${m.runtime}`).join(', ')})` : '',
    i.sandboxed ? plural(i.sandboxed, l10n.t('gVisor pod')) : '',
    i.containers ? plural(i.containers, 'container') : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : l10n.t('no workloads');
}
