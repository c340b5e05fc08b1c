import * as assert from 'node:assert/strict';
import { known } from '../../../src/model/guardrails/known';
import type { CapsuleTenantObject } from '../../../src/model/guardrails/kinds';
import { capsuleAllows, sandboxingChecks } from '../../../src/model/guardrails/sandboxing';
import { SANDBOX_LABEL, type TenantSnapshot } from '../../../src/model/guardrails/snapshot';
import {
  FENCED_RBAC, NS, RESTRICTED_LABELS, find, forbidden, hardenedAdmission, hardenedSnapshot, kataPod, launcher, namespace, namespaceSnapshot, pod, withProbes, withReviews,
} from './builders';

const required = { ...RESTRICTED_LABELS, [SANDBOX_LABEL]: 'required' };
const sandboxed = (pods = [kataPod('web'), pod('gv', (s) => { s.runtimeClassName = 'gvisor'; }), launcher('db')]) =>
  hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { namespace: known(namespace(NS, required)), pods: known(pods) })] });
const checks = (s: TenantSnapshot) => sandboxingChecks(s);

function capsule(rule?: NonNullable<CapsuleTenantObject['spec']>['runtimeClasses'], vms = false): TenantSnapshot {
  const s = sandboxed(vms ? undefined : [kataPod('web')]);
  const ns = { ...s.namespaces[0], ...(vms ? {} : { virtualMachines: known([]), virtualMachineInstances: known([]) }) };
  const tenant: CapsuleTenantObject = { apiVersion: 'capsule.clastix.io/v1beta2', kind: 'Tenant', metadata: { name: 'oil' }, spec: { owners: [{ kind: 'User', name: 'alice' }], ...(rule ? { runtimeClasses: rule } : {}) }, status: { namespaces: [NS] } };
  return { ...s, namespaces: [ns], tenant: { name: 'oil', kind: 'capsule', namespaces: [NS], virtualClusters: [] }, capsuleInstalled: true, capsuleTenant: known(tenant) };
}

describe('pods run sandboxed where required', () => {
  it('passes when every pod is Kata or gVisor, counting virt-launchers as VM-isolated', () => {
    const c = find(checks(sandboxed()), 'sandbox-pods');
    assert.equal(c.verdict, 'pass');
    assert.equal(c.why, 'team-a: 2 pods sandboxed, 1 VM launcher VM-isolated');
  });

  it('fails on a plain container in a namespace labelled sandbox required', () => {
    const c = find(checks(sandboxed([kataPod('web'), pod('sidecar-proxy')])), 'sandbox-pods');
    assert.equal(c.verdict, 'fail');
    assert.equal(c.why, 'team-a requires sandboxing but 1 pod runs as a plain container: sidecar-proxy');
  });

  it('requires sandboxing everywhere with the setting, except namespaces labelled exempt', () => {
    const all = hardenedSnapshot({ settings: { sandbox: 'all', platformSubjects: [] } });
    assert.equal(find(checks(all), 'sandbox-pods').verdict, 'fail', 'api runs as a plain container');
    const exempt = hardenedSnapshot({ settings: { sandbox: 'all', platformSubjects: [] }, namespaces: [namespaceSnapshot(NS, { namespace: known(namespace(NS, { [SANDBOX_LABEL]: 'exempt' })) })] });
    assert.match(find(checks(exempt), 'sandbox-pods').why, /not required \(label kubevirt-workbench.io\/sandbox=exempt\); 1 pod shares the host kernel/);
  });

  it('guesses isolation from class names when RuntimeClasses are unreadable, and says so', () => {
    const s = { ...sandboxed(), runtimeClasses: forbidden<never>('list', 'runtimeclasses.node.k8s.io') };
    const c = find(checks(s), 'sandbox-pods');
    assert.equal(c.verdict, 'pass');
    assert.match(c.why, /guessed from their names/);
  });

  it('is unknown when the namespace labels or the pods cannot be read', () => {
    const labels = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { namespace: forbidden('get', 'namespaces') })] });
    assert.equal(find(checks(labels), 'sandbox-pods').verdict, 'unknown');
    const pods = { ...sandboxed(), namespaces: [{ ...sandboxed().namespaces[0], pods: forbidden<never>('list', 'pods', NS) }] };
    assert.equal(find(checks(pods), 'sandbox-pods').verdict, 'unknown');
  });
});

