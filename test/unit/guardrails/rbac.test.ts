import * as assert from 'node:assert/strict';
import { known } from '../../../src/model/guardrails/known';
import { rbacChecks, rulePowers } from '../../../src/model/guardrails/rbac';
import type { TenantSnapshot } from '../../../src/model/guardrails/snapshot';
import {
  CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, EDIT_RBAC, FENCED_RBAC, GROUP, NS, clusterRoleBinding, find, forbidden, hardenedAdmission, hardenedSnapshot,
  namespaceSnapshot, roleBinding, withProbes, withReviews,
} from './builders';

const G = 'rbac.authorization.k8s.io';
const checks = (s: TenantSnapshot) => rbacChecks(s);

describe('rule powers', () => {
  it('names cluster-admin-like wildcards, escalate, bind, impersonate and cluster-wide Secrets', () => {
    assert.deepEqual(rulePowers([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], 'namespace'), ['every verb on every resource']);
    assert.deepEqual(rulePowers([{ apiGroups: [G], resources: ['clusterroles'], verbs: ['bind', 'escalate'] }], 'cluster'), ['escalate', 'bind']);
    assert.deepEqual(rulePowers([{ apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] }], 'namespace'), ['impersonate']);
    assert.deepEqual(rulePowers([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }], 'cluster'), ["every namespace's Secrets"]);
    assert.deepEqual(rulePowers([{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }], 'cluster'), ['wildcard rules']);
  });

  it('leaves the everyday tenant roles alone inside a namespace', () => {
    for (const name of ['admin', 'edit', 'view']) assert.deepEqual(rulePowers(CLUSTER_ROLES.find((r) => r.metadata.name === name)?.rules ?? [], 'namespace'), [], name);
    assert.deepEqual(rulePowers([{ nonResourceURLs: ['/healthz'], verbs: ['get'] }], 'cluster'), []);
  });
});

describe('ClusterRoleBindings that reach the tenant', () => {
  it('passes when only the default bindings name groups the tenant is in', () => {
    const c = find(checks(hardenedSnapshot()), 'rbac-cluster-bindings');
    assert.equal(c.verdict, 'pass');
    assert.match(c.why, /\(1 binding names it\)/);
  });

  it('fails when the tenant group is bound to cluster-admin', () => {
    const s = hardenedSnapshot({ clusterRoleBindings: known([...CLUSTER_ROLE_BINDINGS, clusterRoleBinding('team-a-admins', 'cluster-admin', [{ apiGroup: G, kind: 'Group', name: GROUP }])]) });
    const c = find(checks(s), 'rbac-cluster-bindings');
    assert.equal(c.verdict, 'fail');
    assert.equal(c.why, 'ClusterRoleBinding team-a-admins gives Group team-a-devs cluster-admin (ClusterRole cluster-admin)');
  });

  it("fails when edit is bound cluster-wide to the namespace's service accounts", () => {
    const s = hardenedSnapshot({ clusterRoleBindings: known([clusterRoleBinding('ci-edit', 'edit', [{ apiGroup: G, kind: 'Group', name: `system:serviceaccounts:${NS}` }])]) });
    const c = find(checks(s), 'rbac-cluster-bindings');
    assert.equal(c.verdict, 'fail');
    assert.match(c.why, /ci-edit gives Group system:serviceaccounts:team-a every namespace's Secrets and impersonate \(ClusterRole edit\)/);
  });

  it('still finds a cluster-admin binding when ClusterRoles are unreadable, and is unknown for other roles', () => {
    const admin = clusterRoleBinding('oops', 'cluster-admin', [{ kind: 'ServiceAccount', name: 'deployer', namespace: NS }]);
    const other = clusterRoleBinding('tooling', 'tooling', [{ apiGroup: G, kind: 'Group', name: GROUP }]);
    const s = hardenedSnapshot({ clusterRoles: forbidden('list', 'clusterroles.rbac.authorization.k8s.io'), clusterRoleBindings: known([admin, other]) });
    assert.equal(find(checks(s), 'rbac-cluster-bindings').verdict, 'fail');
    const onlyOther = hardenedSnapshot({ clusterRoles: forbidden('list', 'clusterroles.rbac.authorization.k8s.io'), clusterRoleBindings: known([other]) });
    const c = find(checks(onlyOther), 'rbac-cluster-bindings');
    assert.equal(c.verdict, 'unknown');
    assert.match(c.why, /tooling binds Group team-a-devs, but cannot read ClusterRole tooling/);
  });

  it('is unknown when ClusterRoleBindings cannot be listed', () => {
    const c = find(checks(hardenedSnapshot({ clusterRoleBindings: forbidden('list', 'clusterrolebindings.rbac.authorization.k8s.io') })), 'rbac-cluster-bindings');
    assert.equal(c.verdict, 'unknown');
  });
});

describe('RoleBindings in the tenant', () => {
  it('passes an edit binding and fails a cluster-admin or wildcard Role binding', () => {
    assert.equal(find(checks(hardenedSnapshot()), 'rbac-namespace-bindings').verdict, 'pass');
    const bindings = known([
      roleBinding('team-a-edit', 'edit', [{ apiGroup: G, kind: 'Group', name: GROUP }]),
      roleBinding('ops', 'cluster-admin', [{ apiGroup: G, kind: 'User', name: 'bob' }]),
    ]);
    const c = find(checks(hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { roleBindings: bindings })] })), 'rbac-namespace-bindings');
    assert.equal(c.verdict, 'fail');
    assert.equal(c.why, 'RoleBinding team-a/ops gives User bob ClusterRole cluster-admin (cluster-admin)');
    const wildcardRole = { apiVersion: `${G}/v1`, kind: 'Role', metadata: { name: 'everything', namespace: NS }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] };
    const viaRole = namespaceSnapshot(NS, { roles: known([wildcardRole]), roleBindings: known([roleBinding('all', 'everything', [{ kind: 'ServiceAccount', name: 'ci', namespace: NS }], 'Role')]) });
    assert.match(find(checks(hardenedSnapshot({ namespaces: [viaRole] })), 'rbac-namespace-bindings').why, /Role everything \(every verb on every resource\)/);
  });

  it('ignores bindings of platform administrators named in the settings', () => {
    const ns = namespaceSnapshot(NS, { roleBindings: known([roleBinding('sre', 'cluster-admin', [{ apiGroup: G, kind: 'Group', name: 'platform-sre' }])]) });
    const s = hardenedSnapshot({ namespaces: [ns], settings: { sandbox: 'labelled', platformSubjects: [{ kind: 'Group', name: 'platform-sre' }] } });
    assert.equal(find(checks(s), 'rbac-namespace-bindings').verdict, 'pass');
  });

  it('is unknown when RoleBindings cannot be listed, or a bound ClusterRole cannot be read', () => {
    const unreadable = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { roleBindings: forbidden('list', 'rolebindings.rbac.authorization.k8s.io', NS) })] });
    assert.equal(find(checks(unreadable), 'rbac-namespace-bindings').verdict, 'unknown');
    const roles = hardenedSnapshot({ clusterRoles: forbidden('list', 'clusterroles.rbac.authorization.k8s.io') });
    assert.equal(find(checks(roles), 'rbac-namespace-bindings').verdict, 'unknown');
  });
});

