// The guardrail audit on a real control plane, where Pod Security admission and RBAC are kube-apiserver's own:
// the audit's dry runs, made as the tenant through impersonation, are refused in a hardened tenant and admitted in
// an unhardened one; after applying what Harden Tenant… generates, the real API refuses the privileged pod too, and a
// tenant that must run sandboxed refuses pods without a sandbox RuntimeClass through the generated admission policy.
import * as assert from 'node:assert/strict';
import { Fleet } from '../../src/cluster/fleet';
import { KubeApiError } from '../../src/cluster/errors';
import { hardenTenant } from '../../src/model/generators/harden';
import type { TenantAudit } from '../../src/model/guardrails/audit';
import { DEFAULT_SETTINGS, SANDBOX_LABEL } from '../../src/model/guardrails/snapshot';
import type { KubeObject } from '../../src/model/kubeObject';
import type { Tenant } from '../../src/model/tenants';
import { startRealScenario, type RealScenario } from '../controlplane/scenario';
import { kubeconfigFrom } from '../unit/cluster/simSupport';
import { START_TIMEOUT_MS, controlPlaneBinaries, until } from './support';

const ADMIN = { name: 'admin', token: 'guard-admin-token', groups: ['system:masters'] };
const DEVS = 'app-devs';

const restricted = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' };
const SAFE = { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 10001, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };

function tenantObjects(name: string, labels: Record<string, string>): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'developer', namespace: name },
      rules: [{ apiGroups: [''], resources: ['pods', 'services', 'configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'developers', namespace: name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'developer' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: DEVS }],
    },
    {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: name },
      spec: { containers: [{ name: 'api', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } }, securityContext: SAFE }] },
    },
  ];
}

const PRIVILEGED_POD = (namespace: string) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'root-shell', namespace },
  spec: { containers: [{ name: 'shell', image: 'registry.k8s.io/pause:3.10', securityContext: { privileged: true } }] },
});

/** `/api/v1/namespaces/x/resourcequotas/y` and the like, for the kinds Harden Tenant… generates here. */
function objectPath(o: KubeObject): string {
  const ns = o.metadata.namespace;
  switch (o.kind) {
    case 'Namespace': return `/api/v1/namespaces/${o.metadata.name}`;
    case 'ResourceQuota': return `/api/v1/namespaces/${ns}/resourcequotas/${o.metadata.name}`;
    case 'LimitRange': return `/api/v1/namespaces/${ns}/limitranges/${o.metadata.name}`;
    case 'NetworkPolicy': return `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/${o.metadata.name}`;
    case 'ValidatingAdmissionPolicy': return `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${o.metadata.name}`;
    case 'ValidatingAdmissionPolicyBinding': return `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/${o.metadata.name}`;
    default: throw new Error(`Harden Tenant generated an unexpected ${o.kind}`);
  }
}