describe('unsandboxed pods are refused', () => {
  it('passes when sandboxing is not required, saying why', () => {
    const c = find(checks(hardenedSnapshot()), 'sandbox-enforced');
    assert.equal(c.verdict, 'pass');
    assert.match(c.why, /sandboxing not required \(no kubevirt-workbench.io\/sandbox=required label\)/);
  });

  it('passes when a dry run of a plain pod as the tenant is refused by policy', () => {
    const c = find(checks(withProbes(withReviews(sandboxed(), FENCED_RBAC), hardenedAdmission)), 'sandbox-enforced');
    assert.equal(c.verdict, 'pass');
    assert.equal(c.why, 'team-a refuses pods without a sandbox: an admission policy (dry run as Group team-a-devs)');
  });

  it('is unknown when the sandboxed control pod is refused as well', () => {
    const s = withProbes(withReviews(sandboxed(), FENCED_RBAC), () => ({ outcome: 'refused', code: 403, message: 'admission webhook "images.example.com" denied the request: unsigned image' }));
    const c = find(checks(s), 'sandbox-enforced');
    assert.equal(c.verdict, 'unknown');
    assert.match(c.why, /refused a pod without a sandbox, but a harmless control pod was refused too/);
  });

  it('fails when the dry run is admitted as it is, and passes when admission gave it a sandbox class', () => {
    const admitted = find(checks(withProbes(withReviews(sandboxed(), FENCED_RBAC), () => ({ outcome: 'admitted' }))), 'sandbox-enforced');
    assert.equal(admitted.verdict, 'fail');
    assert.deepEqual(admitted.fixes, [{ kind: 'runtimeClassRule', tenant: NS, namespaces: [NS], allowed: ['kata-fc', 'kata-qemu', 'gvisor'], capsule: false }]);
    const mutated = withProbes(withReviews(sandboxed(), FENCED_RBAC), (p) => ({ outcome: 'admitted', object: { ...(p.body as { metadata: { name: string } }), spec: { runtimeClassName: 'kata-fc' } } }));
    assert.match(find(checks(mutated), 'sandbox-enforced').why, /gives pods that name no RuntimeClass the sandbox kata-fc/);
  });

  it('passes a Capsule Tenant that allows only sandbox classes and defaults to one', () => {
    const c = find(checks(capsule({ allowed: ['kata-fc', 'gvisor'], default: 'kata-fc' })), 'sandbox-enforced');
    assert.equal(c.verdict, 'pass');
    assert.equal(c.why, 'team-a: Capsule Tenant oil allows only sandbox classes and defaults to kata-fc');
  });

  it('stays unknown, with the fix, when Capsule has no rule or no default and no dry run could be made', () => {
    const none = find(checks({ ...capsule(), probes: { known: false, reason: 'not permitted to impersonate' } }), 'sandbox-enforced');
    assert.equal(none.verdict, 'unknown');
    assert.match(none.why, /Capsule Tenant oil sets no runtimeClasses rule; only a dry run can tell/);
    assert.deepEqual(none.fixes, [{ kind: 'runtimeClassRule', tenant: 'oil', namespaces: [NS], allowed: ['kata-fc', 'kata-qemu', 'gvisor'], capsule: true }]);
    assert.match(find(checks(capsule({ allowed: ['kata-fc'] })), 'sandbox-enforced').why, /sets no default RuntimeClass, so Capsule admits pods that name none/);
  });

  it('is unknown for a namespace tenant when no dry run could be made', () => {
    const c = find(checks({ ...sandboxed(), probes: { known: false, reason: 'not permitted to impersonate the tenant' } }), 'sandbox-enforced');
    assert.equal(c.verdict, 'unknown');
    assert.match(c.why, /only a dry run can tell whether team-a refuses pods without a sandbox/);
  });
});

describe("Capsule's runtime-class match", () => {
  it('takes exact names, the regex and a label selector, and an invalid regex matches nothing', () => {
    const kata = { metadata: { name: 'kata-fc', labels: { 'sandbox.example.com/isolation': 'microvm' } } };
    assert.ok(capsuleAllows({ allowed: ['kata-fc'] }, 'kata-fc'));
    assert.ok(capsuleAllows({ allowedRegex: '^kata-' }, 'kata-fc'));
    assert.ok(capsuleAllows({ matchLabels: { 'sandbox.example.com/isolation': 'microvm' } }, 'kata-fc', kata));
    assert.ok(!capsuleAllows({ matchLabels: { 'sandbox.example.com/isolation': 'microvm' } }, 'runc', { metadata: { name: 'runc' } }));
    assert.ok(!capsuleAllows({ allowedRegex: '([' }, 'kata-fc'));
  });
});
