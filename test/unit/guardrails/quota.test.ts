import * as assert from 'node:assert/strict';
import { known } from '../../../src/model/guardrails/known';
import type { LimitRangeObject, ResourceQuotaObject } from '../../../src/model/guardrails/kinds';
import { quotaChecks, quotaLimit } from '../../../src/model/guardrails/quota';
import { FULL_HARD, NS, find, forbidden, hardenedSnapshot, limitRangeObject, namespaceSnapshot, pod, quota } from './builders';

const run = (quotas: ResourceQuotaObject[], ranges: LimitRangeObject[] = [limitRangeObject()]) =>
  quotaChecks(hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { resourceQuotas: known(quotas), limitRanges: known(ranges) })] }));

const without = (...keys: string[]) => Object.fromEntries(Object.entries(FULL_HARD).filter(([k]) => !keys.includes(k)));

describe('ResourceQuota for compute', () => {
  it('passes a quota over requests.cpu, requests.memory, limits.memory and ephemeral storage, also spelt cpu/memory', () => {
    const c = find(run([quota('tenant-quota', FULL_HARD)]), 'quota-compute');
    assert.equal(c.verdict, 'pass');
    assert.equal(c.why, 'team-a: requests.cpu 8, requests.memory 16Gi, limits.memory 24Gi, requests.ephemeral-storage 50Gi');
    const short = { cpu: '4', memory: '8Gi', 'limits.memory': '8Gi', 'ephemeral-storage': '20Gi' };
    assert.equal(find(run([quota('short', short)]), 'quota-compute').verdict, 'pass');
  });

  it('warns on a quota that leaves keys out, naming them', () => {
    const c = find(run([quota('tenant-quota', without('limits.memory', 'requests.ephemeral-storage'))]), 'quota-compute');
    assert.equal(c.verdict, 'warn');
    assert.equal(c.why, 'team-a: no quota limits limits.memory and requests.ephemeral-storage');
    assert.deepEqual(c.fixes, [{ kind: 'resourceQuota', namespace: NS, keys: ['limits.memory', 'requests.ephemeral-storage'] }]);
  });

  it('fails with no quota, and a scoped quota does not count', () => {
    const scoped: ResourceQuotaObject = { ...quota('best-effort', { pods: '5' }), spec: { hard: { pods: '5' }, scopes: ['BestEffort'] } };
    const c = find(run([scoped]), 'quota-compute');
    assert.equal(c.verdict, 'fail');
    assert.equal(c.why, 'team-a has no ResourceQuota (only scoped ones: best-effort)');
  });

  it('is unknown when quotas cannot be listed', () => {
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { resourceQuotas: forbidden('list', 'resourcequotas', NS) })] });
    assert.equal(find(quotaChecks(s), 'quota-compute').verdict, 'unknown');
    assert.equal(find(quotaChecks(s), 'quota-objects').verdict, 'unknown');
  });
});

describe('ResourceQuota for object counts', () => {
  it('passes counts with services.nodeports: 0', () => {
    assert.equal(find(run([quota('tenant-quota', FULL_HARD)]), 'quota-objects').verdict, 'pass');
  });

  it('fails when NodePorts are allowed or not limited, even if another quota has the counts', () => {
    const five = find(run([quota('tenant-quota', { ...FULL_HARD, 'services.nodeports': '5' })]), 'quota-objects');
    assert.equal(five.verdict, 'fail');
    assert.equal(five.why, 'team-a: tenant-quota allows 5 NodePort Services');
    const unset = find(run([quota('tenant-quota', without('services.nodeports'))]), 'quota-objects');
    assert.equal(unset.verdict, 'fail');
    assert.deepEqual(unset.fixes, [{ kind: 'resourceQuota', namespace: NS, keys: ['services.nodeports'] }]);
  });

  it('takes the lowest value when several quotas set a key', () => {
    const c = find(run([quota('platform', { ...FULL_HARD, 'services.nodeports': '5' }), quota('nodeports', { 'services.nodeports': '0' })]), 'quota-objects');
    assert.equal(c.verdict, 'pass');
  });

  it('warns on missing counts such as load balancers and secrets', () => {
    const c = find(run([quota('tenant-quota', without('services.loadbalancers', 'secrets'))]), 'quota-objects');
    assert.equal(c.verdict, 'warn');
    assert.equal(c.why, 'team-a: no quota limits secrets and services.loadbalancers');
  });
});

describe('LimitRange', () => {
  it('passes container defaults for cpu and memory', () => {
    assert.equal(find(run([quota('q', FULL_HARD)]), 'limit-range').verdict, 'pass');
  });

  it('warns on a LimitRange with only max values, and fails with none', () => {
    const maxOnly: LimitRangeObject = { ...limitRangeObject('caps'), spec: { limits: [{ type: 'Container', max: { memory: '4Gi' } }] } };
    const warn = find(run([quota('q', FULL_HARD)], [maxOnly]), 'limit-range');
    assert.equal(warn.verdict, 'warn');
    assert.match(warn.why, /caps sets no container default\.cpu, default\.memory, defaultRequest\.cpu and defaultRequest\.memory/);
    const none = find(run([quota('q', FULL_HARD)], []), 'limit-range');
    assert.equal(none.verdict, 'fail');
    assert.deepEqual(none.fixes, [{ kind: 'limitRange', namespace: NS }]);
  });

  it('is unknown when LimitRanges cannot be listed', () => {
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { limitRanges: forbidden('list', 'limitranges', NS) })] });
    assert.equal(find(quotaChecks(s), 'limit-range').verdict, 'unknown');
  });
});

describe('quota usage', () => {
  it('reads status.used, or counts the pods (overhead included) while the quota has no status yet', () => {
    const fresh = quota('fresh', { 'requests.memory': '4Gi', pods: '10' });
    const kata = pod('k', (s) => { s.runtimeClassName = 'kata-fc'; s.overhead = { memory: '130Mi', cpu: '250m' }; });
    const limit = quotaLimit([fresh], 'requests.memory', [pod('a'), kata]);
    assert.equal(limit?.used, (256 + 256 + 130) * 2 ** 20);
    assert.equal(quotaLimit([fresh], 'pods', [pod('a'), kata])?.used, 2);
    assert.equal(quotaLimit([fresh], 'requests.memory')?.used, undefined);
    assert.equal(quotaLimit([quota('q', { memory: '4Gi' }, { memory: '1Gi' })], 'requests.memory')?.used, 2 ** 30);
  });
});
