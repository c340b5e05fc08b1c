// The checks that read the active probes' answers: a privileged pod, a hostPath pod and a NodePort Service,
// dry-run as the tenant, must be refused. A refusal only by quota proves nothing about the policy and stays
// unknown; so does a probe that could not be made (impersonation not permitted, no tenant subject).
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
    return [{ kind: 'manual', text: `${ns.name} enforces ${current} yet admitted the pod: look for Pod Security exemptions (usernames, runtimeClasses, namespaces) in the API server's admission configuration.`, objects: [{ kind: 'Namespace', name: ns.name }] }];
  }
  return [{ kind: 'namespaceLabels', namespace: ns.name, labels: podSecurityLabels(recommendedLevel(ns)) }];
}

const PROBES: readonly ProbeCheck[] = [
  { id: 'probe-privileged-pod', kind: 'privileged-pod', what: 'a privileged pod', creates: 0, fix: podSecurityFix },
  { id: 'probe-hostpath-pod', kind: 'hostpath-pod', what: 'a hostPath pod', creates: 0, fix: podSecurityFix },
  { id: 'probe-nodeport-service', kind: 'nodeport-service', what: 'a NodePort Service', creates: 1, fix: (ns) => [{ kind: 'resourceQuota', namespace: ns.name, keys: ['services.nodeports'] }] },
];

function judge(s: TenantSnapshot, ns: NamespaceSnapshot, probe: ProbeCheck): Part {
  const subjects = tenantSubjects(s);
  if (!subjects.known) return part('unknown', `${ns.name}: no tenant subjects to act as (${subjects.reason})`);
  if (subjects.value.length === 0) return part('unknown', `${ns.name}: no user, group or service account of the tenant to act as`);
  const attributes = eligibilityAttributes(ns.name)[probe.creates];
  const actor = probeActor(s, subjects.value, attributes);
  if (!actor) return part('pass', `${ns.name}: no tenant subject may ${attributes.verb} ${attributes.resource} at all`);
  const answer = probeAnswer(s, probeKey(probe.kind, ns.name, actor));
  const as = `dry run as ${subjectLabel(actor)}`;
  if (!answer.known) return part('unknown', `${ns.name}: ${probe.what} was not tried (${answer.reason})`);
  const a = answer.value;
  if (a.outcome === 'error') return part('unknown', `${ns.name}: ${probe.what} could not be tried (${a.reason})`);
  if (a.outcome === 'admitted') return part('fail', `${ns.name} admits ${probe.what} (${as})`, probe.fix(ns));
  const by = refusedBy(a.message);
  const detail = [`${ns.name}: ${shortMessage(a.message)}`];
  // A quota refusal tests nothing, except for NodePorts, whose fence is the quota (services.nodeports: 0).
  const fencedByQuota = probe.kind === 'nodeport-service' && /services\.nodeports/.test(a.message);
  if (by === 'quota' && !fencedByQuota) return part('unknown', `${ns.name} refused ${probe.what} only for its quota, so the policy was not tested (${as})`, [], detail);
  const control = probe.creates === 0 ? controlRefused(s, ns.name, actor) : undefined;
  if (control) return part('unknown', `${ns.name} refused ${probe.what}, but ${control}, so that proves nothing (${as})`, [], detail);
  return part('pass', `${ns.name} refuses ${probe.what}: ${by} (${as})`, [], detail);
}

export function probeChecks(s: TenantSnapshot): CheckResult[] {
  return PROBES.map((probe) =>
    combine(checkDefinition(probe.id), s.namespaces.map((ns) => judge(s, ns, probe)), 'the tenant has no namespaces to probe'),
  );
}