describe('tenant cannot edit its guardrails', () => {
  it('passes when RBAC denies every change', () => {
    const c = find(checks(withReviews(hardenedSnapshot(), FENCED_RBAC)), 'rbac-guardrail-edit');
    assert.equal(c.verdict, 'pass');
    assert.equal(c.why, 'no tenant subject may change ResourceQuotas in team-a, LimitRanges in team-a and NetworkPolicy team-a/default-deny');
  });

  it('fails when edit lets the tenant patch its default deny and a dry run is admitted', () => {
    const c = find(checks(withProbes(withReviews(hardenedSnapshot(), EDIT_RBAC), hardenedAdmission)), 'rbac-guardrail-edit');
    assert.equal(c.verdict, 'fail');
    assert.equal(c.why, 'Group team-a-devs may update/patch/delete NetworkPolicy team-a/default-deny (a dry-run patch was admitted)');
  });

  it('passes when a webhook refuses the dry run though RBAC allows it', () => {
    const s = withProbes(withReviews(hardenedSnapshot(), EDIT_RBAC), (p) => p.kind === 'guardrail-patch'
      ? { outcome: 'refused', code: 403, message: 'admission webhook "networkpolicies.projectcapsule.dev" denied the request: Capsule Network Policies cannot be updated: please, reach out to the system administrators' }
      : hardenedAdmission(p));
    const c = find(checks(s), 'rbac-guardrail-edit');
    assert.equal(c.verdict, 'pass');
    assert.match(c.why, /but an admission webhook refused a dry-run patch/);
  });

  it('is unknown without access reviews', () => {
    assert.equal(find(checks(hardenedSnapshot({ accessReviews: forbidden('create', 'subjectaccessreviews.authorization.k8s.io') })), 'rbac-guardrail-edit').verdict, 'unknown');
  });
});

describe('escalation and cluster resources (access reviews)', () => {
  it('passes a fenced tenant', () => {
    const s = withReviews(hardenedSnapshot(), FENCED_RBAC);
    assert.equal(find(checks(s), 'rbac-escalation').verdict, 'pass');
    assert.equal(find(checks(s), 'rbac-cluster-resources').verdict, 'pass');
  });

  it('fails a tenant that may bind cluster-admin or list nodes', () => {
    const s = withReviews(hardenedSnapshot(), (r) => (r.verb === 'bind' && r.name === 'cluster-admin') || (r.verb === 'list' && r.resource === 'nodes'));
    assert.equal(find(checks(s), 'rbac-escalation').why, 'Group team-a-devs may bind clusterroles/cluster-admin in team-a');
    assert.equal(find(checks(s), 'rbac-cluster-resources').why, 'Group team-a-devs may list nodes across the cluster');
  });

  it('is unknown when a review was not answered or the tenant has no subjects', () => {
    const s = { ...withReviews(hardenedSnapshot(), FENCED_RBAC) };
    const partial = { ...s, accessReviews: known(s.accessReviews.known ? s.accessReviews.value.filter((a) => !a.key.includes('|escalate|')) : []) };
    const c = find(checks(partial), 'rbac-escalation');
    assert.equal(c.verdict, 'unknown');
    assert.match(c.why, /no answer to the access review "escalate roles in team-a" for Group team-a-devs/);
    const nobody = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { roleBindings: known([]) })] });
    assert.match(find(checks(nobody), 'rbac-cluster-resources').why, /no user, group or service account of the tenant/);
  });
});

