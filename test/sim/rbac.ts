// The RBAC authorizer, evaluated from the Roles, ClusterRoles and bindings in the store, as kube-apiserver's
// `Node,RBAC` chain would for a user (the Node authorizer is irrelevant here). `system:masters` is allowed
// everything before RBAC, like kube-apiserver's privileged-group authorizer.
import type { KubeObject, Store } from './store';
import type { SimUser } from './types';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
}

interface Binding extends KubeObject {
  subjects?: Subject[];
  roleRef: { apiGroup: string; kind: 'Role' | 'ClusterRole'; name: string };
}

/** What a request asks for, as kube-apiserver's RequestInfo + user. */
export interface Attributes {
  user: SimUser;
  verb: string;
  /** Resource requests: group ('' = core), resource, optional subresource, namespace, name. */
  resourceRequest: boolean;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Non-resource requests: the URL path, e.g. `/apis`. */
  path?: string;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

export const MASTERS = 'system:masters';

const includesOrStar = (list: string[] | undefined, value: string) => !!list && (list.includes('*') || list.includes(value));

function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some((r) => r === '*' || r === combined || (!!subresource && r === `*/${subresource}`));
}

function ruleAllows(rule: PolicyRule, a: Omit<Attributes, 'user'>): boolean {
  if (!includesOrStar(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) {
    return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === a.path || (u.endsWith('*') && (a.path ?? '').startsWith(u.slice(0, -1))));
  }
  if (!includesOrStar(rule.apiGroups, a.apiGroup ?? '')) return false;
  if (!resourceMatches(rule, a.resource ?? '', a.subresource)) return false;
  return !rule.resourceNames?.length || (!!a.name && rule.resourceNames.includes(a.name));
}

function subjectMatches(subject: Subject, user: SimUser, bindingNamespace: string | undefined): string | undefined {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name ? `User "${subject.name}"` : undefined;
    case 'Group':
      return user.groups.includes(subject.name) ? `Group "${subject.name}"` : undefined;
    case 'ServiceAccount': {
      const ns = subject.namespace ?? bindingNamespace;
      return user.name === `system:serviceaccount:${ns}:${subject.name}` ? `ServiceAccount "${subject.name}/${ns}"` : undefined;
    }
    default:
      return undefined;
  }
}

interface Grant {
  rules: PolicyRule[];
  /** `ClusterRoleBinding "x" of ClusterRole "y" to User "z"` */
  describe: string;
}

export class Rbac {
  constructor(private readonly store: Store) {}

  /** Every rule set that applies to `user` for requests in `namespace` (cluster-wide bindings first). */
  private grants(user: SimUser, namespace: string | undefined, errors: string[]): Grant[] {
    const grants: Grant[] = [];
    const visit = (binding: Binding, bindingKind: string) => {
      for (const subject of binding.subjects ?? []) {
        const who = subjectMatches(subject, user, binding.metadata.namespace);
        if (!who) continue;
        const ref = binding.roleRef;
        const role = ref.kind === 'Role'
          ? this.store.get('roles.rbac.authorization.k8s.io', binding.metadata.namespace, ref.name)
          : this.store.get('clusterroles.rbac.authorization.k8s.io', undefined, ref.name);
        if (!role) {
          errors.push(`${ref.kind === 'Role' ? 'role' : 'clusterrole'}.rbac.authorization.k8s.io "${ref.name}" not found`);
          return;
        }
        const bindingName = binding.metadata.namespace ? `${binding.metadata.name}/${binding.metadata.namespace}` : binding.metadata.name;
        grants.push({ rules: (role.rules as PolicyRule[] | undefined) ?? [], describe: `${bindingKind} "${bindingName}" of ${ref.kind} "${ref.name}" to ${who}` });
        return;
      }
    };
    for (const b of this.store.list('clusterrolebindings.rbac.authorization.k8s.io')) visit(b as Binding, 'ClusterRoleBinding');
    if (namespace) for (const b of this.store.list('rolebindings.rbac.authorization.k8s.io', namespace)) visit(b as Binding, 'RoleBinding');
    return grants;
  }

  authorize(a: Attributes): Decision {
    if (a.user.groups.includes(MASTERS)) return { allowed: true, reason: '' };
    const errors: string[] = [];
    for (const grant of this.grants(a.user, a.resourceRequest ? a.namespace : undefined, errors)) {
      if (grant.rules.some((r) => ruleAllows(r, a))) return { allowed: true, reason: `RBAC: allowed by ${grant.describe}` };
    }
    return { allowed: false, reason: errors.length ? `RBAC: [${errors.join(', ')}]` : '' };
  }

  /** SelfSubjectRulesReview status for `namespace`. */
  rules(user: SimUser, namespace: string): { resourceRules: PolicyRule[]; nonResourceRules: PolicyRule[]; incomplete: boolean; evaluationError?: string } {
    const errors: string[] = [];
    const resourceRules: PolicyRule[] = [];
    const nonResourceRules: PolicyRule[] = [];
    const grants: Grant[] = user.groups.includes(MASTERS)
      ? [{ rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }], describe: '' }]
      : [];
    for (const grant of [...grants, ...this.grants(user, namespace, errors)]) {
      for (const rule of grant.rules) {
        if (rule.nonResourceURLs?.length) nonResourceRules.push({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs });
        else {
          const out: PolicyRule = { verbs: rule.verbs, apiGroups: rule.apiGroups ?? [], resources: rule.resources ?? [] };
          if (rule.resourceNames?.length) out.resourceNames = rule.resourceNames;
          resourceRules.push(out);
        }
      }
    }
    const status: ReturnType<Rbac['rules']> = { resourceRules, nonResourceRules, incomplete: false };
    if (errors.length) status.evaluationError = errors.join(', ');
    return status;
  }
}

const bootstrapMeta = (name: string) => ({
  name,
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
});

const clusterRole = (name: string, rules: PolicyRule[]): KubeObject =>
  ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: bootstrapMeta(name), rules });

const clusterRoleBinding = (name: string, role: string, groups: string[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: bootstrapMeta(name),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: groups.map((g) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g })),
});

/**
 * The part of kube-apiserver's bootstrap RBAC policy that matters here: cluster-admin for system:masters and the
 * discovery / self-review permissions every authenticated user has.
 */
export function bootstrapPolicy(): KubeObject[] {
  // Sorted, as kube's rule builder stores them.
  const info = ['/healthz', '/livez', '/readyz', '/version', '/version/'];
  return [
    clusterRole('cluster-admin', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }]),
    clusterRole('system:discovery', [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', ...info, '/openapi', '/openapi/*'].sort() }]),
    clusterRole('system:basic-user', [
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
    ]),
    clusterRole('system:public-info-viewer', [{ verbs: ['get'], nonResourceURLs: info }]),
    clusterRoleBinding('cluster-admin', 'cluster-admin', [MASTERS]),
    clusterRoleBinding('system:discovery', 'system:discovery', ['system:authenticated']),
    clusterRoleBinding('system:basic-user', 'system:basic-user', ['system:authenticated']),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', ['system:authenticated', 'system:unauthenticated']),
  ];
}
