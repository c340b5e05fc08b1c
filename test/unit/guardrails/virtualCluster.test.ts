import * as assert from 'node:assert/strict';
import { auditTenant } from '../../../src/model/guardrails/audit';
import { known } from '../../../src/model/guardrails/known';
import type { NetworkPolicyObject } from '../../../src/model/guardrails/kinds';
import type { TenantSnapshot } from '../../../src/model/guardrails/snapshot';
import { tenantRef, virtualClusterChecks, virtualClustersIn } from '../../../src/model/guardrails/virtualCluster';
import { FULL_HARD, find, forbidden, hardenedSnapshot, limitRangeObject, namespaceSnapshot, pod, policy, quota } from './builders';

const HOST = 'vc-team-b';
const VC = 'team-b';

/** The vcluster control plane pod, as the chart's StatefulSet creates it. */
const controlPlane = pod(`${VC}-0`, () => {}, { name: `${VC}-0`, namespace: HOST, labels: { app: 'vcluster', release: VC } });
/** A pod the syncer created on the host for `web` in the virtual cluster's `default` namespace. */
const synced = (privileged = false) => pod(`web-x-default-x-${VC}`, (s) => { if (privileged) s.containers![0].securityContext = { privileged: true }; }, {
  name: `web-x-default-x-${VC}`, namespace: HOST,
  labels: { 'vcluster.loft.sh/managed-by': VC, 'vcluster.loft.sh/namespace': 'default', app: 'web' },
  annotations: { 'vcluster.loft.sh/object-name': 'web', 'vcluster.loft.sh/object-namespace': 'default', 'vcluster.loft.sh/object-kind': '/v1, Kind=Pod' },
});

/** The chart's policies.networkPolicy objects, abridged to their shape. */
const CHART_POLICIES: NetworkPolicyObject[] = [
  policy(`vc-work-${VC}`, {
    podSelector: { matchLabels: { 'vcluster.loft.sh/managed-by': VC } },
    policyTypes: ['Egress', 'Ingress'],
    egress: [
      { ports: [{ port: 1053, protocol: 'UDP' }, { port: 1053, protocol: 'TCP' }, { port: 8443, protocol: 'TCP' }], to: [{ podSelector: { matchLabels: { release: VC } } }] },
      { to: [{ podSelector: { matchLabels: { 'vcluster.loft.sh/managed-by': VC } } }] },
    ],
    ingress: [{ from: [{ podSelector: { matchLabels: { release: VC } } }] }, { from: [{ podSelector: { matchLabels: { 'vcluster.loft.sh/managed-by': VC } } }] }],
  }, HOST),
  policy(`vc-cp-${VC}`, {
    podSelector: { matchLabels: { release: VC } },
    policyTypes: ['Egress', 'Ingress'],
    egress: [
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }] },
      { ports: [{ port: 443, protocol: 'TCP' }, { port: 8443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] },
      { to: [{ podSelector: { matchLabels: { release: VC } } }] },
      { to: [{ podSelector: { matchLabels: { app: 'loft' } }, namespaceSelector: {} }] },
    ],
    ingress: [{ ports: [{ port: 8443, protocol: 'TCP' }] }, { from: [{ podSelector: { matchLabels: { release: VC } } }] }],
  }, HOST),
];

function vclusterSnapshot(patch: Parameters<typeof namespaceSnapshot>[1] = {}): TenantSnapshot {
  const ns = namespaceSnapshot(HOST, {
    pods: known([controlPlane, synced()]),
    virtualMachines: known([]),
    virtualMachineInstances: known([]),
    networkPolicies: known(CHART_POLICIES),
    resourceQuotas: known([quota(`vc-${VC}`, FULL_HARD, undefined, HOST)]),
    limitRanges: known([limitRangeObject(`vc-${VC}`, HOST)]),
    ...patch,
  });
  return hardenedSnapshot({ tenant: { name: HOST, kind: 'virtual-cluster', namespaces: [HOST], virtualClusters: [{ name: VC, namespace: HOST }] }, namespaces: [ns] });
}

