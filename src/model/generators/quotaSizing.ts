// Sizing a ResourceQuota for Harden Tenant… from what the namespace uses now, so hardening never starves a
// running tenant:
//   compute key = used × 1.25 (growth)
//               + RuntimeClass overhead the running pods should carry but do not (they get it when recreated)
//               + the largest running VM's launcher (a live migration holds a second launcher pod)
//               + the largest sandbox RuntimeClass overhead in use (room for one more microVM's VMM)
//   rounded up (memory to 256Mi, storage to 1Gi, CPU to 100m) and never below a small floor;
//   pods = used + a quarter + 1 for the migration target; other counts from the quota's status when a quota
//   reports them, else New Tenant's defaults; NodePorts 0; load balancers only as many as are in use.
// Raising an existing quota never lowers any of its values.
import * as l10n from '@vscode/l10n';
import { parseQuantity } from '../validation/quantity';
import type { NamespaceSnapshot, TenantSnapshot } from '../guardrails/snapshot';
import type { ResourceQuotaObject } from '../guardrails/kinds';
import { activePods } from '../guardrails/pods';
import { formatAmount, podsUsage } from '../guardrails/podResources';
import { isSandbox, runtimeClassesOf } from '../guardrails/runtimes';
import { runningLaunchers } from '../guardrails/vmLaunchers';
import { OBJECT_COUNTS } from './tenant';

export interface QuotaSizing {
  hard: Record<string, string>;
  /** One line per key: how its value was reached. */
  explain: string[];
}

const MI = 2 ** 20;
const GI = 2 ** 30;
const GROWTH = 1.25;

const resourceOf = (key: string) => key.replace(/^(requests|limits)\./, '');
const FLOORS: Record<string, number> = { cpu: 1, memory: 2 * GI, 'ephemeral-storage': 10 * GI };
const STEPS: Record<string, number> = { cpu: 0.1, memory: 256 * MI, 'ephemeral-storage': GI };
const roundUp = (value: number, step: number) => Math.ceil(value / step - 1e-9) * step;

function reportedUse(quotas: readonly ResourceQuotaObject[], key: string): number | undefined {
  const values = quotas.map((q) => parseQuantity(q.status?.used?.[key])).filter((v): v is number => v !== undefined);
  return values.length ? Math.max(...values) : undefined;
}

export function sizeQuota(s: TenantSnapshot, ns: NamespaceSnapshot, keys: readonly string[], existing?: ResourceQuotaObject): QuotaSizing {
  const quotas = ns.resourceQuotas.known ? ns.resourceQuotas.value : [];
  const pods = ns.pods.known ? activePods(ns.pods.value) : undefined;
  const classes = runtimeClassesOf(s);
  const overheadOf = (name: string | undefined) => (name ? classes.byName.get(name)?.overhead : undefined);
  const launchers = ns.virtualMachineInstances.known ? runningLaunchers(ns.virtualMachineInstances.value, pods) : [];
  const largest = launchers.reduce<(typeof launchers)[number] | undefined>((a, b) => (!a || b.amounts['requests.memory'] > a.amounts['requests.memory'] ? b : a), undefined);
  const isSandboxClass = (name: string | undefined) => {
    const info = name ? classes.byName.get(name) : undefined;
    return !!info && isSandbox(info.isolation);
  };
  const sandboxNames = [...new Set((pods ?? []).map((p) => p.spec?.runtimeClassName).filter((n): n is string => isSandboxClass(n)))];

  const hard: Record<string, string> = {};
  const explain: string[] = [];
  for (const key of keys) {
    const resource = resourceOf(key);
    const reported = reportedUse(quotas, key);
    const counted = pods && (key.startsWith('requests.') || key.startsWith('limits.') || key === 'pods') ? podsUsage(pods, key) : undefined;
    const used = reported ?? counted;
    let value: number;
    let how: string;
    if (key === 'services.nodeports') {
      value = 0;
      how = l10n.t('no NodePort Services: they open a port on every node');
    } else if (key === 'services.loadbalancers') {
      value = used ?? 0;
      how = used ? l10n.t('{0} in use', used) : l10n.t('no load balancers until an admin allows them');
    } else if (key === 'pods') {
      value = Math.max(10, (used ?? 0) + Math.ceil((used ?? 0) / 4) + (largest ? 1 : 0));
      how = l10n.t('{0} in use + a quarter{1}, at least 10', used ?? 0, largest ? l10n.t(' + 1 migration target') : '');
    } else if (FLOORS[resource] !== undefined) {
      const missing = resource === 'cpu' || resource === 'memory' ? (pods ?? []).filter((p) => !p.spec?.overhead).reduce((sum, p) => sum + (parseQuantity(overheadOf(p.spec?.runtimeClassName)?.[resource]) ?? 0), 0) : 0;
      const migration = largest?.amounts[key] ?? 0;
      const slot = Math.max(0, ...sandboxNames.map((n) => (resource === 'cpu' || resource === 'memory' ? parseQuantity(overheadOf(n)?.[resource]) ?? 0 : 0)));
      value = roundUp(Math.max(FLOORS[resource], (used ?? 0) * GROWTH + missing + migration + slot), STEPS[resource]);
      how = [
        l10n.t('{0} in use × {1}', formatAmount(key, used ?? 0), GROWTH),
        missing && l10n.t('{0} overhead pods will carry when recreated', formatAmount(key, missing)),
        migration && l10n.t('{0} to live-migrate VM {1}', formatAmount(key, migration), String(largest?.vm)),
        slot && l10n.t('{0} for one more sandboxed pod\'s overhead', formatAmount(key, slot)),
      ].filter(Boolean).join(' + ') + l10n.t(', rounded up, at least {0}', formatAmount(key, FLOORS[resource]));
    } else {
      const fallback = Number(OBJECT_COUNTS[key] ?? 20);
      value = used !== undefined ? Math.max(fallback, Math.ceil(used * GROWTH)) : fallback;
      how = used !== undefined ? l10n.t('{0} in use × {1}, at least {2}', used, GROWTH, fallback) : l10n.t('{0}, as New Tenant… starts (usage not reported)', fallback);
    }
    const current = parseQuantity(existing?.spec?.hard?.[key]);
    if (current !== undefined && current > value) {
      value = current;
      how = l10n.t('kept: the current value is higher');
    }
    hard[key] = formatAmount(key, value);
    explain.push(`${key} ${hard[key]}: ${how}`);
  }
  return { hard, explain };
}
