import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { hardenTenant } from '../../../src/model/generators/harden';
import { sizeQuota } from '../../../src/model/generators/quotaSizing';
import { generateTenant } from '../../../src/model/generators/tenant';
import { auditTenant } from '../../../src/model/guardrails/audit';
import type { CapsuleTenantObject, LimitRangeObject, NetworkPolicyObject, ResourceQuotaObject } from '../../../src/model/guardrails/kinds';
import { known } from '../../../src/model/guardrails/known';
import { SANDBOX_LABEL, type NamespaceSnapshot, type TenantSnapshot } from '../../../src/model/guardrails/snapshot';
import type { KubeObject } from '../../../src/model/kubeObject';
import { FULL_HARD, GROUP, NS, find, hardenedSnapshot, kataPod, launcher, namespace, namespaceSnapshot, pod, quota, roleBinding, vm, vmi } from './builders';

/** What the cluster would hold after a server-side apply of the plan: labels and quota keys merge, objects replace by name. */
function applied(s: TenantSnapshot, objects: readonly KubeObject[]): TenantSnapshot {
  const byName = <T extends KubeObject>(list: { known: boolean; value?: T[] }, o: T): T[] => [...(list.known ? (list.value ?? []) : []).filter((x) => x.metadata.name !== o.metadata.name), o];
  let capsuleTenant = s.capsuleTenant;
  const namespaces = s.namespaces.map((ns): NamespaceSnapshot => {
    let next = { ...ns };
    for (const o of objects.filter((x) => x.metadata.namespace === ns.name || (x.kind === 'Namespace' && x.metadata.name === ns.name))) {
      if (o.kind === 'Namespace' && next.namespace.known) {
        next = { ...next, namespace: known({ ...next.namespace.value, metadata: { ...next.namespace.value.metadata, labels: { ...next.namespace.value.metadata.labels, ...o.metadata.labels } } }) };
      } else if (o.kind === 'ResourceQuota') {
        const current = next.resourceQuotas.known ? next.resourceQuotas.value.find((q) => q.metadata.name === o.metadata.name) : undefined;
        const q = o as ResourceQuotaObject;
        const merged: ResourceQuotaObject = current ? { ...current, spec: { ...current.spec, hard: { ...current.spec?.hard, ...q.spec?.hard } } } : q;
        next = { ...next, resourceQuotas: known(byName(next.resourceQuotas, merged)) };
      } else if (o.kind === 'LimitRange') next = { ...next, limitRanges: known(byName(next.limitRanges, o as LimitRangeObject)) };
      else if (o.kind === 'NetworkPolicy') next = { ...next, networkPolicies: known(byName(next.networkPolicies, o as NetworkPolicyObject)) };
    }
    return next;
  });
  const tenantRule = objects.find((o) => o.kind === 'Tenant') as CapsuleTenantObject | undefined;
  if (tenantRule && capsuleTenant?.known) capsuleTenant = known({ ...capsuleTenant.value, spec: { ...capsuleTenant.value.spec, ...tenantRule.spec } });
  return { ...s, namespaces, ...(capsuleTenant ? { capsuleTenant } : {}) };
}

/** A namespace created from outside: no labels, no policies, no quota, no LimitRange; its workloads behave. */
const bare = (pods = [pod('api'), kataPod('web'), launcher('db')]) => hardenedSnapshot({
  namespaces: [namespaceSnapshot(NS, { namespace: known(namespace(NS)), pods: known(pods), networkPolicies: known([]), resourceQuotas: known([]), limitRanges: known([]) })],
});

const CONFIG_CHECKS = ['psa-enforce', 'netpol-default-deny', 'netpol-dns', 'netpol-wildcard', 'quota-compute', 'quota-objects', 'limit-range', 'migration-headroom'];

