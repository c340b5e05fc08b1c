// Overhead and capacity: sandbox RuntimeClasses must declare `overhead.podFixed` (else a microVM's memory is
// invisible to the scheduler and the quota), pods under them must carry `spec.overhead`, and the quota must
// leave room to live-migrate the largest running VM, whose migration holds a second launcher pod.
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
  const parts: Part[] = s.namespaces.filter((ns) => !ns.pods.known).map((ns) => part('unknown', `cannot read pods in ${ns.name} (${ns.pods.known ? '' : ns.pods.reason})`));
  const names = classesInPlay(s, classes);
  if (names.length && classes.inferredBecause) return [...parts, part('unknown', `${listNames(names)} in use, but RuntimeClasses cannot be read (${classes.inferredBecause})`)];
  for (const name of names) {
    const info = classes.byName.get(name);
    const memory = info?.overhead?.memory;
    if (memory) continue;
    const microvm = info?.isolation.class === 'microvm';
    parts.push(part(microvm ? 'fail' : 'warn', `RuntimeClass ${name} declares no memory overhead, so ${microvm ? "each microVM's guest kernel and VMM" : "each gVisor sandbox's kernel"} go uncounted by quota and scheduler`,
      [{ kind: 'manual', text: `Set overhead.podFixed (memory and cpu) on RuntimeClass ${name}; kata-deploy ships 130Mi–320Mi and 250m per pod.`, objects: [{ kind: 'RuntimeClass', name }] }]));
  }
  if (!parts.length) {
    const declared = names.map((n) => `${n} (${Object.entries(classes.byName.get(n)?.overhead ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')})`);
    parts.push(part('pass', names.length ? `${listNames(declared)} ${agree(names.length, 'declares its', 'declare their')} overhead` : 'the tenant uses and may use no sandbox RuntimeClass'));
  }
  return parts;
}

function podOverheadPart(ns: NamespaceSnapshot, classes: RuntimeClasses): Part {
  if (!ns.pods.known) return part('unknown', `cannot read pods in ${ns.name} (${ns.pods.reason})`);
  const withOverhead = activePods(ns.pods.value).filter((p) => {
    const name = p.spec?.runtimeClassName;
    return name && classes.byName.get(name)?.overhead;
  });
  if (!withOverhead.length) {
    if (classes.inferredBecause && activePods(ns.pods.value).some((p) => p.spec?.runtimeClassName)) return part('unknown', `cannot read the RuntimeClasses ${ns.name}'s pods use (${classes.inferredBecause})`);
    return part('pass', `${ns.name}: no pod runs under a RuntimeClass with overhead`);
  }
  const missing = withOverhead.filter((p) => !p.spec?.overhead || !Object.keys(p.spec.overhead).length);
  if (missing.length) {
    return part('warn', `${plural(missing.length, 'pod')} in ${ns.name} ${agree(missing.length, 'carries', 'carry')} no overhead from ${listNames([...new Set(missing.map((p) => p.spec?.runtimeClassName ?? ''))])}: ${listNames(missing.map(podLabel))} (admitted before the overhead was set, or without the RuntimeClass admission plugin)`,
      [{ kind: 'manual', text: `Recreate ${listNames(missing.map((p) => p.metadata.name))} so admission adds their RuntimeClass overhead.`, objects: missing.map((p) => ({ kind: 'Pod', name: p.metadata.name, namespace: ns.name })) }]);
  }
  return part('pass', `${ns.name}: ${plural(withOverhead.length, 'sandboxed pod')} ${agree(withOverhead.length, 'carries its', 'carry their')} RuntimeClass overhead`);
}

function migrationPart(ns: NamespaceSnapshot): Part {
  if (!ns.virtualMachineInstances.known) return part('unknown', `cannot read VirtualMachineInstances in ${ns.name} (${ns.virtualMachineInstances.reason})`);
  const launchers = runningLaunchers(ns.virtualMachineInstances.value, ns.pods.known ? ns.pods.value : undefined);
  if (!launchers.length) return part('pass', `${ns.name}: no running VM`);
  if (!ns.resourceQuotas.known) return part('unknown', `cannot read ResourceQuotas in ${ns.name} (${ns.resourceQuotas.reason})`);
  const largest = launchers.reduce((a, b) => (b.amounts['requests.memory'] > a.amounts['requests.memory'] ? b : a));
  const pods = ns.pods.known ? activePods(ns.pods.value) : undefined;
  const size = `${formatAmount('requests.memory', largest.amounts['requests.memory'])}${largest.guestMemory !== undefined ? ` = ${formatAmount('memory', largest.guestMemory)} guest + ${formatAmount('memory', largest.amounts['requests.memory'] - largest.guestMemory)} overhead` : ''}${largest.estimated ? ', estimated' : ''}`;
  const short: { key: string; quota: string; need: number; left: number }[] = [];
  let limited = false;
  for (const key of [...LAUNCHER_KEYS, 'pods']) {
    const limit = quotaLimit(ns.resourceQuotas.value, key, pods);
    if (!limit) continue;
    limited = true;
    if (limit.used === undefined) return part('unknown', `${ns.name}: cannot tell how much of ${limit.quota.metadata.name} is used (no status yet, and pods are unreadable)`);
    const need = key === 'pods' ? 1 : largest.amounts[key];
    const left = limit.hard - limit.used;
    if (need > left) short.push({ key, quota: limit.quota.metadata.name, need, left });
  }
  if (!limited) return part('pass', `${ns.name}: no quota limits what migrating VM ${largest.vm} needs (see the quota checks)`);
  if (short.length) {
    const text = short.map((x) => `${x.key} ${formatAmount(x.key, x.need)} needed, ${formatAmount(x.key, Math.max(0, x.left))} left in ${x.quota}`);
    const byQuota = new Map<string, string[]>();
    for (const x of short) byQuota.set(x.quota, [...(byQuota.get(x.quota) ?? []), x.key]);
    return part('warn', `${ns.name}: VM ${largest.vm} (${size}) could not live-migrate within quota: ${listNames(text, 2)}`,
      [...byQuota].map(([quota, keys]) => ({ kind: 'resourceQuota' as const, namespace: ns.name, keys, quota })), text.map((t) => `${ns.name}/${largest.vm}: ${t}`));
  }
  return part('pass', `${ns.name}: the quota has room to migrate its largest VM ${largest.vm} (${size})`);
}

export function capacityChecks(s: TenantSnapshot): CheckResult[] {
  const classes = runtimeClassesOf(s);
  const none = 'the tenant has no namespaces to check';
  return [
    combine(checkDefinition('runtimeclass-overhead'), runtimeClassParts(s), none),
    combine(checkDefinition('pod-overhead'), s.namespaces.map((ns) => podOverheadPart(ns, classes)), none),
    combine(checkDefinition('migration-headroom'), s.namespaces.map(migrationPart), none),
  ];
}
