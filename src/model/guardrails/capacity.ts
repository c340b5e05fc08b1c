// Overhead and capacity: sandbox RuntimeClasses must declare `overhead.podFixed` (else a microVM's memory is
// invisible to the scheduler and the quota), pods under them must carry `spec.overhead`, and the quota must
// leave room to live-migrate the largest running VM, whose migration holds a second launcher pod.
import * as l10n from '@vscode/l10n';
import { checkDefinition } from './catalog';
import { agree, combine, listNames, part, plural, type CheckResult, type Part } from './check';
import { activePods, podLabel } from './pods';
import { formatAmount } from './podResources';
import { quotaLimit } from './quota';
import { runtimeClassesOf, isSandbox, type RuntimeClasses } from './runtimes';
import type { NamespaceSnapshot, TenantSnapshot } from './snapshot';
import { LAUNCHER_KEYS, runningLaunchers } from './vmLaunchers';

/** Sandbox classes the tenant uses (its pods) or may use (its Capsule rule), by name. */
function classesInPlay(s: TenantSnapshot, classes: RuntimeClasses): string[] {
  const names = new Set<string>();
  for (const ns of s.namespaces) for (const pod of ns.pods.known ? activePods(ns.pods.value) : []) if (pod.spec?.runtimeClassName) names.add(pod.spec.runtimeClassName);
  const capsule = s.capsuleTenant?.known ? s.capsuleTenant.value.spec?.runtimeClasses : undefined;
  for (const name of [...(capsule?.allowed ?? []), ...(capsule?.default ? [capsule.default] : [])]) names.add(name);
  return [...names].filter((n) => {
    const info = classes.byName.get(n);
    return info ? isSandbox(info.isolation) : false;
  }).sort();
}

function runtimeClassParts(s: TenantSnapshot): Part[] {
  const classes = runtimeClassesOf(s);
  const parts: Part[] = s.namespaces.filter((ns) => !ns.pods.known).map((ns) => part('unknown', l10n.t('cannot read pods in {0} ({1})', ns.name, ns.pods.known ? '' : ns.pods.reason)));
  const names = classesInPlay(s, classes);
  if (names.length && classes.inferredBecause) return [...parts, part('unknown', l10n.t('{0} in use, but RuntimeClasses cannot be read ({1})', listNames(names), classes.inferredBecause))];
  for (const name of names) {
    const info = classes.byName.get(name);
    const memory = info?.overhead?.memory;
    if (memory) continue;
    const microvm = info?.isolation.class === 'microvm';
    parts.push(part(microvm ? 'fail' : 'warn', l10n.t('RuntimeClass {0} declares no memory overhead, so {1} go uncounted by quota and scheduler', name, microvm ? l10n.t('each microVM\'s guest kernel and VMM') : l10n.t('each gVisor sandbox\'s kernel')),
      [{ kind: 'manual', text: l10n.t('Set overhead.podFixed (memory and cpu) on RuntimeClass {0}; kata-deploy ships 130Mi–320Mi and 250m per pod.', name), objects: [{ kind: 'RuntimeClass', name }] }]));
  }
  if (!parts.length) {
    const declared = names.map((n) => `${n} (${Object.entries(classes.byName.get(n)?.overhead ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')})`);
    parts.push(part('pass', names.length ? `${listNames(declared)} ${agree(names.length, l10n.t('declares its'), l10n.t('declare their'))} overhead` : l10n.t('the tenant uses and may use no sandbox RuntimeClass')));
  }
  return parts;
}

