import * as assert from 'node:assert/strict';
import { auditTenant } from '../../../src/model/guardrails/audit';
import { CHECKS } from '../../../src/model/guardrails/catalog';
import { known } from '../../../src/model/guardrails/known';
import { describeIsolation, summarize } from '../../../src/model/guardrails/summary';
import type { TenantSnapshot } from '../../../src/model/guardrails/snapshot';
import { FENCED_RBAC, NS, find, forbidden, hardenedAdmission, hardenedSnapshot, kataPod, launcher, namespaceSnapshot, pod, vm, vmi, withProbes, withReviews } from './builders';

/** Everything a user without any read rights would get: 403 on every list, no reviews, no impersonation. */
function forbiddenEverywhere(): TenantSnapshot {
  const ns = namespaceSnapshot(NS, {
    namespace: forbidden('get', 'namespaces'),
    pods: forbidden('list', 'pods', NS),
    virtualMachines: forbidden('list', 'virtualmachines.kubevirt.io', NS),
    virtualMachineInstances: forbidden('list', 'virtualmachineinstances.kubevirt.io', NS),
    networkPolicies: forbidden('list', 'networkpolicies.networking.k8s.io', NS),
    resourceQuotas: forbidden('list', 'resourcequotas', NS),
    limitRanges: forbidden('list', 'limitranges', NS),
    roles: forbidden('list', 'roles.rbac.authorization.k8s.io', NS),
    roleBindings: forbidden('list', 'rolebindings.rbac.authorization.k8s.io', NS),
  });
  return hardenedSnapshot({
    namespaces: [ns],
    clusterRoles: forbidden('list', 'clusterroles.rbac.authorization.k8s.io'),
    clusterRoleBindings: forbidden('list', 'clusterrolebindings.rbac.authorization.k8s.io'),
    runtimeClasses: forbidden('list', 'runtimeclasses.node.k8s.io'),
    accessReviews: forbidden('create', 'subjectaccessreviews.authorization.k8s.io'),
    probes: { known: false, reason: "not permitted to impersonate the tenant's users, groups or service accounts" },
  });
}

describe('the tenant audit', () => {
  it('passes every check of a hardened tenant, in catalog order', () => {
    const audit = auditTenant(withProbes(withReviews(hardenedSnapshot(), FENCED_RBAC), hardenedAdmission));
    assert.deepEqual(audit.checks.map((c) => c.id), CHECKS.map((c) => c.id).filter((id) => id !== 'vcluster-policies'));
    assert.deepEqual(audit.checks.filter((c) => c.verdict !== 'pass').map((c) => `${c.id}: ${c.why}`), []);
    assert.equal(audit.summary.phrase, 'hardened');
  });

  it('never passes by default: a user who may read nothing gets every check unknown, each saying what was refused', () => {
    const audit = auditTenant(forbiddenEverywhere());
    assert.deepEqual(audit.checks.filter((c) => c.verdict !== 'unknown').map((c) => c.id), []);
    for (const c of audit.checks) assert.match(c.why, /Forbidden \(403\)|not permitted/, c.id);
    assert.equal(audit.summary.phrase, `${audit.checks.length} unknown`);
    assert.deepEqual(audit.isolation, { known: false, reason: 'Forbidden (403): you may not list pods in team-a' });
  });

  it('judges each namespace of a Capsule Tenant: one failing namespace fails the check, an unreadable one is named', () => {
    const dev = namespaceSnapshot('oil-dev');
    const prod = namespaceSnapshot('oil-prod', { networkPolicies: known([]) });
    const hidden = namespaceSnapshot('oil-test', { networkPolicies: forbidden('list', 'networkpolicies.networking.k8s.io', 'oil-test') });
    const s = hardenedSnapshot({ tenant: { name: 'oil', kind: 'capsule', namespaces: ['oil-dev', 'oil-prod', 'oil-test'], virtualClusters: [] }, namespaces: [dev, prod, hidden] });
    const c = find(auditTenant(s).checks, 'netpol-default-deny');
    assert.equal(c.verdict, 'fail', 'a certain failure outranks an unknown');
    assert.equal(c.why, 'oil-prod has no default-deny NetworkPolicy for ingress and egress');
    const withoutProd = find(auditTenant({ ...s, namespaces: [dev, hidden] }).checks, 'netpol-default-deny');
    assert.equal(withoutProd.verdict, 'unknown', 'an unreadable namespace may hide a failure');
  });

  it('says so when a tenant has no namespaces to judge, rather than passing', () => {
    const empty = auditTenant(hardenedSnapshot({ tenant: { name: 'gas', kind: 'capsule', namespaces: [], virtualClusters: [] }, namespaces: [] }));
    assert.equal(find(empty.checks, 'psa-enforce').verdict, 'unknown');
    assert.equal(find(empty.checks, 'psa-enforce').why, 'the tenant has no namespaces to check');
  });
});

describe('tenant summaries', () => {
  const result = (verdict: 'pass' | 'warn' | 'fail' | 'unknown') => ({ ...CHECKS[0], verdict, why: '', details: [], fixes: [] });

  it('put the most serious verdict first', () => {
    assert.equal(summarize([result('fail'), result('fail'), result('unknown'), result('pass')]).phrase, '2 failing guardrails');
    assert.equal(summarize([result('warn'), result('unknown'), result('unknown')]).phrase, '2 unknown');
    assert.equal(summarize([result('warn'), result('pass')]).phrase, '1 warning');
    assert.equal(summarize([result('pass')]).phrase, 'hardened');
    const s = summarize([result('fail'), result('warn'), result('unknown'), result('pass'), result('pass')]);
    assert.equal(s.worst, 'fail');
    assert.equal(s.detail, '1 failing · 1 warning · 1 unknown · 2 passing');
    assert.deepEqual(s.counts, { pass: 2, warn: 1, fail: 1, unknown: 1 });
  });

  it('count containers, microVM pods per runtime, gVisor pods and VMs, leaving launchers to their VM', () => {
    const pods = known([pod('api'), kataPod('web'), kataPod('batch', 'kata-qemu'), kataPod('web-2'), pod('gv', (s) => { s.runtimeClassName = 'gvisor'; }), launcher('db')]);
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { pods, virtualMachines: known([vm('db')]), virtualMachineInstances: known([vmi('db'), vmi('scratch')]) })] });
    const isolation = auditTenant(s).isolation;
    assert.ok(isolation.known);
    assert.deepEqual(isolation.value, { containers: 1, microvms: [{ runtime: 'Kata Firecracker', count: 2 }, { runtime: 'Kata QEMU', count: 1 }], sandboxed: 1, vms: 2 });
    assert.equal(describeIsolation(isolation.value), '2 VMs · 3 microVM pods (2 Kata Firecracker, 1 Kata QEMU) · 1 gVisor pod · 1 container');
  });
});