describe('virtual clusters', () => {
  it('are found from the control plane pods, synced pods and the chart workload', () => {
    assert.deepEqual(virtualClustersIn(HOST, [controlPlane]), [{ name: VC, namespace: HOST }]);
    assert.deepEqual(virtualClustersIn(HOST, [synced()]), [{ name: VC, namespace: HOST }]);
    const statefulSet = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'other', namespace: HOST, labels: { app: 'vcluster', release: 'other' } } };
    assert.deepEqual(virtualClustersIn(HOST, [controlPlane, synced(), statefulSet]).map((v) => v.name), ['other', VC]);
    assert.deepEqual(virtualClustersIn(HOST, [pod('api')]), []);
  });

  it('turn a namespace tenant into a virtual-cluster tenant; a Capsule Tenant keeps its kind', () => {
    const hosted = [{ name: VC, namespace: HOST }];
    assert.deepEqual(tenantRef({ name: HOST, kind: 'namespace', namespaces: [HOST], system: false }, hosted), { name: HOST, kind: 'virtual-cluster', namespaces: [HOST], virtualClusters: hosted });
    assert.equal(tenantRef({ name: 'oil', kind: 'capsule', namespaces: ['oil-dev', HOST], system: false }, hosted).kind, 'capsule');
    assert.equal(tenantRef({ name: 'team-a', kind: 'namespace', namespaces: ['team-a'], system: false }, hosted).kind, 'namespace');
  });

  it("pass the policies check with the chart's quota, LimitRange and workload policy", () => {
    const [c] = virtualClusterChecks(vclusterSnapshot());
    assert.equal(c.verdict, 'pass');
    assert.equal(c.why, 'vcluster team-b in vc-team-b has its quota, LimitRange and workload NetworkPolicy');
  });

  it('warn with some policies missing and fail with none', () => {
    const [some] = virtualClusterChecks(vclusterSnapshot({ limitRanges: known([]) }));
    assert.equal(some.verdict, 'warn');
    assert.equal(some.why, 'vcluster team-b in vc-team-b lacks LimitRange vc-team-b');
    const [none] = virtualClusterChecks(vclusterSnapshot({ limitRanges: known([]), resourceQuotas: known([]), networkPolicies: known([]) }));
    assert.equal(none.verdict, 'fail');
  });

  it('are unknown when the host objects cannot be read, and the check does not apply elsewhere', () => {
    const [c] = virtualClusterChecks(vclusterSnapshot({ limitRanges: forbidden('list', 'limitranges', HOST) }));
    assert.equal(c.verdict, 'unknown');
    assert.deepEqual(virtualClusterChecks(hardenedSnapshot()), []);
  });

  it("are audited from the host: label-selected chart policies isolate today's pods, DNS on 1053 counts, the open API port is a warning", () => {
    const audit = auditTenant(vclusterSnapshot());
    assert.equal(find(audit.checks, 'netpol-default-deny').verdict, 'warn');
    assert.match(find(audit.checks, 'netpol-default-deny').why, /isolated by vc-work-team-b and vc-cp-team-b/);
    assert.equal(find(audit.checks, 'netpol-dns').verdict, 'pass');
    const wildcard = find(audit.checks, 'netpol-wildcard');
    assert.equal(wildcard.verdict, 'warn');
    assert.ok(wildcard.details.some((d) => /vc-cp-team-b allows egress to pods labelled app=loft in any namespace/.test(d)));
  });

  it('name a synced pod by its name inside the virtual cluster', () => {
    const audit = auditTenant(vclusterSnapshot({ pods: known([controlPlane, synced(true)]) }));
    assert.match(find(audit.checks, 'running-pods').why, /web-x-default-x-team-b \(default\/web in vcluster team-b\) \(privileged/);
  });
});
