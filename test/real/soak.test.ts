// The fault soak's short form through the fault-injecting proxy in front of a real kube-apiserver (with the
// KubeVirt simulation): the extension's Fleet meets real watches, real 410s after a resume, real RBAC and static
// tokens, with the faults added by test/soak/faultProxy.ts.
import * as assert from 'node:assert/strict';
import { describeReport, runSoak } from '../soak/soak';
import { START_TIMEOUT_MS } from './support';

describe('fault soak through the fault proxy in front of a real kube-apiserver (short form)', function () {
  this.timeout(START_TIMEOUT_MS + 300_000);

  it('converges after every fault, loses no update and makes no request storm while the cluster is down', async () => {
    const report = await runSoak({ backend: 'real', namespaces: 3, faultMs: 1000, outageMs: 4000, backoff: { initialMs: 50, maxMs: 1000 }, healthyAfterMs: 200, convergeTimeoutMs: 90_000 });
    console.log(describeReport(report));
    assert.deepEqual(report.lost, [], 'every cache equals a fresh list after every fault');
    assert.equal(report.recoveries, report.injected, 'every fault was recovered from');
    assert.equal(report.faults.length, 11, report.faults.map((f) => f.name).join(', '));
    for (const fault of report.faults) assert.ok(fault.seen > 0, `the extension met "${fault.name}" (its API log shows it)`);
    assert.ok(report.serverRequests > 0, 'the extension went through the proxy');
    assert.equal(report.serverRequestsHttp2, report.serverRequests, 'every request over HTTP/2, as to kube-apiserver');
    const [outage] = report.outages;
    assert.ok(outage.attempts > 0 && outage.attempts <= outage.bound, `${outage.attempts} connection attempts in ${outage.durationMs} ms, the backoff allows ${outage.bound}`);
  });
});
