import * as assert from 'node:assert/strict';
import { probeChecks } from '../../../src/model/guardrails/activeProbes';
import type { AuditPod } from '../../../src/model/guardrails/kinds';
import { known } from '../../../src/model/guardrails/known';
import { pssViolations } from '../../../src/model/guardrails/podSecurityStandards';
import { probeAnswerFromStatus, probePlan } from '../../../src/model/guardrails/probePlan';
import { SANDBOX_LABEL } from '../../../src/model/guardrails/snapshot';
import {
  EDIT_RBAC, FENCED_RBAC, NS, PSA_REFUSAL, RESTRICTED_LABELS, find, forbidden, hardenedAdmission, hardenedSnapshot, namespace, namespaceSnapshot, withProbes, withReviews,
} from './builders';

describe('active probe plan', () => {
  it('acts as the first tenant subject RBAC lets create pods, with dry-run bodies that break exactly one rule', () => {
    const plan = probePlan(withReviews(hardenedSnapshot(), FENCED_RBAC));
    assert.deepEqual(plan.map((p) => `${p.kind} ${p.action} ${p.target.resource}`), ['control-pod create pods', 'privileged-pod create pods', 'hostpath-pod create pods', 'nodeport-service create services']);
    const [control, privileged, hostPath, nodePort] = plan;
    assert.deepEqual(pssViolations(control.body as AuditPod), []);
    assert.deepEqual(privileged.identity, { user: 'kubevirt-workbench:tenant-probe', groups: ['team-a-devs', 'system:authenticated'] });
    assert.deepEqual(pssViolations(privileged.body as AuditPod).filter((v) => v.level === 'baseline').map((v) => v.rule), ['privileged']);
    assert.deepEqual(pssViolations(hostPath.body as AuditPod).map((v) => v.rule), ['hostPath volume']);
    assert.equal((nodePort.body as { spec: { type: string } }).spec.type, 'NodePort');
  });

  it('adds an unsandboxed pod that meets restricted where sandboxing is required', () => {
    const s = withReviews(hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { namespace: known(namespace(NS, { ...RESTRICTED_LABELS, [SANDBOX_LABEL]: 'required' })) })] }), FENCED_RBAC);
    const probe = probePlan(s).find((p) => p.kind === 'unsandboxed-pod');
    assert.ok(probe);
    assert.deepEqual(pssViolations(probe.body as AuditPod), []);
    const control = probePlan(s).find((p) => p.kind === 'control-pod');
    assert.equal((control?.body as AuditPod).spec?.runtimeClassName, 'kata-fc', 'the control pod is sandboxed where sandboxing is required');
  });

  it('patches the guardrails a tenant may edit by RBAC, to see whether admission stops it', () => {
    const patches = probePlan(withReviews(hardenedSnapshot(), EDIT_RBAC)).filter((p) => p.action === 'patch');
    assert.deepEqual(patches.map((p) => `${p.kind} ${p.target.resource}/${p.target.name}`), ['guardrail-patch networkpolicies/default-deny']);
    assert.deepEqual(patches[0].body, { metadata: { annotations: { 'kubevirt-workbench.io/probe': 'dry-run' } } });
  });

  it('tries with the first subject while reviews are unknown, and plans nothing while subjects are', () => {
    const unsure = probePlan(hardenedSnapshot({ accessReviews: forbidden('create', 'subjectaccessreviews.authorization.k8s.io') }));
    assert.ok(unsure.some((p) => p.kind === 'namespace-relabel'));
    assert.deepEqual(probePlan(hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { roleBindings: forbidden('list', 'rolebindings.rbac.authorization.k8s.io', NS) })] })), []);
  });
});

describe('probe answers', () => {
  it('reads admission refusals as refused, impersonation refusals and server errors as not judged', () => {
    assert.equal(probeAnswerFromStatus('k', 201, '').outcome, 'admitted');
    assert.equal(probeAnswerFromStatus('k', 403, PSA_REFUSAL).outcome, 'refused');
    assert.equal(probeAnswerFromStatus('k', 422, "ValidatingAdmissionPolicy 'x' with binding 'x' denied request: no").outcome, 'refused');
    const impersonation = probeAnswerFromStatus('k', 403, 'users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope');
    assert.equal(impersonation.outcome, 'error');
    assert.equal(probeAnswerFromStatus('k', 422, 'Pod "x" is invalid: spec.containers[0].image: Required value').outcome, 'error');
    assert.equal(probeAnswerFromStatus('k', 500, 'etcdserver: request timed out').outcome, 'error');
  });
});

