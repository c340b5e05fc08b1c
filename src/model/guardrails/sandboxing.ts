// Sandboxing checks, for namespaces that require it (see sandboxRequirement.ts): pods that name no sandbox
// RuntimeClass must be refused — shown by a dry run as the tenant, or by a Capsule Tenant rule that allows only
// sandbox classes and defaults to one — and the pods running now must all be sandboxed. virt-launcher pods
// are VM-isolated (the VM runs in QEMU/KVM inside them), never "unsandboxed containers".
import * as l10n from '@vscode/l10n';
import { eligibilityAttributes } from './accessReviews';
import { checkDefinition } from './catalog';
import { agree, combine, listNames, part, plural, type CheckResult, type FixHint, type Part } from './check';
import type { CapsuleTenantObject, RuntimeClassObject } from './kinds';
import { selectorMatches } from './labelSelector';
import { activePods, isLauncher, podLabel } from './pods';
import { controlRefused, probeActor, probeAnswer, probeKey, refusedBy } from './probePlan';
import { isolationOf, isSandbox, runtimeClassesOf, sandboxClassNames, type RuntimeClasses } from './runtimes';
import { requirementReason, sandboxRequired } from './sandboxRequirement';
import type { NamespaceSnapshot, TenantSnapshot } from './snapshot';
import { subjectLabel, tenantSubjects } from './subjects';

type CapsuleRule = NonNullable<NonNullable<CapsuleTenantObject['spec']>['runtimeClasses']>;

/** A Tenant's regex as Capsule applies it; one that does not compile matches nothing (Capsule would refuse it). */
function matchesRegex(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern).test(name);
  } catch {
    return false;
  }
}

/** Capsule's match: an exact name, the (deprecated) regex, or a non-empty label selector. */
export function capsuleAllows(rule: CapsuleRule, name: string, object?: RuntimeClassObject): boolean {
  if (rule.allowed?.includes(name)) return true;
  if (rule.allowedRegex && matchesRegex(rule.allowedRegex, name)) return true;
  const selector = { matchLabels: rule.matchLabels, matchExpressions: rule.matchExpressions };
  return !!(rule.matchLabels || rule.matchExpressions) && !!object && selectorMatches(selector, object.metadata.labels);
}

function ruleFix(s: TenantSnapshot, ns: NamespaceSnapshot, classes: RuntimeClasses): FixHint[] {
  const allowed = sandboxClassNames(classes);
  if (!allowed.length) return [{ kind: 'manual', text: l10n.t('Install a sandbox runtime (Kata Containers or gVisor) and its RuntimeClass first.'), objects: [] }];
  return [{ kind: 'runtimeClassRule', tenant: s.tenant.name, namespaces: [ns.name], allowed, capsule: s.tenant.kind === 'capsule' && s.capsuleInstalled }];
}

/**
 * A Capsule rule proves enforcement when it allows only sandbox classes and defaults to one (Capsule admits pods
 * that name no class unless it has a default to give them). Short of that, another admission policy may still
 * refuse unsandboxed pods — with VMs, one has to, since a Capsule default would move virt-launcher pods into a
 * sandbox — so only a dry run can tell: unknown, with the fix.
 */
function capsulePart(s: TenantSnapshot, ns: NamespaceSnapshot, classes: RuntimeClasses, tenant: CapsuleTenantObject, probe: string): Part {
  const name = tenant.metadata.name;
  const rule = tenant.spec?.runtimeClasses;
  const gap = (why: string) => part('unknown', l10n.t('{0}: {1}; only a dry run can tell whether another policy refuses pods without a sandbox ({2})', ns.name, why, probe), ruleFix(s, ns, classes));
  if (!rule) return gap(l10n.t('Capsule Tenant {0} sets no runtimeClasses rule', name));
  const objects = s.runtimeClasses.known ? s.runtimeClasses.value : [];
  const open = [...classes.byName.values()].filter((i) => !isSandbox(i.isolation) && capsuleAllows(rule, i.name, objects.find((o) => o.metadata.name === i.name)));
  if (open.length) return gap(l10n.t('Capsule Tenant {0} allows {1}, which {2}', name, listNames(open.map((i) => i.name)), agree(open.length, l10n.t('is not a sandbox'), l10n.t('are not sandboxes'))));
  if ((rule.matchLabels || rule.matchExpressions) && !s.runtimeClasses.known) return gap(l10n.t('Capsule Tenant {0} selects RuntimeClasses by label, which cannot be read ({1})', name, s.runtimeClasses.reason));
  if (!rule.default) return gap(l10n.t('Capsule Tenant {0} sets no default RuntimeClass, so Capsule admits pods that name none', name));
  const fallback = classes.byName.get(rule.default);
  if (!fallback || !isSandbox(fallback.isolation)) return gap(l10n.t('Capsule Tenant {0} defaults to {1}, which is not a known sandbox', name, rule.default));
  return part('pass', l10n.t('{0}: Capsule Tenant {1} allows only sandbox classes and defaults to {2}', ns.name, name, rule.default));
}

