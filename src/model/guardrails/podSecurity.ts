// Pod Security checks: the namespace's `enforce` label (restricted best, baseline acceptable, none a failure),
// whether the tenant could relabel its namespace to escape it, and whether pods already running break the
// level (admission only judges pods when they are created).
import * as l10n from '@vscode/l10n';
import { relabelAttributes } from './accessReviews';
import { checkDefinition } from './catalog';
import { agree, combine, listNames, part, plural, type CheckResult, type FixHint, type Part } from './check';
import type { AuditPod } from './kinds';
import { mayChange } from './mayChange';
import { activePods, isLauncher, podLabel } from './pods';
import { isPssLevel, meetsLevel, pssViolations, type PssLevel } from './podSecurityStandards';
import type { NamespaceSnapshot, TenantSnapshot } from './snapshot';
import { tenantSubjects } from './subjects';

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** The labels that enforce `level` and warn and audit at restricted, all at the latest policy version. */
export function podSecurityLabels(level: PssLevel): Record<string, string> {
  return {
    [ENFORCE_LABEL]: level,
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/warn-version': 'latest',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/audit-version': 'latest',
  };
}

/**
 * The level to enforce: restricted when every running pod already meets it, else baseline. A namespace with
 * VMs but no running launcher to judge gets baseline, so starting a VM is not refused by surprise.
 */
export function recommendedLevel(ns: NamespaceSnapshot): PssLevel {
  if (!ns.pods.known) return 'baseline';
  const pods = activePods(ns.pods.value);
  if (!pods.every((p) => meetsLevel(pssViolations(p), 'restricted'))) return 'baseline';
  const hasVms = (ns.virtualMachines.known && ns.virtualMachines.value.length > 0) || (ns.virtualMachineInstances.known && ns.virtualMachineInstances.value.length > 0);
  if (!ns.virtualMachines.known || (hasVms && !pods.some(isLauncher))) return 'baseline';
  return 'restricted';
}

function enforceLevel(ns: NamespaceSnapshot): PssLevel | undefined {
  if (!ns.namespace.known) return undefined;
  const value = ns.namespace.value.metadata.labels?.[ENFORCE_LABEL];
  return isPssLevel(value) ? value : undefined;
}

function enforcePart(ns: NamespaceSnapshot): Part {
  if (!ns.namespace.known) return part('unknown', l10n.t('cannot read namespace {0}\'s labels ({1})', ns.name, ns.namespace.reason));
  const level = enforceLevel(ns);
  const fix = (to: PssLevel): FixHint[] => [{ kind: 'namespaceLabels', namespace: ns.name, labels: podSecurityLabels(to) }];
  if (level === 'restricted') return part('pass', l10n.t('{0} enforces restricted', ns.name));
  if (level === 'baseline') {
    const to = recommendedLevel(ns);
    return part('warn', l10n.t('{0} enforces baseline; restricted would also stop root and privilege escalation', ns.name), to === 'restricted' ? fix(to) : []);
  }
  const raw = ns.namespace.value.metadata.labels?.[ENFORCE_LABEL];
  const why = level === 'privileged' ? l10n.t('{0} enforces privileged (no restriction)', ns.name) : raw ? l10n.t('{0} has an invalid enforce label "{1}"', ns.name, raw) : l10n.t('{0} has no {1} label', ns.name, ENFORCE_LABEL);
  return part('fail', why, fix(recommendedLevel(ns)));
}

function relabelPart(s: TenantSnapshot, ns: NamespaceSnapshot): Part {
  const subjects = tenantSubjects(s);
  if (!subjects.known) return part('unknown', l10n.t('{0}: cannot tell who the tenant is ({1})', ns.name, subjects.reason));
  if (subjects.value.length === 0) return part('unknown', l10n.t('{0}: no user, group or service account of the tenant to review', ns.name));
  const attributes = relabelAttributes(ns.name);
  return mayChange(s, subjects.value, {
    namespace: ns.name,
    object: `namespace ${ns.name}'s labels`,
    attributes,
    probe: { kind: 'namespace-relabel', patch: attributes[1], name: ns.name },
    fix: [{ kind: 'manual', text: l10n.t('Take update and patch on namespace {0} away from the tenant\'s roles; only admins should set its Pod Security labels.', ns.name), objects: [{ kind: 'Namespace', name: ns.name }] }],
  });
}

function describe(pods: readonly AuditPod[]): string {
  return listNames(pods.map((p) => `${podLabel(p)} (${pssViolations(p).map((v) => v.rule).join(', ')})`), 2);
}

function runningPart(ns: NamespaceSnapshot): Part {
  if (!ns.pods.known) return part('unknown', l10n.t('cannot read pods in {0} ({1})', ns.name, ns.pods.reason));
  const pods = activePods(ns.pods.value);
  const details = pods.filter((p) => pssViolations(p).length).map((p) => `${ns.name}/${podLabel(p)}: ${pssViolations(p).map((v) => `${v.rule} (${v.level})`).join(', ')}`);
  const manual = (bad: readonly AuditPod[]): FixHint[] => [{ kind: 'manual', text: l10n.t('Fix or remove {0} in {1}; admission will refuse them when they are recreated.', plural(bad.length, 'pod'), ns.name), objects: bad.map((p) => ({ kind: 'Pod', name: p.metadata.name, namespace: ns.name })) }];
  const breakBaseline = pods.filter((p) => !meetsLevel(pssViolations(p), 'baseline'));
  if (breakBaseline.length) return part('fail', `${plural(breakBaseline.length, l10n.t('running pod'))} in ${ns.name} ${agree(breakBaseline.length, 'breaks', 'break')} baseline: ${describe(breakBaseline)}`, manual(breakBaseline), details);
  const level = enforceLevel(ns);
  const breakRestricted = pods.filter((p) => !meetsLevel(pssViolations(p), 'restricted'));
  if (!ns.namespace.known && breakRestricted.length) return part('unknown', l10n.t('{0} in {1} {2} restricted, and its enforce level is unreadable ({3})', plural(breakRestricted.length, 'pod'), ns.name, agree(breakRestricted.length, 'breaks', 'break'), ns.namespace.reason), [], details);
  if (level === 'restricted' && breakRestricted.length) {
    return part('fail', l10n.t('{0} in {1} {2} its restricted level: {3}', plural(breakRestricted.length, l10n.t('running pod')), ns.name, agree(breakRestricted.length, 'breaks', 'break'), describe(breakRestricted)), manual(breakRestricted), details);
  }
  if (breakRestricted.length) return part('warn', l10n.t('{0} in {1} {2} baseline but not restricted: {3}', plural(breakRestricted.length, l10n.t('running pod')), ns.name, agree(breakRestricted.length, 'meets', 'meet'), describe(breakRestricted)), [], details);
  return part('pass', pods.length ? `${plural(pods.length, l10n.t('running pod'))} in ${ns.name} ${agree(pods.length, 'meets', 'meet')} restricted` : l10n.t('no running pods in {0}', ns.name));
}

export function podSecurityChecks(s: TenantSnapshot): CheckResult[] {
  const none = l10n.t('the tenant has no namespaces to check');
  return [
    combine(checkDefinition('psa-enforce'), s.namespaces.map(enforcePart), none),
    combine(checkDefinition('psa-relabel'), s.namespaces.map((ns) => relabelPart(s, ns)), none),
    combine(checkDefinition('running-pods'), s.namespaces.map(runningPart), none),
  ];
}