describe('active probe checks', () => {
  const fenced = withReviews(hardenedSnapshot(), FENCED_RBAC);

  it('pass when Pod Security and the NodePort quota refuse the dry runs', () => {
    const checks = probeChecks(withProbes(fenced, hardenedAdmission));
    assert.deepEqual(checks.map((c) => c.verdict), ['pass', 'pass', 'pass']);
    assert.equal(find(checks, 'probe-privileged-pod').why, 'team-a refuses a privileged pod: Pod Security admission (dry run as Group team-a-devs)');
    assert.equal(find(checks, 'probe-nodeport-service').why, 'team-a refuses a NodePort Service: quota (dry run as Group team-a-devs)');
  });

  it('fail when the dry runs are admitted, with fixes', () => {
    const checks = probeChecks(withProbes(fenced, () => ({ outcome: 'admitted' })));
    assert.deepEqual(checks.map((c) => c.verdict), ['fail', 'fail', 'fail']);
    assert.equal(find(checks, 'probe-hostpath-pod').why, 'team-a admits a hostPath pod (dry run as Group team-a-devs)');
    assert.deepEqual(find(checks, 'probe-nodeport-service').fixes, [{ kind: 'resourceQuota', namespace: NS, keys: ['services.nodeports'] }]);
  });

  it('fix an unlabelled namespace with Pod Security labels, but send a person to the exemptions where it already enforces', () => {
    const unlabelled = withReviews(hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { namespace: known(namespace(NS)) })] }), FENCED_RBAC);
    const fix = find(probeChecks(withProbes(unlabelled, () => ({ outcome: 'admitted' }))), 'probe-privileged-pod').fixes[0] as { kind: string; labels: Record<string, string> };
    assert.equal(fix.kind, 'namespaceLabels');
    assert.equal(fix.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    const exempted = find(probeChecks(withProbes(fenced, () => ({ outcome: 'admitted' }))), 'probe-privileged-pod').fixes[0] as { kind: string; text: string };
    assert.equal(exempted.kind, 'manual');
    assert.match(exempted.text, /team-a enforces restricted yet admitted the pod: look for Pod Security exemptions/);
  });

  it('stay unknown when a pod is refused only for quota, or impersonation was refused', () => {
    const quotaOnly = probeChecks(withProbes(fenced, () => ({ outcome: 'refused', code: 403, message: 'pods "x" is forbidden: exceeded quota: tenant-quota, requested: pods=1, used: pods=40, limited: pods=40' })));
    assert.equal(find(quotaOnly, 'probe-privileged-pod').verdict, 'unknown');
    assert.match(find(quotaOnly, 'probe-privileged-pod').why, /only for its quota/);
    const noImpersonation = probeChecks({ ...fenced, probes: { known: false, reason: 'not permitted to impersonate the tenant' } });
    assert.deepEqual(noImpersonation.map((c) => c.verdict), ['unknown', 'unknown', 'unknown']);
    assert.match(noImpersonation[0].why, /not permitted to impersonate/);
  });

  it('stay unknown when a harmless control pod is refused too, as by a registry rule', () => {
    const registry = 'admission webhook "pod.projectcapsule.dev" denied the request: Container image registry.k8s.io/pause:3.10 registry is forbidden for the current Tenant';
    const checks = probeChecks(withProbes(fenced, (p) => (p.kind === 'nodeport-service' ? hardenedAdmission(p) : { outcome: 'refused', code: 403, message: registry })));
    assert.equal(find(checks, 'probe-privileged-pod').verdict, 'unknown');
    assert.match(find(checks, 'probe-privileged-pod').why, /but a harmless control pod was refused too \(an admission webhook: /);
    assert.equal(find(checks, 'probe-nodeport-service').verdict, 'pass');
  });

  it('pass when no tenant subject may create pods at all', () => {
    const checks = probeChecks(withReviews(hardenedSnapshot(), () => false));
    assert.equal(find(checks, 'probe-privileged-pod').why, 'team-a: no tenant subject may create pods at all');
  });
});