function podOverheadPart(ns: NamespaceSnapshot, classes: RuntimeClasses): Part {
  if (!ns.pods.known) return part('unknown', l10n.t('cannot read pods in {0} ({1})', ns.name, ns.pods.reason));
  const withOverhead = activePods(ns.pods.value).filter((p) => {
    const name = p.spec?.runtimeClassName;
    return name && classes.byName.get(name)?.overhead;
  });
  if (!withOverhead.length) {
    if (classes.inferredBecause && activePods(ns.pods.value).some((p) => p.spec?.runtimeClassName)) return part('unknown', l10n.t('cannot read the RuntimeClasses {0}\'s pods use ({1})', ns.name, classes.inferredBecause));
    return part('pass', l10n.t('{0}: no pod runs under a RuntimeClass with overhead', ns.name));
  }
  const missing = withOverhead.filter((p) => !p.spec?.overhead || !Object.keys(p.spec.overhead).length);
  if (missing.length) {
    return part('warn', l10n.t('{0} in {1} {2} no overhead from {3}: {4} (admitted before the overhead was set, or without the RuntimeClass admission plugin)', plural(missing.length, 'pod'), ns.name, agree(missing.length, 'carries', 'carry'), listNames([...new Set(missing.map((p) => p.spec?.runtimeClassName ?? ''))]), listNames(missing.map(podLabel))),
      [{ kind: 'manual', text: l10n.t('Recreate {0} so admission adds their RuntimeClass overhead.', listNames(missing.map((p) => p.metadata.name))), objects: missing.map((p) => ({ kind: 'Pod', name: p.metadata.name, namespace: ns.name })) }]);
  }
  return part('pass', l10n.t('{0}: {1} {2} RuntimeClass overhead', ns.name, plural(withOverhead.length, l10n.t('sandboxed pod')), agree(withOverhead.length, l10n.t('carries its'), l10n.t('carry their'))));
}

function migrationPart(ns: NamespaceSnapshot): Part {
  if (!ns.virtualMachineInstances.known) return part('unknown', l10n.t('cannot read VirtualMachineInstances in {0} ({1})', ns.name, ns.virtualMachineInstances.reason));
  const launchers = runningLaunchers(ns.virtualMachineInstances.value, ns.pods.known ? ns.pods.value : undefined);
  if (!launchers.length) return part('pass', l10n.t('{0}: no running VM', ns.name));
  if (!ns.resourceQuotas.known) return part('unknown', l10n.t('cannot read ResourceQuotas in {0} ({1})', ns.name, ns.resourceQuotas.reason));
  const largest = launchers.reduce((a, b) => (b.amounts['requests.memory'] > a.amounts['requests.memory'] ? b : a));
  const pods = ns.pods.known ? activePods(ns.pods.value) : undefined;
  const size = `${formatAmount('requests.memory', largest.amounts['requests.memory'])}${largest.guestMemory !== undefined ? ` = ${formatAmount('memory', largest.guestMemory)} guest + ${formatAmount('memory', largest.amounts['requests.memory'] - largest.guestMemory)} overhead` : ''}${largest.estimated ? ', estimated' : ''}`;
  const short: { key: string; quota: string; need: number; left: number }[] = [];
  let limited = false;
  for (const key of [...LAUNCHER_KEYS, 'pods']) {
    const limit = quotaLimit(ns.resourceQuotas.value, key, pods);
    if (!limit) continue;
    limited = true;
    if (limit.used === undefined) return part('unknown', l10n.t('{0}: cannot tell how much of {1} is used (no status yet, and pods are unreadable)', ns.name, limit.quota.metadata.name));
    const need = key === 'pods' ? 1 : largest.amounts[key];
    const left = limit.hard - limit.used;
    if (need > left) short.push({ key, quota: limit.quota.metadata.name, need, left });
  }
  if (!limited) return part('pass', l10n.t('{0}: no quota limits what migrating VM {1} needs (see the quota checks)', ns.name, largest.vm));
  if (short.length) {
    const text = short.map((x) => l10n.t('{0} {1} needed, {2} left in {3}', x.key, formatAmount(x.key, x.need), formatAmount(x.key, Math.max(0, x.left)), x.quota));
    const byQuota = new Map<string, string[]>();
    for (const x of short) byQuota.set(x.quota, [...(byQuota.get(x.quota) ?? []), x.key]);
    return part('warn', l10n.t('{0}: VM {1} ({2}) could not live-migrate within quota: {3}', ns.name, largest.vm, size, listNames(text, 2)),
      [...byQuota].map(([quota, keys]) => ({ kind: 'resourceQuota' as const, namespace: ns.name, keys, quota })), text.map((t) => `${ns.name}/${largest.vm}: ${t}`));
  }
  return part('pass', l10n.t('{0}: the quota has room to migrate its largest VM {1} ({2})', ns.name, largest.vm, size));
}

export function capacityChecks(s: TenantSnapshot): CheckResult[] {
  const classes = runtimeClassesOf(s);
  const none = l10n.t('the tenant has no namespaces to check');
  return [
    combine(checkDefinition('runtimeclass-overhead'), runtimeClassParts(s), none),
    combine(checkDefinition('pod-overhead'), s.namespaces.map((ns) => podOverheadPart(ns, classes)), none),
    combine(checkDefinition('migration-headroom'), s.namespaces.map(migrationPart), none),
  ];
}