describe('Harden Tenant…', () => {
  it('generates what an unguarded namespace lacks, and after applying it those checks pass', () => {
    const s = bare();
    const before = auditTenant(s);
    assert.deepEqual(CONFIG_CHECKS.filter((id) => find(before.checks, id).verdict === 'fail'), ['psa-enforce', 'netpol-default-deny', 'quota-compute', 'quota-objects', 'limit-range']);
    const plan = hardenTenant(s, before);
    assert.deepEqual(plan.objects.map((o) => `${o.kind}/${o.metadata.name}`), ['Namespace/team-a', 'ResourceQuota/tenant-quota', 'LimitRange/tenant-defaults', 'NetworkPolicy/default-deny-allow-dns']);
    assert.equal(plan.objects[0].metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted', 'every running pod already meets restricted');
    const after = auditTenant(applied(s, plan.objects));
    assert.deepEqual(CONFIG_CHECKS.map((id) => `${id}: ${find(after.checks, id).verdict}`), CONFIG_CHECKS.map((id) => `${id}: pass`));
  });

  it('writes YAML that parses back to the same objects, each commented with the checks it fixes and how the quota was sized', () => {
    const s = bare();
    const plan = hardenTenant(s, auditTenant(s));
    const docs = parseAllDocuments(plan.yaml).map((d) => d.toJS());
    assert.deepEqual(docs, plan.objects);
    assert.match(plan.yaml, /^# Fixes: psa-enforce\.\n# Pod Security: enforce restricted/);
    assert.match(plan.yaml, /# Fixes: quota-compute, quota-objects\.\n# Sized from current usage:\n# {3}requests\.cpu 1700m: 950m in use × 1\.25 \+ 200m to live-migrate VM db \+ 250m for one more sandboxed pod's overhead, rounded up, at least 1\n/);
    assert.match(plan.yaml, /# {3}services\.nodeports 0: no NodePort Services/);
  });

  it('sizes memory from usage, the largest VM launcher and sandbox overhead', () => {
    const s = bare();
    const sizing = sizeQuota(s, s.namespaces[0], ['requests.memory', 'limits.memory', 'pods', 'services.loadbalancers']);
    // 2996Mi used × 1.25 = 3745Mi, + 2354Mi second launcher, + 130Mi kata-fc overhead = 6229Mi → 6400Mi (256Mi steps);
    // limits: 3508Mi × 1.25 + 2354Mi + 130Mi = 6869Mi → 6912Mi.
    assert.deepEqual(sizing.hard, { 'requests.memory': '6400Mi', 'limits.memory': '6912Mi', pods: '10', 'services.loadbalancers': '0' });
    assert.match(sizing.explain[0], /2996Mi in use × 1\.25 \+ 2354Mi to live-migrate VM db \+ 130Mi for one more sandboxed pod's overhead/);
  });

  it('enforces only baseline while a running pod breaks restricted, leaving that pod to a person', () => {
    const s = bare([pod('legacy', (spec) => { spec.containers![0].securityContext = {}; })]);
    const plan = hardenTenant(s, auditTenant(s));
    assert.equal(plan.objects[0].metadata.labels?.['pod-security.kubernetes.io/enforce'], 'baseline');
    const after = auditTenant(applied(s, plan.objects));
    assert.equal(find(after.checks, 'psa-enforce').verdict, 'warn');
    assert.equal(find(after.checks, 'running-pods').verdict, 'warn');
  });

  it('raises the quota that leaves no room to migrate, keeping the values it does not touch', () => {
    const tight = quota('tenant-quota', { ...FULL_HARD, 'requests.memory': '4Gi' }, { 'requests.memory': '2996Mi', 'limits.memory': '3508Mi', 'requests.cpu': '950m', 'limits.cpu': '1450m', pods: '3' });
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { resourceQuotas: known([tight]) })] });
    const before = auditTenant(s);
    assert.equal(find(before.checks, 'migration-headroom').verdict, 'warn');
    const plan = hardenTenant(s, before);
    assert.deepEqual(plan.objects.map((o) => `${o.kind}/${o.metadata.name}`), ['ResourceQuota/tenant-quota']);
    assert.deepEqual((plan.objects[0] as ResourceQuotaObject).spec?.hard, { 'requests.memory': '6400Mi' });
    assert.match(plan.yaml, /Raises ResourceQuota tenant-quota \(only these keys; the others stay as they are\)/);
    assert.equal(find(auditTenant(applied(s, plan.objects)).checks, 'migration-headroom').verdict, 'pass');
  });

  it('adds only the DNS exception where egress is already denied', () => {
    const denyAll: NetworkPolicyObject = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-all', namespace: NS }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { networkPolicies: known([denyAll]) })] });
    const plan = hardenTenant(s, auditTenant(s));
    assert.deepEqual(plan.objects.map((o) => `${o.kind}/${o.metadata.name}`), ['NetworkPolicy/allow-dns']);
    assert.equal(find(auditTenant(applied(s, plan.objects)).checks, 'netpol-dns').verdict, 'pass');
  });

  it('gives a Capsule Tenant without VMs a runtime-class rule with a sandbox default, which passes the check', () => {
    const tenant: CapsuleTenantObject = { apiVersion: 'capsule.clastix.io/v1beta2', kind: 'Tenant', metadata: { name: 'oil' }, spec: { owners: [{ kind: 'Group', name: GROUP }] } };
    const ns = namespaceSnapshot(NS, { namespace: known(namespace(NS, { 'pod-security.kubernetes.io/enforce': 'restricted', [SANDBOX_LABEL]: 'required' })), pods: known([kataPod('web'), kataPod('api', 'kata-qemu'), kataPod('job')]), virtualMachines: known([]), virtualMachineInstances: known([]) });
    const s = hardenedSnapshot({ tenant: { name: 'oil', kind: 'capsule', namespaces: [NS], virtualClusters: [] }, namespaces: [ns], capsuleInstalled: true, capsuleTenant: known(tenant) });
    const before = auditTenant(s);
    assert.equal(find(before.checks, 'sandbox-enforced').verdict, 'unknown');
    const plan = hardenTenant(s, before, ['sandbox-enforced']);
    assert.deepEqual(plan.objects, [{ apiVersion: 'capsule.clastix.io/v1beta2', kind: 'Tenant', metadata: { name: 'oil' }, spec: { runtimeClasses: { allowed: ['kata-fc', 'kata-qemu', 'gvisor'], default: 'kata-fc' } } }]);
    assert.equal(find(auditTenant(applied(s, plan.objects)).checks, 'sandbox-enforced').verdict, 'pass');
  });

  it('gives a Capsule Tenant with VMs no default (it would move virt-launchers into Kata) and an admission policy instead', () => {
    const tenant: CapsuleTenantObject = { apiVersion: 'capsule.clastix.io/v1beta2', kind: 'Tenant', metadata: { name: 'oil' }, spec: { owners: [{ kind: 'Group', name: GROUP }] } };
    const ns = namespaceSnapshot(NS, { namespace: known(namespace(NS, { [SANDBOX_LABEL]: 'required' })), virtualMachines: known([vm('db')]), virtualMachineInstances: known([vmi('db')]) });
    const s = hardenedSnapshot({ tenant: { name: 'oil', kind: 'capsule', namespaces: [NS], virtualClusters: [] }, namespaces: [ns], capsuleInstalled: true, capsuleTenant: known(tenant) });
    const plan = hardenTenant(s, auditTenant(s), ['sandbox-enforced']);
    assert.deepEqual(plan.objects.map((o) => o.kind), ['Tenant', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
    assert.equal((plan.objects[0] as CapsuleTenantObject).spec?.runtimeClasses?.default, undefined);
    assert.match(plan.yaml, /No default: Capsule would also give it to virt-launcher pods/);
  });

  it('lists what needs a person: bindings, pods, RuntimeClass overhead', () => {
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { roleBindings: known([roleBinding('ops', 'cluster-admin', [{ kind: 'User', name: 'bob' }])]) })] });
    const plan = hardenTenant(s, auditTenant(s));
    assert.deepEqual(plan.objects, []);
    assert.deepEqual(plan.manual, [{ check: 'rbac-namespace-bindings', text: 'Bind a narrower role than ClusterRole cluster-admin in team-a (admin or edit, or a custom Role).' }]);
  });
});

describe('New Tenant… bundle', () => {
  it('passes the configuration checks of the audit it generates for', () => {
    const objects = parseAllDocuments(generateTenant({ name: 'team-z', cpu: '8', memory: '16Gi', pods: 20, podSecurity: 'restricted', group: 'team-z-devs', runtimeClasses: [] })).map((d) => d.toJS() as KubeObject);
    const of = <T>(kind: string) => objects.filter((o) => o.kind === kind) as T[];
    const ns = namespaceSnapshot('team-z', {
      namespace: known(objects.find((o) => o.kind === 'Namespace') as KubeObject),
      pods: known([]), virtualMachines: known([]), virtualMachineInstances: known([]),
      networkPolicies: known(of('NetworkPolicy')), resourceQuotas: known(of('ResourceQuota')), limitRanges: known(of('LimitRange')), roleBindings: known(of('RoleBinding')),
    });
    const audit = auditTenant(hardenedSnapshot({ tenant: { name: 'team-z', kind: 'namespace', namespaces: ['team-z'], virtualClusters: [] }, namespaces: [ns] }));
    for (const id of [...CONFIG_CHECKS, 'rbac-namespace-bindings']) assert.equal(find(audit.checks, id).verdict, 'pass', id);
  });
});
