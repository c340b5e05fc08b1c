// RBAC checks. From the bindings themselves: no ClusterRoleBinding gives the tenant (its subjects, its service
// accounts, or groups they all belong to) cluster-admin, wildcards, escalate, bind, impersonate or every
// namespace's Secrets; no RoleBinding in the tenant binds a role with wildcards, escalate, bind or user
// impersonation. From access reviews (and dry runs): the tenant cannot edit its quota, LimitRange or admin
// NetworkPolicies, cannot escalate or bind roles, and cannot touch cluster-scoped resources.
import * as l10n from '@vscode/l10n';
import { CLUSTER_ATTRIBUTES, describeAttributes, escalationAttributes, guardrailAttributes, reviewAnswer, type ResourceAttributes } from './accessReviews';
import { checkDefinition } from './catalog';
import { combine, listNames, part, type CheckResult, type Part } from './check';
import type { BindingObject, PolicyRule, RoleObject, Subject } from './kinds';
import type { Known } from './known';
import { mayChange, NOBODY_MAY_CHANGE } from './mayChange';
import { guardrailTargets } from './probePlan';
import type { NamespaceSnapshot, TenantSnapshot } from './snapshot';
import { reachesTenant, subjectLabel, tenantSubjects } from './subjects';

const has = (list: readonly string[] | undefined, value: string) => !!list && (list.includes('*') || list.includes(value));
const onRbac = (r: PolicyRule, resource: string) => has(r.apiGroups, 'rbac.authorization.k8s.io') && has(r.resources, resource);
const WRITES = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** What makes rules dangerous, in words; `cluster` when bound cluster-wide, where reading Secrets matters too. */
export function rulePowers(rules: readonly PolicyRule[], scope: 'cluster' | 'namespace'): string[] {
  const powers = new Set<string>();
  for (const r of rules) {
    const resources = r.resources ?? [];
    if (!resources.length) continue; // nonResourceURLs only
    const allResources = has(r.apiGroups, '*') && resources.includes('*');
    if (r.verbs.includes('*') && allResources) {
      powers.add(l10n.t('every verb on every resource'));
      continue;
    }
    if (scope === 'cluster' && (r.verbs.includes('*') || resources.includes('*'))) powers.add(l10n.t('wildcard rules'));
    else if (allResources && r.verbs.some((v) => WRITES.includes(v))) powers.add(l10n.t('writes to every resource'));
    const onRoles = onRbac(r, 'roles') || onRbac(r, 'clusterroles');
    if (onRoles && r.verbs.some((v) => v === 'escalate' || v === '*')) powers.add('escalate');
    if (onRoles && r.verbs.some((v) => v === 'bind' || v === '*')) powers.add('bind');
    if (r.verbs.some((v) => v === 'impersonate' || v === '*')) {
      // edit and admin may impersonate their namespace's service accounts; users and groups are another matter.
      const targets = ['users', 'groups', 'userextras', 'uids', ...(scope === 'cluster' ? ['serviceaccounts'] : [])];
      if (targets.some((t) => has(resources, t) || resources.some((res) => res.startsWith(`${t}/`)))) powers.add('impersonate');
    }
    if (scope === 'cluster' && has(r.apiGroups, '') && has(resources, 'secrets') && r.verbs.some((v) => ['get', 'list', 'watch', '*'].includes(v))) {
      powers.add(l10n.t('every namespace\'s Secrets'));
    }
  }
  return [...powers];
}

/** The powers a binding hands out, or why that is unknown (its role unreadable); a dangling binding grants nothing. */
function bindingPowers(b: BindingObject, clusterRoles: Known<RoleObject[]>, roles: Known<RoleObject[]> | undefined, scope: 'cluster' | 'namespace'): { powers: string[] } | { unknown: string } {
  if (b.roleRef.kind === 'ClusterRole' && b.roleRef.name === 'cluster-admin') return { powers: ['cluster-admin'] };
  const source = b.roleRef.kind === 'ClusterRole' ? clusterRoles : roles;
  if (!source) return { powers: [] };
  if (!source.known) return { unknown: l10n.t('cannot read {0} {1} ({2})', b.roleRef.kind, b.roleRef.name, source.reason) };
  const role = source.value.find((r) => r.metadata.name === b.roleRef.name);
  return { powers: role ? rulePowers(role.rules ?? [], scope) : [] };
}

