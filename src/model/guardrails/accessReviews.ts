// The SubjectAccessReviews the audit needs, one per tenant subject and question ("may Group team-a patch
// namespace team-a?"), and reading their answers back. The integrator posts each request's body to
// /apis/authorization.k8s.io/v1/subjectaccessreviews and records { key, allowed } in the snapshot.
import * as l10n from '@vscode/l10n';
import type { Subject } from './kinds';
import { known, unknown, type Known } from './known';
import type { NamespaceSnapshot, TenantSnapshot } from './snapshot';
import { identityOf, subjectKey, subjectLabel, tenantSubjects, type Identity } from './subjects';
import { isEmptySelector } from './labelSelector';

export type ReviewPurpose = 'relabel' | 'guardrail' | 'escalation' | 'cluster' | 'eligibility';

export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

export interface AccessReviewRequest extends ResourceAttributes {
  key: string;
  purpose: ReviewPurpose;
  subject: Subject;
  identity: Identity;
}

const RBAC = 'rbac.authorization.k8s.io';
const NETWORKING = 'networking.k8s.io';
const WRITE = ['create', 'update', 'patch', 'delete'];

/** Cluster-scoped powers a tenant must not have (MTB-PL1-CC-CPI-1). */
export const CLUSTER_ATTRIBUTES: readonly ResourceAttributes[] = [
  { verb: 'list', group: '', resource: 'nodes' },
  { verb: 'list', group: '', resource: 'secrets' },
  { verb: 'create', group: RBAC, resource: 'clusterrolebindings' },
  { verb: 'create', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' },
  { verb: 'create', group: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations' },
  { verb: 'update', group: 'node.k8s.io', resource: 'runtimeclasses' },
];

export function reviewKey(subject: Subject, a: ResourceAttributes): string {
  return [subjectKey(subject), a.verb, a.group, a.resource, a.namespace ?? '', a.name ?? ''].join('|');
}

/** "patch namespaces/team-a", "create resourcequotas in team-a", "list secrets across the cluster". */
export function describeAttributes(a: ResourceAttributes): string {
  const resource = a.name ? `${a.resource}/${a.name}` : a.resource;
  const where = a.resource === 'namespaces' ? '' : a.namespace ? ` in ${a.namespace}` : l10n.t(' across the cluster');
  return `${a.verb} ${resource}${where}`;
}

/** NetworkPolicies that select every pod of the namespace: the guardrails an admin put there. */
export function guardrailPolicyNames(ns: NamespaceSnapshot): string[] {
  if (!ns.networkPolicies.known) return [];
  return ns.networkPolicies.value.filter((p) => isEmptySelector(p.spec?.podSelector)).map((p) => p.metadata.name).sort();
}

export function relabelAttributes(namespace: string): ResourceAttributes[] {
  // A request on a Namespace object carries that namespace as its own, so RoleBindings inside it apply.
  return ['update', 'patch'].map((verb) => ({ verb, group: '', resource: 'namespaces', namespace, name: namespace }));
}

export function guardrailAttributes(ns: NamespaceSnapshot): ResourceAttributes[] {
  return [
    ...['resourcequotas', 'limitranges'].flatMap((resource) => WRITE.map((verb) => ({ verb, group: '', resource, namespace: ns.name }))),
    ...guardrailPolicyNames(ns).flatMap((name) => ['update', 'patch', 'delete'].map((verb) => ({ verb, group: NETWORKING, resource: 'networkpolicies', namespace: ns.name, name }))),
  ];
}

export function escalationAttributes(namespace: string): ResourceAttributes[] {
  return [
    { verb: 'escalate', group: RBAC, resource: 'roles', namespace },
    { verb: 'bind', group: RBAC, resource: 'clusterroles', namespace, name: 'cluster-admin' },
  ];
}

export function eligibilityAttributes(namespace: string): ResourceAttributes[] {
  return [
    { verb: 'create', group: '', resource: 'pods', namespace },
    { verb: 'create', group: '', resource: 'services', namespace },
  ];
}

/** Every review to make for the tenant; empty while its subjects are unknown. */
export function accessReviewPlan(s: TenantSnapshot): AccessReviewRequest[] {
  const subjects = tenantSubjects(s);
  if (!subjects.known) return [];
  const attributes: [ReviewPurpose, ResourceAttributes][] = [
    ...s.namespaces.flatMap((ns) => [
      ...relabelAttributes(ns.name).map((a): [ReviewPurpose, ResourceAttributes] => ['relabel', a]),
      ...guardrailAttributes(ns).map((a): [ReviewPurpose, ResourceAttributes] => ['guardrail', a]),
      ...escalationAttributes(ns.name).map((a): [ReviewPurpose, ResourceAttributes] => ['escalation', a]),
      ...eligibilityAttributes(ns.name).map((a): [ReviewPurpose, ResourceAttributes] => ['eligibility', a]),
    ]),
    ...CLUSTER_ATTRIBUTES.map((a): [ReviewPurpose, ResourceAttributes] => ['cluster', a]),
  ];
  return subjects.value.flatMap((subject) =>
    attributes.map(([purpose, a]) => ({ ...a, key: reviewKey(subject, a), purpose, subject, identity: identityOf(subject) })),
  );
}

/** The body of the SubjectAccessReview to create for a request. */
export function subjectAccessReviewBody(r: AccessReviewRequest): object {
  const { verb, group, resource, namespace, name } = r;
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: { user: r.identity.user, groups: r.identity.groups, resourceAttributes: { verb, group, resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) } },
  };
}

/** Whether the subject may do it, or why that is unknown. */
export function reviewAnswer(s: TenantSnapshot, subject: Subject, a: ResourceAttributes): Known<boolean> {
  if (!s.accessReviews.known) return unknown(s.accessReviews.reason);
  const key = reviewKey(subject, a);
  const answer = s.accessReviews.value.find((r) => r.key === key);
  return answer ? known(answer.allowed) : unknown(l10n.t('no answer to the access review "{0}" for {1}', describeAttributes(a), subjectLabel(subject)));
}
