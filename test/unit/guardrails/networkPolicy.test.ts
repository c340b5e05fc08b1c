import * as assert from 'node:assert/strict';
import { known } from '../../../src/model/guardrails/known';
import type { NetworkPolicyObject } from '../../../src/model/guardrails/kinds';
import { networkPolicyChecks } from '../../../src/model/guardrails/networkPolicy';
import { DNS_RULE, NS, defaultDeny, find, forbidden, hardenedSnapshot, namespaceSnapshot, pod, policy } from './builders';

const run = (policies: NetworkPolicyObject[], extra: Parameters<typeof namespaceSnapshot>[1] = {}) =>
  networkPolicyChecks(hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { networkPolicies: known(policies), ...extra })] }));

describe('default-deny NetworkPolicy', () => {
  it('passes a policy selecting every pod with no ingress rules and DNS-only egress', () => {
    const c = find(run([defaultDeny()]), 'netpol-default-deny');
    assert.equal(c.verdict, 'pass');
    assert.equal(c.why, 'team-a: default-deny denies ingress and egress by default');
  });

  it('passes separate ingress and egress deny policies (egress typed by its rules when policyTypes is left out)', () => {
    const c = find(run([policy('deny-in', { podSelector: {} }), policy('deny-out', { podSelector: {}, egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }] })]), 'netpol-default-deny');
    assert.equal(c.verdict, 'pass');
    assert.match(c.why, /deny-in and deny-out deny/);
  });

  it('fails with no policies, or with only an ingress default deny', () => {
    const none = find(run([]), 'netpol-default-deny');
    assert.equal(none.verdict, 'fail');
    assert.equal(none.why, 'team-a has no default-deny NetworkPolicy for ingress and egress');
    assert.deepEqual(none.fixes, [{ kind: 'defaultDenyPolicy', namespace: NS }]);
    const ingressOnly = find(run([policy('deny-in', { podSelector: {}, policyTypes: ['Ingress'] })]), 'netpol-default-deny');
    assert.equal(ingressOnly.verdict, 'fail');
    assert.match(ingressOnly.why, /for egress$/);
  });

  it('does not count a namespace-wide policy that allows traffic as a deny', () => {
    const allowAll = policy('allow-cluster', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ namespaceSelector: {} }] }], egress: [{}] });
    assert.equal(find(run([allowAll]), 'netpol-default-deny').verdict, 'fail');
  });

  it('warns when label-selected policies isolate every current pod but nothing covers new ones', () => {
    const pods = known([pod('api'), pod('worker', () => {}, { labels: { app: 'api' } })]);
    const perApp = policy('api-only', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress', 'Egress'], egress: [DNS_RULE] });
    const c = find(run([perApp], { pods }), 'netpol-default-deny');
    assert.equal(c.verdict, 'warn');
    assert.match(c.why, /current pods are isolated by api-only, new pods with other labels would not be/);
  });

  it('is unknown when NetworkPolicies cannot be listed', () => {
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { networkPolicies: forbidden('list', 'networkpolicies.networking.k8s.io', NS) })] });
    for (const id of ['netpol-default-deny', 'netpol-dns', 'netpol-wildcard']) assert.equal(find(networkPolicyChecks(s), id).verdict, 'unknown', id);
  });
});

describe('DNS egress exception', () => {
  it('passes when the deny policy lets every pod reach kube-dns', () => {
    assert.equal(find(run([defaultDeny()]), 'netpol-dns').verdict, 'pass');
  });

  it('warns when egress is denied with no DNS rule', () => {
    const c = find(run([policy('deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })]), 'netpol-dns');
    assert.equal(c.verdict, 'warn');
    assert.equal(c.why, 'team-a restricts egress but no rule lets all its pods reach DNS on UDP 53');
    assert.deepEqual(c.fixes, [{ kind: 'dnsEgressPolicy', namespace: NS }]);
  });

  it('passes with the DNS exception in a separate namespace-wide policy, named or by port range', () => {
    const deny = policy('deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    assert.equal(find(run([deny, policy('dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 'dns' }] }] })]), 'netpol-dns').verdict, 'pass');
    assert.equal(find(run([deny, policy('low-ports', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 1, endPort: 1024 }] }] })]), 'netpol-dns').verdict, 'pass');
  });

  it('passes when egress is not restricted at all, saying so', () => {
    const c = find(run([]), 'netpol-dns');
    assert.equal(c.verdict, 'pass');
    assert.match(c.why, /not restricted, so DNS is reachable/);
  });
});

describe('wildcard peers', () => {
  it('passes narrow peers', () => {
    const narrow = policy('from-ingress', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }] }] });
    assert.equal(find(run([defaultDeny(), narrow]), 'netpol-wildcard').verdict, 'pass');
  });

  it('fails on namespaceSelector: {} alone, 0.0.0.0/0 and a rule with no peers or ports', () => {
    const cases: [NetworkPolicyObject, RegExp][] = [
      [policy('from-everywhere', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] }), /from-everywhere allows ingress from every pod in every namespace/],
      [policy('internet', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }), /internet allows egress to 0\.0\.0\.0\/0/],
      [policy('allow-all', { podSelector: {}, ingress: [{}] }), /allow-all allows all ingress traffic/],
    ];
    for (const [p, why] of cases) {
      const c = find(run([defaultDeny(), p]), 'netpol-wildcard');
      assert.equal(c.verdict, 'fail', p.metadata.name);
      assert.match(c.why, why);
      assert.equal((c.fixes[0] as { kind: string }).kind, 'manual');
    }
  });

  it('warns on narrower wildcards: any namespace with a pod label, the internet minus private ranges, any source on one port', () => {
    const cases: [NetworkPolicyObject, RegExp][] = [
      [policy('monitoring', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'prometheus' } } }] }] }), /pods labelled app=prometheus in any namespace/],
      [policy('public-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }] }] }), /0\.0\.0\.0\/0 except 10\.0\.0\.0\/8/],
      [policy('api-port', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ protocol: 'TCP', port: 8443 }] }] }), /api-port allows ingress from anywhere on TCP 8443/],
    ];
    for (const [p, why] of cases) {
      const c = find(run([defaultDeny(), p]), 'netpol-wildcard');
      assert.equal(c.verdict, 'warn', p.metadata.name);
      assert.match(c.why, why);
    }
  });

  it('does not count a DNS-only egress rule without peers as a wildcard', () => {
    const dns = policy('dns-anywhere', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }] });
    assert.equal(find(run([defaultDeny(), dns]), 'netpol-wildcard').verdict, 'pass');
  });
});
