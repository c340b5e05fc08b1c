// Quota checks per namespace: a ResourceQuota over compute (requests.cpu, requests.memory, limits.memory,
// ephemeral storage) and object counts (pods, services, secrets, configmaps, PVCs, load balancers, and
// `services.nodeports: 0`), and a LimitRange that gives containers default requests and limits. Every
// unscoped quota applies, so the effective limit of a key is the lowest any of them sets.
import * as l10n from '@vscode/l10n';
import { parseQuantity } from '../validation/quantity';
import { checkDefinition } from './catalog';
import { combine, listNames, part, type CheckResult, type Part } from './check';
import type { AuditPod, ResourceQuotaObject } from './kinds';
import { formatAmount, podsUsage } from './podResources';
import type { NamespaceSnapshot, TenantSnapshot } from './snapshot';

export const COMPUTE_KEYS = ['requests.cpu', 'requests.memory', 'limits.memory', 'requests.ephemeral-storage'];
export const OBJECT_KEYS = ['pods', 'services', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.loadbalancers'];
export const NODEPORTS = 'services.nodeports';

/** Other spellings a quota may use for the same limit. */
const ALIASES: Record<string, string[]> = {
  'requests.cpu': ['cpu'],
  'requests.memory': ['memory'],
  'requests.ephemeral-storage': ['ephemeral-storage'],
  pods: ['count/pods'],
  services: ['count/services'],
  secrets: ['count/secrets'],
  configmaps: ['count/configmaps'],
  persistentvolumeclaims: ['count/persistentvolumeclaims'],
};

const spellings = (key: string) => [key, ...(ALIASES[key] ?? [])];

/** Quotas without scopes: they apply to every pod and object of the namespace. */
export function unscopedQuotas(quotas: readonly ResourceQuotaObject[]): ResourceQuotaObject[] {
  return quotas.filter((q) => !q.spec?.scopes?.length && !q.spec?.scopeSelector?.matchExpressions?.length);
}

export interface QuotaLimit {
  quota: ResourceQuotaObject;
  hard: number;
  /** What the namespace uses, from the quota's status, else counted from the pods when they are known. */
  used?: number;
}

/** The tightest limit on a key across the quotas, with its usage; undefined when no quota sets it. */
export function quotaLimit(quotas: readonly ResourceQuotaObject[], key: string, pods?: readonly AuditPod[]): QuotaLimit | undefined {
  let best: QuotaLimit | undefined;
  for (const quota of unscopedQuotas(quotas)) {
    const spelling = spellings(key).find((k) => quota.spec?.hard?.[k] !== undefined);
    const hard = spelling === undefined ? undefined : parseQuantity(quota.spec?.hard?.[spelling]);
    if (spelling === undefined || hard === undefined) continue;
    const reported = parseQuantity(quota.status?.used?.[spelling]);
    const used = reported ?? (pods ? podsUsage(pods, key) : undefined);
    if (!best || hard - (used ?? 0) < best.hard - (best.used ?? 0)) best = { quota, hard, ...(used !== undefined ? { used } : {}) };
  }
  return best;
}

const limits = (quotas: readonly ResourceQuotaObject[], keys: readonly string[]) =>
  keys.map((key) => ({ key, limit: quotaLimit(quotas, key) }));

const noQuota = (ns: NamespaceSnapshot, quotas: readonly ResourceQuotaObject[]) => {
  const scoped = quotas.filter((q) => !unscopedQuotas([q]).length).map((q) => q.metadata.name);
  return l10n.t('{0} has no ResourceQuota{1}', ns.name, scoped.length ? l10n.t(' (only scoped ones: {0})', listNames(scoped)) : '');
};

const listed = (set: { key: string; limit?: QuotaLimit }[]) => set.map((x) => `${x.key} ${formatAmount(x.key, x.limit?.hard ?? 0)}`).join(', ');

function computePart(ns: NamespaceSnapshot): Part {
  if (!ns.resourceQuotas.known) return part('unknown', l10n.t('cannot read ResourceQuotas in {0} ({1})', ns.name, ns.resourceQuotas.reason));
  const quotas = ns.resourceQuotas.value;
  if (!unscopedQuotas(quotas).length) return part('fail', noQuota(ns, quotas), [{ kind: 'resourceQuota', namespace: ns.name, keys: COMPUTE_KEYS }]);
  const set = limits(quotas, COMPUTE_KEYS);
  const missing = set.filter((x) => !x.limit).map((x) => x.key);
  if (missing.length) return part('warn', l10n.t('{0}: no quota limits {1}', ns.name, listNames(missing, 4)), [{ kind: 'resourceQuota', namespace: ns.name, keys: missing }]);
  return part('pass', `${ns.name}: ${listed(set)}`);
}

function objectsPart(ns: NamespaceSnapshot): Part {
  if (!ns.resourceQuotas.known) return part('unknown', l10n.t('cannot read ResourceQuotas in {0} ({1})', ns.name, ns.resourceQuotas.reason));
  const quotas = ns.resourceQuotas.value;
  if (!unscopedQuotas(quotas).length) return part('fail', noQuota(ns, quotas), [{ kind: 'resourceQuota', namespace: ns.name, keys: [...OBJECT_KEYS, NODEPORTS] }]);
  const set = limits(quotas, OBJECT_KEYS);
  const missing = set.filter((x) => !x.limit).map((x) => x.key);
  const nodeports = quotaLimit(quotas, NODEPORTS);
  if (!nodeports || nodeports.hard > 0) {
    const why = nodeports ? l10n.t('{0}: {1} allows {2} NodePort Services', ns.name, nodeports.quota.metadata.name, nodeports.hard) : l10n.t('{0}: no quota sets services.nodeports: 0', ns.name);
    return part('fail', `${why}${missing.length ? l10n.t('; nor limits {0}', listNames(missing, 3)) : ''}`, [{ kind: 'resourceQuota', namespace: ns.name, keys: [NODEPORTS, ...missing] }]);
  }
  if (missing.length) return part('warn', l10n.t('{0}: no quota limits {1}', ns.name, listNames(missing, 4)), [{ kind: 'resourceQuota', namespace: ns.name, keys: missing }]);
  return part('pass', `${ns.name}: ${listed(set)}, services.nodeports 0`);
}

const DEFAULTS = [['default', 'cpu'], ['default', 'memory'], ['defaultRequest', 'cpu'], ['defaultRequest', 'memory']] as const;

function limitRangePart(ns: NamespaceSnapshot): Part {
  if (!ns.limitRanges.known) return part('unknown', l10n.t('cannot read LimitRanges in {0} ({1})', ns.name, ns.limitRanges.reason));
  const ranges = ns.limitRanges.value;
  const fix = [{ kind: 'limitRange' as const, namespace: ns.name }];
  if (!ranges.length) return part('fail', l10n.t('{0} has no LimitRange, so containers without requests or limits get none', ns.name), fix);
  const items = ranges.flatMap((r) => (r.spec?.limits ?? []).filter((l) => l.type === 'Container'));
  const missing = DEFAULTS.filter(([field, resource]) => !items.some((l) => l[field]?.[resource] !== undefined)).map(([f, r]) => `${f}.${r}`);
  const names = listNames(ranges.map((r) => r.metadata.name));
  if (missing.length) return part('warn', l10n.t('{0}: {1} sets no container {2}', ns.name, names, listNames(missing, 4)), fix);
  return part('pass', l10n.t('{0}: {1} gives containers default requests and limits', ns.name, names));
}

export function quotaChecks(s: TenantSnapshot): CheckResult[] {
  const none = l10n.t('the tenant has no namespaces to check');
  return [
    combine(checkDefinition('quota-compute'), s.namespaces.map(computePart), none),
    combine(checkDefinition('quota-objects'), s.namespaces.map(objectsPart), none),
    combine(checkDefinition('limit-range'), s.namespaces.map(limitRangePart), none),
  ];
}
