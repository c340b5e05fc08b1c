import * as assert from 'node:assert/strict';
import { accessReviewPlan, subjectAccessReviewBody } from '../../../src/model/guardrails/accessReviews';
import type { CapsuleTenantObject } from '../../../src/model/guardrails/kinds';
import { known, notLoaded, unknownFromStatus } from '../../../src/model/guardrails/known';
import { identityOf, tenantSubjects } from '../../../src/model/guardrails/subjects';
import { GROUP, NS, forbidden, hardenedSnapshot, namespaceSnapshot, roleBinding } from './builders';

describe('tenant subjects', () => {
  it("are the subjects of the namespace's RoleBindings, without system identities or other namespaces' service accounts", () => {
    const bindings = known([
      roleBinding('team-a-edit', 'edit', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: GROUP }]),
      roleBinding('ci', 'edit', [{ kind: 'ServiceAccount', name: 'deployer', namespace: NS }, { kind: 'ServiceAccount', name: 'argocd-server', namespace: 'argocd' }]),
      roleBinding('system', 'view', [{ kind: 'Group', name: 'system:serviceaccounts:kube-system' }, { kind: 'User', name: 'system:kube-controller-manager' }]),
    ]);
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { roleBindings: bindings })] });
    assert.deepEqual(tenantSubjects(s), known([{ kind: 'Group', name: GROUP }, { kind: 'ServiceAccount', name: 'deployer', namespace: NS }]));
  });

  it("of a Capsule Tenant are its owners (service-account owners included), even when bindings are unreadable", () => {
    const tenant: CapsuleTenantObject = { metadata: { name: 'oil' }, spec: { owners: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'system:serviceaccount:oil-dev:robot' }] } };
    const s = hardenedSnapshot({
      tenant: { name: 'oil', kind: 'capsule', namespaces: ['oil-dev'], virtualClusters: [] },
      namespaces: [namespaceSnapshot('oil-dev', { roleBindings: forbidden('list', 'rolebindings.rbac.authorization.k8s.io', 'oil-dev') })],
      capsuleTenant: known(tenant),
      capsuleInstalled: true,
    });
    assert.deepEqual(tenantSubjects(s), known([{ kind: 'ServiceAccount', name: 'robot', namespace: 'oil-dev' }, { kind: 'User', name: 'alice' }]));
  });

  it('are unknown while the bindings are', () => {
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { roleBindings: notLoaded('RoleBindings') })] });
    assert.deepEqual(tenantSubjects(s), { known: false, reason: 'RoleBindings not loaded yet' });
  });

  it('become identities as the API server sees them', () => {
    assert.deepEqual(identityOf({ kind: 'ServiceAccount', name: 'deployer', namespace: NS }), { user: 'system:serviceaccount:team-a:deployer', groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'] });
    assert.deepEqual(identityOf({ kind: 'User', name: 'alice' }), { user: 'alice', groups: ['system:authenticated'] });
  });
});

describe('access review plan', () => {
  it('asks, per subject, about relabelling, guardrails, escalation, creating workloads and cluster resources', () => {
    const plan = accessReviewPlan(hardenedSnapshot());
    const asked = plan.map((r) => `${r.purpose}: ${r.verb} ${r.resource}${r.name ? `/${r.name}` : ''}${r.namespace ? ` in ${r.namespace}` : ''}`);
    for (const q of ['relabel: patch namespaces/team-a in team-a', 'guardrail: delete resourcequotas in team-a', 'guardrail: patch networkpolicies/default-deny in team-a',
      'escalation: bind clusterroles/cluster-admin in team-a', 'eligibility: create pods in team-a', 'cluster: list nodes', 'cluster: create clusterrolebindings']) {
      assert.ok(asked.includes(q), q);
    }
    assert.ok(plan.every((r) => r.subject.kind === 'Group' && r.subject.name === GROUP));
    assert.equal(new Set(plan.map((r) => r.key)).size, plan.length, 'keys are unique');
  });

  it('writes SubjectAccessReview bodies', () => {
    const review = accessReviewPlan(hardenedSnapshot()).find((r) => r.resource === 'networkpolicies' && r.verb === 'delete');
    assert.ok(review);
    assert.deepEqual(subjectAccessReviewBody(review), {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user: 'kubevirt-workbench:tenant-probe', groups: [GROUP, 'system:authenticated'], resourceAttributes: { verb: 'delete', group: 'networking.k8s.io', resource: 'networkpolicies', namespace: NS, name: 'default-deny' } },
    });
  });
});

describe('unknown reasons', () => {
  it('say what could not be read and why', () => {
    assert.deepEqual(unknownFromStatus(403, { verb: 'list', resource: 'networkpolicies.networking.k8s.io', namespace: NS }), { known: false, reason: 'Forbidden (403): you may not list networkpolicies.networking.k8s.io in team-a' });
    assert.deepEqual(unknownFromStatus(401, { verb: 'list', resource: 'runtimeclasses.node.k8s.io' }), { known: false, reason: 'Unauthorized (401): the cluster did not accept your credentials to list runtimeclasses.node.k8s.io across the cluster' });
    assert.deepEqual(unknownFromStatus(500, { verb: 'list', resource: 'pods', namespace: NS }, 'etcd timeout'), { known: false, reason: 'Could not list pods in team-a (500: etcd timeout)' });
  });
});