describe('real control plane: guardrail dry runs as the tenant', function () {
  this.timeout(START_TIMEOUT_MS);
  let real: RealScenario;
  let fleet: Fleet;

  before(async () => {
    const kata: KubeObject = { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata-fc' }, handler: 'kata-fc', overhead: { podFixed: { cpu: '250m', memory: '130Mi' } } } as KubeObject;
    const objects = [...tenantObjects('hardened', restricted), ...tenantObjects('loose', {}), ...tenantObjects('sealed', { ...restricted, [SANDBOX_LABEL]: 'required' }), kata];
    real = await startRealScenario({ name: 'guardrails', clusters: [{ name: 'guard', users: [ADMIN], contextUser: 'admin', objects }] }, { binaries: await controlPlaneBinaries() });
    assert.deepEqual(real.clusters[0].load?.refused, []);
    fleet = new Fleet(kubeconfigFrom(real.kubeconfig()), { connectTimeoutMs: 30_000 });
    // Pods (dry runs included) are admitted only once the namespace's default service account exists.
    for (const ns of ['hardened', 'loose', 'sealed']) {
      await until(`the default service account of ${ns}`, async () => !!(await fleet.http('guard').find(`/api/v1/namespaces/${ns}/serviceaccounts/default`)), 120_000);
    }
  });

  after(async () => {
    fleet?.dispose();
    await real?.stop();
  });

  const tenant = (name: string): Tenant => ({ name, kind: 'namespace', namespaces: [name], system: false });
  const audit = async (name: string) => {
    const settled = await fleet.settledAudit('guard', tenant(name), DEFAULT_SETTINGS);
    assert.ok(settled, 'the context is connected');
    return settled;
  };
  const check = (a: TenantAudit, id: string) => a.checks.find((c) => c.id === id)!;

  it('a hardened tenant refuses a privileged pod dry-run made as the tenant; Pod Security admission says so', async () => {
    const { audit: a } = await audit('hardened');
    assert.equal(check(a, 'probe-privileged-pod').verdict, 'pass', check(a, 'probe-privileged-pod').why);
    assert.match(check(a, 'probe-privileged-pod').why, /refuses a privileged pod: Pod Security admission \(dry run as Group app-devs\)/);
    assert.equal(check(a, 'probe-hostpath-pod').verdict, 'pass', check(a, 'probe-hostpath-pod').why);
  });

  it('an unhardened tenant admits it', async () => {
    const { audit: a } = await audit('loose');
    assert.equal(check(a, 'probe-privileged-pod').verdict, 'fail', check(a, 'probe-privileged-pod').why);
    assert.match(check(a, 'probe-privileged-pod').why, /loose admits a privileged pod \(dry run as Group app-devs\)/);
    const reply = await fleet.http('guard').send('POST', '/api/v1/namespaces/loose/pods', { query: { dryRun: 'All' }, body: PRIVILEGED_POD('loose'), impersonate: { user: 'dev', groups: [DEVS] } });
    assert.equal(reply.code, 201, JSON.stringify(reply.body));
  });

  it("after applying Harden Tenant's manifests to the failing tenant, the real API refuses the privileged pod from the tenant", async () => {
    const before = await audit('loose');
    const plan = hardenTenant(before.snapshot, before.audit);
    assert.ok(plan.objects.some((o) => o.kind === 'Namespace'), 'the Pod Security labels are generated');
    const http = fleet.http('guard');
    for (const o of plan.objects) {
      await http.call('PATCH', objectPath(o), { query: { fieldManager: 'kubevirt-workbench', force: true }, body: o, contentType: 'application/apply-patch+yaml' });
    }
    const refused = await http.call('POST', '/api/v1/namespaces/loose/pods', { query: { dryRun: 'All' }, body: PRIVILEGED_POD('loose'), impersonate: { user: 'dev', groups: [DEVS] } }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof KubeApiError, 'the privileged pod is refused');
    assert.equal(refused.code, 403);
    assert.match(refused.message, /violates PodSecurity "(baseline|restricted):latest": privileged/);
    // The quota admits by its status, which the controller manager fills in a moment after the quota is made.
    let after: TenantAudit | undefined;
    await until('every check Harden Tenant fixed passes', async () => {
      after = (await audit('loose')).audit;
      return plan.fixes.every((id) => check(after!, id).verdict === 'pass');
    }, 90_000).catch((error: Error) => {
      throw new Error(`${error.message}: ${plan.fixes.filter((id) => check(after!, id).verdict !== 'pass').map((id) => `${id}: ${check(after!, id).why}`).join('; ')}`);
    });
    assert.equal(check(after!, 'probe-privileged-pod').verdict, 'pass');
  });
  it('a tenant that must run sandboxed refuses pods without a sandbox once Harden Tenant… applied its admission policy', async () => {
    const before = await audit('sealed');
    assert.equal(check(before.audit, 'sandbox-enforced').verdict, 'fail', check(before.audit, 'sandbox-enforced').why);
    const plan = hardenTenant(before.snapshot, before.audit);
    assert.deepEqual(plan.objects.filter((o) => o.kind?.startsWith('ValidatingAdmissionPolicy')).map((o) => o.kind), ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
    const http = fleet.http('guard');
    for (const o of plan.objects) {
      await http.call('PATCH', objectPath(o), { query: { fieldManager: 'kubevirt-workbench', force: true }, body: o, contentType: 'application/apply-patch+yaml' });
    }
    const asTenant = (pod: unknown) => http.call('POST', '/api/v1/namespaces/sealed/pods', { query: { dryRun: 'All' }, body: pod, impersonate: { user: 'dev', groups: [DEVS] } });
    const plainPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'plain', namespace: 'sealed' }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } }, securityContext: SAFE }] } };
    // kube-apiserver loads a new policy and its binding a moment after they are stored.
    let refusal: unknown;
    await until('the unsandboxed pod is refused', async () => {
      refusal = await asTenant(plainPod).then(() => undefined, (error: unknown) => error);
      return refusal !== undefined;
    }, 60_000);
    assert.ok(refusal instanceof KubeApiError, String(refusal));
    assert.match(refusal.message, /must set runtimeClassName to one of: kata-fc/);
    await asTenant({ ...plainPod, spec: { ...plainPod.spec, runtimeClassName: 'kata-fc' } });
    await until('sandbox-enforced passes', async () => check((await audit('sealed')).audit, 'sandbox-enforced').verdict === 'pass', 60_000);
  });
});
