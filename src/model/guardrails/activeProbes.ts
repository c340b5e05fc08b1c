// The checks that read the active probes' answers: a privileged pod, a hostPath pod and a NodePort Service,
// dry-run as the tenant, must be refused. A refusal only by quota proves nothing about the policy and stays
// unknown; so does a probe that could not be made (impersonation not permitted, no tenant subject).
import * as l10n from '@vscode/l10n';
import { eligibilityAttributes } from './accessReviews';
import { checkDefinition, type CheckId } from './catalog';
import { combine, part, type CheckResult, type FixHint, type Part } from './check';
import { ENFORCE_LABEL, podSecurityLabels, recommendedLevel } from './podSecurity';
import { atLeast, isPssLevel } from './podSecurityStandards';
import { controlRefused, probeActor, probeAnswer, probeKey, refusedBy, shortMessage, type ProbeKind } from './probePlan';
import type { NamespaceSnapshot, TenantSnapshot } from './snapshot';
import { subjectLabel, tenantSubjects } from './subjects';

interface ProbeCheck {
  id: CheckId;
  kind: ProbeKind;
  what: string;
  /** Which access review picks the actor: pods or services. */
  creates: 0 | 1;
  fix: (ns: NamespaceSnapshot) => FixHint[];
}

/**
 * Enforce Pod Security; where the namespace already enforces baseline or better and still admitted the pod,
 * relabelling cannot help: an exemption in the API server's admission configuration (or a mutating webhook)
 * lets it through, which a person has to find.
 */
function podSecurityFix(ns: NamespaceSnapshot): FixHint[] {
  const current = ns.namespace.known ? ns.namespace.value.metadata.labels?.[ENFORCE_LABEL] : undefined;
  if (isPssLevel(current) && atLeast(current, 'baseline')) {
    return [{ kind: 'manual', text: l10n.t('{0} enforces {1} yet admitted the pod: look for Pod Security exemptions (usernames, runtimeClasses, namespaces) in the API server\'s admission configuration.', ns.name, current), objects: [{ kind: 'Namespace', name: ns.name }] }];
  }
  return [{ kind: 'namespaceLabels', namespace: ns.name, labels: podSecurityLabels(recommendedLevel(ns)) }];
}

const PROBES: readonly ProbeCheck[] = [
  { id: 'probe-privileged-pod', kind: 'privileged-pod', what: l10n.t('a privileged pod'), creates: 0, fix: podSecurityFix },
  { id: 'probe-hostpath-pod', kind: 'hostpath-pod', what: l10n.t('a hostPath pod'), creates: 0, fix: podSecurityFix },
  { id: 'probe-nodeport-service', kind: 'nodeport-service', what: l10n.t('a NodePort Service'), creates: 1, fix: (ns) => [{ kind: 'resourceQuota', namespace: ns.name, keys: ['services.nodeports'] }] },
];

function judge(s: TenantSnapshot, ns: NamespaceSnapshot, probe: ProbeCheck): Part {
  const subjects = tenantSubjects(s);
  if (!subjects.known) return part('unknown', l10n.t('{0}: no tenant subjects to act as ({1})', ns.name, subjects.reason));
  if (subjects.value.length === 0) return part('unknown', l10n.t('{0}: no user, group or service account of the tenant to act as', ns.name));
  const attributes = eligibilityAttributes(ns.name)[probe.creates];
  const actor = probeActor(s, subjects.value, attributes);
  if (!actor) return part('pass', l10n.t('{0}: no tenant subject may {1} {2} at all', ns.name, attributes.verb, attributes.resource));
  const answer = probeAnswer(s, probeKey(probe.kind, ns.name, actor));
  const as = l10n.t('dry run as {0}', subjectLabel(actor));
  if (!answer.known) return part('unknown', l10n.t('{0}: {1} was not tried ({2})', ns.name, probe.what, answer.reason));
  const a = answer.value;
  if (a.outcome === 'error') return part('unknown', l10n.t('{0}: {1} could not be tried ({2})', ns.name, probe.what, a.reason));
  if (a.outcome === 'admitted') return part('fail', `${ns.name} admits ${probe.what} (${as})`, probe.fix(ns));
  const by = refusedBy(a.message);
  const detail = [`${ns.name}: ${shortMessage(a.message)}`];
  // A quota refusal tests nothing, except for NodePorts, whose fence is the quota (services.nodeports: 0).
  const fencedByQuota = probe.kind === 'nodeport-service' && /services\.nodeports/.test(a.message);
  if (by === 'quota' && !fencedByQuota) return part('unknown', l10n.t('{0} refused {1} only for its quota, so the policy was not tested ({2})', ns.name, probe.what, as), [], detail);
  const control = probe.creates === 0 ? controlRefused(s, ns.name, actor) : undefined;
  if (control) return part('unknown', l10n.t('{0} refused {1}, but {2}, so that proves nothing ({3})', ns.name, probe.what, control, as), [], detail);
  return part('pass', `${ns.name} refuses ${probe.what}: ${by} (${as})`, [], detail);
}

export function probeChecks(s: TenantSnapshot): CheckResult[] {
  return PROBES.map((probe) =>
    combine(checkDefinition(probe.id), s.namespaces.map((ns) => judge(s, ns, probe)), l10n.t('the tenant has no namespaces to probe')),
  );
}
