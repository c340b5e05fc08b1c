// The guardrail audit's live inputs against the simulator's demo fleet: caches that start only when asked,
// access reviews and dry runs as the tenant, and reads a 403 refuses turning checks unknown, never pass.
import * as assert from 'node:assert/strict';
import { Fleet } from '../../../src/cluster/fleet';
import type { TenantAudit } from '../../../src/model/guardrails/audit';
import { DEFAULT_SETTINGS } from '../../../src/model/guardrails/snapshot';
import { startScenario, type RunningScenario } from '../../sim/scenario';
import { loadScenario } from '../../sim/scenarios';
import { FAST_RETRY, kubeconfigFrom, waitFor } from './simSupport';

const verdicts = (a: TenantAudit): Record<string, string> => Object.fromEntries(a.checks.map((c) => [c.id, c.verdict]));

describe('Guardrail audit on the demo fleet (cluster layer)', function () {
  this.timeout(60_000);
  let sim: RunningScenario;
  let fleet: Fleet;
  const log: string[] = [];

  before(async () => {
    sim = await startScenario(loadScenario('demo'), { stepDelayMs: 0 });
    fleet = new Fleet(kubeconfigFrom(sim.kubeconfig()), { cacheOptions: FAST_RETRY, log: (line) => log.push(line) });
  });
  after(async () => {
    fleet?.dispose();
    await sim?.stop();
  });

  /** The audit once every review and dry run it asks for has answered (it stops changing). */
  async function settledAudit(context: string, name: string): Promise<TenantAudit> {
    let last = '';
    let stable = 0;
    return waitFor(`${context}/${name}'s audit to settle`, () => {
      const tenant = fleet.tenants(context).find((t) => t.name === name);
      const audit = tenant && fleet.audit(context, tenant, DEFAULT_SETTINGS);
      const now = audit ? JSON.stringify(audit.checks.map((c) => [c.id, c.verdict, c.why])) : '';
      stable = now && now === last && !now.includes('not loaded yet') ? stable + 1 : 0;
      last = now;
      return stable >= 20 && audit;
    }, 30_000);
  }

  it('starts no guardrail cache until asked, then audits every tenant with access reviews for its subjects', async () => {
    await fleet.connect('prod-east');
    assert.ok(!log.some((l) => /networkpolicies|resourcequotas|rolebindings|v1\/subjectaccessreviews/.test(l)), 'nothing read before the guardrails start');
    const tenant = fleet.tenants('prod-east').find((t) => t.name === 'tenant-charlie')!;
    assert.equal(fleet.audit('prod-east', tenant, DEFAULT_SETTINGS), undefined);
    await fleet.startGuardrails('prod-east');
    const charlie = verdicts(await settledAudit('prod-east', 'tenant-charlie'));
    assert.equal(charlie['psa-enforce'], 'fail', 'tenant-charlie enforces privileged');
    assert.equal(charlie['limit-range'], 'fail');
    const alpha = await settledAudit('prod-east', 'tenant-alpha');
    assert.equal(verdicts(alpha)['rbac-guardrail-edit'], 'pass', alpha.checks.find((c) => c.id === 'rbac-guardrail-edit')?.why);
    assert.equal(verdicts(alpha)['netpol-default-deny'], 'pass');
    assert.ok(log.some((l) => l.includes('POST /apis/authorization.k8s.io/v1/subjectaccessreviews 201')), 'access reviews are asked');
    assert.ok(!log.some((l) => /POST \/api\/v1\/namespaces\/[^/]+\/(pods|services) /.test(l)), 'nothing is created: every probe is a dry run');
  });

  it('the demo tenants in every guardrail state get their verdicts, dry runs as the tenant included', async () => {
    const of = async (name: string) => settledAudit('prod-east', name);
    const failing = (a: TenantAudit) => a.checks.filter((c) => c.verdict === 'fail').map((c) => c.id).sort();
    const fortress = await of('tenant-fortress');
    assert.equal(fortress.summary.phrase, 'hardened', fortress.summary.detail);
    assert.match(fortress.checks.find((c) => c.id === 'probe-privileged-pod')!.why, /refuses a privileged pod: Pod Security admission \(dry run as Group fortress-devs\)/);
    assert.match(fortress.checks.find((c) => c.id === 'probe-nodeport-service')!.why, /refuses a NodePort Service: quota/);
    assert.deepEqual(failing(await of('tenant-open-net')), ['netpol-default-deny']);
    assert.deepEqual(failing(await of('tenant-rogue')), ['probe-hostpath-pod', 'probe-privileged-pod', 'psa-enforce', 'running-pods']);
    const crown = await of('tenant-crown');
    assert.ok(failing(crown).includes('rbac-cluster-bindings'), failing(crown).join());
    assert.match(crown.checks.find((c) => c.id === 'rbac-cluster-bindings')!.why, /crown-admins-cluster-admin gives Group crown-admins cluster-admin/);
    const tight = await of('tenant-tight');
    assert.deepEqual(failing(tight), []);
    assert.equal(verdicts(tight)['migration-headroom'], 'warn');
    const vcluster = await of('tenant-vcluster');
    assert.equal(vcluster.tenant.kind, 'virtual-cluster');
    assert.equal(verdicts(vcluster)['vcluster-policies'], 'warn');
    const sealed = await of('tenant-sealed');
    assert.deepEqual(failing(sealed), ['sandbox-enforced', 'sandbox-pods']);
    assert.match(sealed.checks.find((c) => c.id === 'sandbox-pods')!.why, /scanner-legacy/);
    assert.ok(log.some((l) => /POST \/api\/v1\/namespaces\/tenant-fortress\/pods\?dryRun=All 403/.test(l)), 'the privileged pod dry run was refused with 403');
  });

  it('a user who may not read namespaces, NetworkPolicies, quotas or bindings gets those checks unknown with the 403, never pass', async () => {
    await fleet.startGuardrails('shared-dev');
    const oil = await settledAudit('shared-dev', 'oil');
    const byId = new Map(oil.checks.map((c) => [c.id, c]));
    for (const id of ['psa-enforce', 'netpol-default-deny', 'netpol-dns', 'netpol-wildcard', 'quota-compute', 'quota-objects', 'limit-range', 'rbac-cluster-bindings', 'rbac-namespace-bindings', 'rbac-guardrail-edit', 'sandbox-pods']) {
      assert.equal(byId.get(id as never)?.verdict, 'unknown', `${id}: ${byId.get(id as never)?.why}`);
    }
    assert.match(byId.get('netpol-default-deny')!.why, /Forbidden \(403\): you may not list networkpolicies\.networking\.k8s\.io in oil-dev/);
    assert.match(byId.get('rbac-guardrail-edit')!.why, /403/);
    assert.equal(oil.summary.counts.pass <= 3, true, `only checks that need nothing unreadable pass: ${oil.summary.detail}`);
  });
});