function clusterBindingParts(s: TenantSnapshot): Part[] {
  if (!s.clusterRoleBindings.known) return [part('unknown', l10n.t('cannot read ClusterRoleBindings ({0})', s.clusterRoleBindings.reason))];
  const subjects = tenantSubjects(s);
  const tenant = subjects.known ? subjects.value : [];
  const parts: Part[] = subjects.known ? [] : [part('unknown', l10n.t('cannot tell who the tenant is ({0})', subjects.reason))];
  let reaching = 0;
  for (const b of s.clusterRoleBindings.value) {
    const who = (b.subjects ?? []).filter((sub) => reachesTenant(sub, tenant, s.tenant.namespaces));
    if (!who.length) continue;
    reaching++;
    const found = bindingPowers(b, s.clusterRoles, undefined, 'cluster');
    const names = listNames(who.map(subjectLabel), 2);
    if ('unknown' in found) parts.push(part('unknown', `ClusterRoleBinding ${b.metadata.name} binds ${names}, but ${found.unknown}`));
    else if (found.powers.length) {
      parts.push(part('fail', `ClusterRoleBinding ${b.metadata.name} gives ${names} ${listNames(found.powers)} (ClusterRole ${b.roleRef.name})`,
        [{ kind: 'manual', text: l10n.t('Remove {0} from ClusterRoleBinding {1}, or bind a narrower role in the tenant\'s namespaces.', names, b.metadata.name), objects: [{ kind: 'ClusterRoleBinding', name: b.metadata.name }] }],
        [`ClusterRoleBinding ${b.metadata.name} → ${b.roleRef.name}: ${names}`]));
    }
  }
  if (!parts.length) parts.push(part('pass', l10n.t('no ClusterRoleBinding gives the tenant broad power ({0} {1} it)', reaching, reaching === 1 ? l10n.t('binding names') : l10n.t('bindings name'))));
  return parts;
}

function namespaceBindingParts(s: TenantSnapshot, ns: NamespaceSnapshot): Part[] {
  if (!ns.roleBindings.known) return [part('unknown', l10n.t('cannot read RoleBindings in {0} ({1})', ns.name, ns.roleBindings.reason))];
  const platform = (sub: Subject) => s.settings.platformSubjects.some((p) => subjectLabel(p) === subjectLabel(sub));
  const parts: Part[] = [];
  for (const b of ns.roleBindings.value) {
    const who = (b.subjects ?? []).filter((sub) => !platform(sub));
    if (!who.length) continue;
    const found = bindingPowers(b, s.clusterRoles, ns.roles, 'namespace');
    const role = `${b.roleRef.kind} ${b.roleRef.name}`;
    if ('unknown' in found) parts.push(part('unknown', `RoleBinding ${ns.name}/${b.metadata.name}: ${found.unknown}`));
    else if (found.powers.length) {
      parts.push(part('fail', `RoleBinding ${ns.name}/${b.metadata.name} gives ${listNames(who.map(subjectLabel), 2)} ${role} (${listNames(found.powers)})`,
        [{ kind: 'manual', text: l10n.t('Bind a narrower role than {0} in {1} (admin or edit, or a custom Role).', role, ns.name), objects: [{ kind: 'RoleBinding', name: b.metadata.name, namespace: ns.name }] }]));
    }
  }
  return parts.length ? parts : [part('pass', l10n.t('{0}: no RoleBinding binds a powerful role', ns.name))];
}