function enforcedPart(s: TenantSnapshot, ns: NamespaceSnapshot, classes: RuntimeClasses): Part {
  const required = sandboxRequired(ns, s.settings);
  if (!required.known) return part('unknown', required.reason);
  if (!required.value) return part('pass', l10n.t('{0}: sandboxing not required ({1})', ns.name, requirementReason(ns, s.settings)));
  const subjects = tenantSubjects(s);
  const actor = subjects.known ? probeActor(s, subjects.value, eligibilityAttributes(ns.name)[0]) : undefined;
  const answer = actor ? probeAnswer(s, probeKey('unsandboxed-pod', ns.name, actor)) : undefined;
  const as = actor ? l10n.t(' (dry run as {0})', subjectLabel(actor)) : '';
  if (answer?.known && answer.value.outcome === 'admitted') {
    const got = (answer.value.object?.spec as { runtimeClassName?: string } | undefined)?.runtimeClassName;
    if (got && isSandbox(isolationOf({ metadata: { name: '' }, spec: { runtimeClassName: got } }, classes))) return part('pass', l10n.t('{0} gives pods that name no RuntimeClass the sandbox {1}{2}', ns.name, got, as));
    return part('fail', l10n.t('{0} admits a pod without a sandbox{1}', ns.name, as), ruleFix(s, ns, classes));
  }
  if (actor && answer?.known && answer.value.outcome === 'refused') {
    const by = refusedBy(answer.value.message);
    const control = controlRefused(s, ns.name, actor);
    if (control) return part('unknown', l10n.t('{0} refused a pod without a sandbox, but {1}, so that proves nothing{2}', ns.name, control, as));
    if (by !== 'quota') return part('pass', l10n.t('{0} refuses pods without a sandbox: {1}{2}', ns.name, by, as));
  }
  const probe = !answer ? l10n.t('no tenant subject to act as') : !answer.known ? answer.reason : answer.value.outcome === 'error' ? answer.value.reason : l10n.t('the dry run was refused only by quota');
  if (s.tenant.kind === 'capsule' && s.capsuleTenant) {
    if (!s.capsuleTenant.known) return part('unknown', l10n.t('cannot read the Capsule Tenant ({0})', s.capsuleTenant.reason));
    return capsulePart(s, ns, classes, s.capsuleTenant.value, probe);
  }
  return part('unknown', l10n.t('only a dry run can tell whether {0} refuses pods without a sandbox ({1})', ns.name, probe), ruleFix(s, ns, classes));
}

function podsPart(s: TenantSnapshot, ns: NamespaceSnapshot, classes: RuntimeClasses): Part {
  const required = sandboxRequired(ns, s.settings);
  if (!required.known) return part('unknown', required.reason);
  if (!ns.pods.known) return part('unknown', l10n.t('cannot read pods in {0} ({1})', ns.name, ns.pods.reason));
  const pods = activePods(ns.pods.value);
  const launchers = pods.filter(isLauncher);
  const plain = pods.filter((p) => !isLauncher(p) && !isSandbox(isolationOf(p, classes)));
  if (!required.value) {
    return part('pass', l10n.t('{0}: sandboxing not required ({1}){2}', ns.name, requirementReason(ns, s.settings), plain.length ? l10n.t('; {0} {1} the host kernel', plural(plain.length, 'pod'), agree(plain.length, 'shares', 'share')) : ''));
  }
  if (plain.length) {
    return part('fail', l10n.t('{0} requires sandboxing but {1} {2}: {3}', ns.name, plural(plain.length, 'pod'), agree(plain.length, l10n.t('runs as a plain container'), l10n.t('run as plain containers')), listNames(plain.map(podLabel))),
      [{ kind: 'manual', text: l10n.t('Set runtimeClassName to a sandbox class on the workloads of {0} (Run in a MicroVM).', listNames(plain.map((p) => p.metadata.name))), objects: plain.map((p) => ({ kind: 'Pod', name: p.metadata.name, namespace: ns.name })) }],
      plain.map((p) => l10n.t('{0}/{1}: no sandbox RuntimeClass', ns.name, podLabel(p))));
  }
  const sandboxed = pods.length - launchers.length;
  const inferred = classes.inferredBecause ? l10n.t(' (RuntimeClasses guessed from their names)') : '';
  return part('pass', `${ns.name}: ${plural(sandboxed, 'pod')} sandboxed, ${plural(launchers.length, l10n.t('VM launcher'))} VM-isolated${inferred}`);
}

export function sandboxingChecks(s: TenantSnapshot): CheckResult[] {
  const classes = runtimeClassesOf(s);
  const none = l10n.t('the tenant has no namespaces to check');
  return [
    combine(checkDefinition('sandbox-enforced'), s.namespaces.map((ns) => enforcedPart(s, ns, classes)), none),
    combine(checkDefinition('sandbox-pods'), s.namespaces.map((ns) => podsPart(s, ns, classes)), none),
  ];
}
