// Who "the tenant" is in RBAC terms: a Capsule Tenant's owners and the users, groups and service accounts that
// RoleBindings in the tenant's namespaces name (minus system identities and platform administrators). Access
// reviews and probes act as these subjects; the ClusterRoleBinding check also follows the groups every tenant
// service account belongs to.
import type { Subject } from './kinds';
import { known, unknown, type Known } from './known';
import type { TenantSnapshot } from './snapshot';

/** What a SubjectAccessReview or an impersonated request carries for a subject. */
export interface Identity {
  user: string;
  groups: string[];
}

const SA_PREFIX = 'system:serviceaccount:';

/** User that stands in when acting as a group: impersonation needs a user, RBAC decides by the group. */
const GROUP_PROBE_USER = 'kubevirt-workbench:tenant-probe';

export function subjectLabel(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace ?? '?'}/${s.name}` : `${s.kind} ${s.name}`;
}

export const subjectKey = subjectLabel;

export function identityOf(s: Subject): Identity {
  if (s.kind === 'User') return { user: s.name, groups: ['system:authenticated'] };
  if (s.kind === 'Group') return { user: GROUP_PROBE_USER, groups: [s.name, 'system:authenticated'] };
  const ns = s.namespace ?? '';
  return { user: `${SA_PREFIX}${ns}:${s.name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'] };
}

/** Capsule names service-account owners as `system:serviceaccount:ns:name` users or ServiceAccount entries. */
function capsuleOwner(owner: { kind: string; name: string }): Subject | undefined {
  if (owner.name.startsWith(SA_PREFIX)) {
    const [namespace, name] = owner.name.slice(SA_PREFIX.length).split(':');
    return namespace && name ? { kind: 'ServiceAccount', namespace, name } : undefined;
  }
  if (owner.kind === 'User' || owner.kind === 'Group') return { kind: owner.kind, name: owner.name };
  return undefined;
}

const sameSubject = (a: Subject, b: Subject) => subjectKey(a) === subjectKey(b);

/** The tenant's subjects, sorted and unique; unknown when the bindings (or the Capsule Tenant) cannot be read. */
export function tenantSubjects(s: TenantSnapshot): Known<Subject[]> {
  const namespaces = new Set(s.tenant.namespaces);
  const keep = (subject: Subject) => {
    if (s.settings.platformSubjects.some((p) => sameSubject(p, subject))) return false;
    if (subject.kind === 'ServiceAccount') return namespaces.has(subject.namespace ?? '');
    return !subject.name.startsWith('system:');
  };
  const found: Subject[] = [];
  const capsule = s.tenant.kind === 'capsule' ? s.capsuleTenant : undefined;
  if (capsule) {
    if (!capsule.known) return unknown(capsule.reason);
    found.push(...(capsule.value.spec?.owners ?? []).map(capsuleOwner).filter((o): o is Subject => o !== undefined));
  }
  for (const ns of s.namespaces) {
    if (!ns.roleBindings.known) {
      // A Capsule Tenant's owners are its subjects even when the bindings they hand out cannot be read.
      if (capsule) continue;
      return unknown(ns.roleBindings.reason);
    }
    for (const binding of ns.roleBindings.value) {
      for (const subject of binding.subjects ?? []) {
        found.push(subject.kind === 'ServiceAccount' ? { kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace ?? ns.name } : { kind: subject.kind, name: subject.name });
      }
    }
  }
  const unique = new Map(found.filter(keep).map((subject) => [subjectKey(subject), subject]));
  return known([...unique.values()].sort((a, b) => subjectKey(a).localeCompare(subjectKey(b))));
}

/** Groups that include the tenant's workloads or everybody: a ClusterRoleBinding to them reaches the tenant. */
function broadGroupsOf(namespaces: readonly string[]): string[] {
  return ['system:authenticated', 'system:unauthenticated', 'system:serviceaccounts', ...namespaces.map((n) => `system:serviceaccounts:${n}`)];
}

/** Whether a binding subject is one of the tenant's, a service account of its namespaces or a group they belong to. */
export function reachesTenant(subject: Subject, tenant: readonly Subject[], namespaces: readonly string[]): boolean {
  if (subject.kind === 'ServiceAccount' && namespaces.includes(subject.namespace ?? '')) return true;
  if (subject.kind === 'Group' && broadGroupsOf(namespaces).includes(subject.name)) return true;
  return tenant.some((t) => t.kind === subject.kind && t.name === subject.name && (t.kind !== 'ServiceAccount' || t.namespace === subject.namespace));
}
