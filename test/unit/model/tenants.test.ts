import * as assert from 'node:assert/strict';
import { capsuleTenantOf, filterSystemNamespaces, groupTenants, isSystemNamespace } from '../../../src/model/tenants';

describe('system namespaces', () => {
  it('recognises infrastructure namespaces by name and prefix', () => {
    for (const n of ['kube-system', 'kube-public', 'kube-node-lease', 'kubevirt', 'kubevirt-hyperconverged', 'cdi', 'openshift',
      'openshift-monitoring', 'capsule-system', 'cert-manager', 'local-path-storage']) {
      assert.ok(isSystemNamespace(n), n);
    }
  });

  it('leaves user namespaces alone, including ones that merely contain a system word', () => {
    for (const n of ['default', 'team-a', 'my-kubevirt', 'kubernetes-lab', 'cdi2', 'openshiftish']) assert.ok(!isSystemNamespace(n), n);
  });

  it('filters only when system namespaces are hidden', () => {
    const all = ['default', 'kube-system', 'team-a', 'kubevirt'];
    assert.deepEqual(filterSystemNamespaces(all, false), ['default', 'team-a']);
    assert.deepEqual(filterSystemNamespaces(all, true), all);
  });
});

describe('tenant grouping', () => {
  const capsule = [
    { name: 'oil', namespaces: ['oil-dev', 'oil-prod'] },
    { name: 'gas', namespaces: ['gas-dev'] },
    { name: 'empty', namespaces: [] },
  ];

  it('groups namespaces under their Capsule Tenant and keeps the rest as namespace tenants', () => {
    const tenants = groupTenants(['default', 'oil-dev', 'oil-prod', 'gas-dev', 'loose', 'kube-system'], capsule, false);
    assert.deepEqual(tenants, [
      { name: 'default', kind: 'namespace', namespaces: ['default'], system: false },
      { name: 'empty', kind: 'capsule', namespaces: [], system: false },
      { name: 'gas', kind: 'capsule', namespaces: ['gas-dev'], system: false },
      { name: 'loose', kind: 'namespace', namespaces: ['loose'], system: false },
      { name: 'oil', kind: 'capsule', namespaces: ['oil-dev', 'oil-prod'], system: false },
    ]);
  });

  it('shows system namespaces as flagged tenants when asked', () => {
    const tenants = groupTenants(['kube-system', 'team-a'], [], true);
    assert.deepEqual(tenants.map((t) => [t.name, t.system]), [['kube-system', true], ['team-a', false]]);
  });

  it('keeps only the visible namespaces of a Tenant and drops a Tenant with none visible', () => {
    const tenants = groupTenants(['oil-dev'], capsule, false);
    assert.deepEqual(tenants.map((t) => [t.name, t.namespaces]), [['empty', []], ['oil', ['oil-dev']]]);
  });

  it('never lists a claimed namespace a second time on its own', () => {
    const tenants = groupTenants(['oil-dev', 'oil-prod'], capsule, true);
    assert.equal(tenants.filter((t) => t.namespaces.includes('oil-dev')).length, 1);
  });

  it('reads status.namespaces of a Capsule Tenant object, tolerating a missing status', () => {
    assert.deepEqual(capsuleTenantOf({ metadata: { name: 'oil' }, status: { namespaces: ['b', 'a', 'a', 7] } }), { name: 'oil', namespaces: ['a', 'b'] });
    assert.deepEqual(capsuleTenantOf({ metadata: { name: 'new' } }), { name: 'new', namespaces: [] });
  });
});