function guardrailEditParts(s: TenantSnapshot, ns: NamespaceSnapshot, subjects: readonly Subject[]): Part[] {
  const attributes = guardrailAttributes(ns);
  const missing = [ns.resourceQuotas, ns.limitRanges, ns.networkPolicies].find((k) => !k.known);
  const parts: Part[] = missing && !missing.known ? [part('unknown', l10n.t('{0}: cannot list its guardrails ({1})', ns.name, missing.reason))] : [];
  for (const resource of ['resourcequotas', 'limitranges']) {
    const targets = guardrailTargets(ns).filter((t) => t.resource === resource);
    const kind = resource === 'resourcequotas' ? 'ResourceQuotas' : 'LimitRanges';
    parts.push(mayChange(s, subjects, {
      namespace: ns.name,
      object: `${kind} in ${ns.name}`,
      attributes: attributes.filter((a) => a.resource === resource),
      probe: { kind: 'guardrail-patch', patch: { verb: 'patch', group: '', resource, namespace: ns.name }, name: targets[0]?.name ?? '' },
      fix: [{ kind: 'manual', text: l10n.t('Take create/update/patch/delete on {0} in {1} away from the tenant\'s roles.', resource, ns.name), objects: [] }],
    }));
  }
  for (const target of guardrailTargets(ns).filter((t) => t.resource === 'networkpolicies')) {
    const name = target.name ?? '';
    parts.push(mayChange(s, subjects, {
      namespace: ns.name,
      object: `NetworkPolicy ${ns.name}/${name}`,
      attributes: attributes.filter((a) => a.resource === 'networkpolicies' && a.name === name),
      probe: { kind: 'guardrail-patch', patch: { verb: 'patch', group: 'networking.k8s.io', resource: 'networkpolicies', namespace: ns.name, name }, name },
      fix: [{ kind: 'manual', text: l10n.t('Keep {0} out of the tenant\'s reach: a Role that names its own policies (resourceNames), or an admission policy that protects admin NetworkPolicies.', name), objects: [{ kind: 'NetworkPolicy', name, namespace: ns.name }] }],
    }));
  }
  // "no tenant subject may change X", "… Y": one line for the namespace.
  const untouchable = parts.filter((p) => p.verdict === 'pass' && p.why.startsWith(NOBODY_MAY_CHANGE));
  if (untouchable.length < 2) return parts;
  const objects = untouchable.map((p) => p.why.slice(NOBODY_MAY_CHANGE.length));
  return [...parts.filter((p) => !untouchable.includes(p)), part('pass', `${NOBODY_MAY_CHANGE}${listNames(objects, 4)}`)];
}

function reviewParts(s: TenantSnapshot, subjects: readonly Subject[], attributes: readonly ResourceAttributes[], what: string): Part[] {
  const allowed: string[] = [];
  let unsure = '';
  for (const subject of subjects) {
    for (const a of attributes) {
      const answer = reviewAnswer(s, subject, a);
      if (!answer.known) unsure ||= answer.reason;
      else if (answer.value) allowed.push(`${subjectLabel(subject)} may ${describeAttributes(a)}`);
    }
  }
  if (allowed.length) return [part('fail', listNames(allowed, 2), [{ kind: 'manual', text: l10n.t('Take these permissions away from the tenant: {0}.', allowed.join('; ')), objects: [] }], allowed)];
  if (unsure) return [part('unknown', l10n.t('cannot tell whether the tenant may {0} ({1})', what, unsure))];
  return [part('pass', l10n.t('no tenant subject may {0}', what))];
}

function withSubjects(s: TenantSnapshot, body: (subjects: Subject[]) => Part[]): Part[] {
  const subjects = tenantSubjects(s);
  if (!subjects.known) return [part('unknown', l10n.t('cannot tell who the tenant is ({0})', subjects.reason))];
  if (!subjects.value.length) return [part('unknown', l10n.t('no user, group or service account of the tenant to review'))];
  return body(subjects.value);
}

export function rbacChecks(s: TenantSnapshot): CheckResult[] {
  const none = l10n.t('the tenant has no namespaces to check');
  return [
    combine(checkDefinition('rbac-cluster-bindings'), clusterBindingParts(s), none),
    combine(checkDefinition('rbac-namespace-bindings'), s.namespaces.flatMap((ns) => namespaceBindingParts(s, ns)), none),
    combine(checkDefinition('rbac-guardrail-edit'), withSubjects(s, (subjects) => s.namespaces.flatMap((ns) => guardrailEditParts(s, ns, subjects))), none),
    combine(checkDefinition('rbac-escalation'), withSubjects(s, (subjects) => s.namespaces.flatMap((ns) => reviewParts(s, subjects, escalationAttributes(ns.name), l10n.t('escalate or bind roles in {0}', ns.name)))), none),
    combine(checkDefinition('rbac-cluster-resources'), withSubjects(s, (subjects) => reviewParts(s, subjects, CLUSTER_ATTRIBUTES, l10n.t('touch cluster-scoped resources'))), none),
  ];
}
