import * as assert from 'node:assert/strict';
import { known } from '../../../src/model/guardrails/known';
import { podSecurityChecks, recommendedLevel } from '../../../src/model/guardrails/podSecurity';
import type { TenantSnapshot } from '../../../src/model/guardrails/snapshot';
import { FENCED_RBAC, NS, find, forbidden, hardenedSnapshot, namespace, namespaceSnapshot, pod, withProbes, withReviews } from './builders';

const checks = (s: TenantSnapshot) => podSecurityChecks(s);
const labelled = (labels: Record<string, string>) => hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { namespace: known(namespace(NS, labels)) })] });

describe('Pod Security admission label', () => {
  it('passes restricted', () => {
    assert.equal(find(checks(hardenedSnapshot()), 'psa-enforce').verdict, 'pass');
  });

  it('warns on baseline, offering restricted when every running pod already meets it', () => {
    const c = find(checks(labelled({ 'pod-security.kubernetes.io/enforce': 'baseline' })), 'psa-enforce');
    assert.equal(c.verdict, 'warn');
    assert.match(c.why, /team-a enforces baseline/);
    assert.deepEqual(c.fixes, [{ kind: 'namespaceLabels', namespace: NS, labels: {
      'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/audit-version': 'latest',
    } }]);
  });

  it('fails without an enforce label, with privileged, or with a misspelt level', () => {
    for (const [labels, why] of [[{}, /no pod-security.kubernetes.io\/enforce label/], [{ 'pod-security.kubernetes.io/enforce': 'privileged' }, /enforces privileged/], [{ 'pod-security.kubernetes.io/enforce': 'restriced' }, /invalid enforce label "restriced"/]] as const) {
      const c = find(checks(labelled(labels)), 'psa-enforce');
      assert.equal(c.verdict, 'fail');
      assert.match(c.why, why);
    }
  });

  it('is unknown when the namespace cannot be read', () => {
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { namespace: forbidden('get', 'namespaces') })] });
    const c = find(checks(s), 'psa-enforce');
    assert.equal(c.verdict, 'unknown');
    assert.match(c.why, /Forbidden \(403\)/);
  });

  it('recommends baseline while pods break restricted, or VMs run with no launcher to judge', () => {
    const rootPod = namespaceSnapshot(NS, { pods: known([pod('legacy', (s) => { s.securityContext = { seccompProfile: { type: 'RuntimeDefault' } }; })]) });
    assert.equal(recommendedLevel(rootPod), 'baseline');
    assert.equal(recommendedLevel(namespaceSnapshot(NS, { pods: known([pod('api')]) })), 'baseline', 'VM db has no visible launcher');
    assert.equal(recommendedLevel(namespaceSnapshot()), 'restricted');
  });
});

describe('tenant cannot relabel its namespace', () => {
  it('passes when RBAC denies update and patch on the namespace', () => {
    assert.equal(find(checks(withReviews(hardenedSnapshot(), FENCED_RBAC)), 'psa-relabel').verdict, 'pass');
  });

  it('fails when RBAC lets the tenant patch it and a dry run is admitted', () => {
    const s = withReviews(hardenedSnapshot(), (r) => r.resource === 'namespaces' && r.verb === 'patch');
    const c = find(checks(withProbes(s, () => ({ outcome: 'admitted' }))), 'psa-relabel');
    assert.equal(c.verdict, 'fail');
    assert.equal(c.why, "Group team-a-devs may patch namespace team-a's labels (a dry-run patch was admitted)");
  });

  it('passes when RBAC allows it but an admission webhook refuses the dry run', () => {
    const s = withReviews(hardenedSnapshot(), (r) => r.resource === 'namespaces');
    const c = find(checks(withProbes(s, () => ({ outcome: 'refused', code: 403, message: 'admission webhook "namespaces.projectcapsule.dev" denied the request: label pod-security.kubernetes.io/enforce is forbidden' }))), 'psa-relabel');
    assert.equal(c.verdict, 'pass');
    assert.match(c.why, /an admission webhook refused a dry-run patch/);
  });

  it('is unknown when access reviews may not be made', () => {
    const s = hardenedSnapshot({ accessReviews: forbidden('create', 'subjectaccessreviews.authorization.k8s.io') });
    const c = find(checks(s), 'psa-relabel');
    assert.equal(c.verdict, 'unknown');
    assert.match(c.why, /Group team-a-devs.*Forbidden \(403\): you may not create subjectaccessreviews/);
  });
});

describe('running pods against the namespace level', () => {
  it('passes when every running pod meets restricted, ignoring finished ones', () => {
    const done = pod('migrate-db', (s) => { s.securityContext = {}; });
    done.status = { phase: 'Succeeded' };
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { pods: known([pod('api'), done]) })] });
    const c = find(checks(s), 'running-pods');
    assert.equal(c.verdict, 'pass');
    assert.equal(c.why, '1 running pod in team-a meets restricted');
  });

  it('fails on a privileged pod whatever the label says, naming it and its violations', () => {
    const priv = pod('debug', (s) => { s.containers![0].securityContext = { privileged: true }; });
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { namespace: known(namespace(NS)), pods: known([pod('api'), priv]) })] });
    const c = find(checks(s), 'running-pods');
    assert.equal(c.verdict, 'fail');
    assert.match(c.why, /^1 running pod in team-a breaks baseline: debug \(privileged,/);
    assert.equal((c.fixes[0] as { kind: string }).kind, 'manual');
  });

  it('fails when pods break a restricted namespace, and warns when they only miss restricted in a baseline one', () => {
    const rooty = pod('legacy', (s) => { s.containers![0].securityContext = {}; });
    const restricted = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { pods: known([rooty]) })] });
    assert.equal(find(checks(restricted), 'running-pods').verdict, 'fail');
    const baseline = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { namespace: known(namespace(NS, { 'pod-security.kubernetes.io/enforce': 'baseline' })), pods: known([rooty]) })] });
    const c = find(checks(baseline), 'running-pods');
    assert.equal(c.verdict, 'warn');
    assert.match(c.why, /meets baseline but not restricted: legacy \(allows privilege escalation, capabilities not dropped\)/);
  });

  it('is unknown when pods cannot be listed', () => {
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { pods: forbidden('list', 'pods', NS) })] });
    const c = find(checks(s), 'running-pods');
    assert.equal(c.verdict, 'unknown');
    assert.equal(c.why, 'cannot read pods in team-a (Forbidden (403): you may not list pods in team-a)');
  });
});
