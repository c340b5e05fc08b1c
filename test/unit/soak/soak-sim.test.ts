// The fault soak's short form on the in-process simulator: each fault once, with the retry timing shortened so
// the round takes seconds. It speaks HTTP/1.1, as through a proxy; the soak through the fault proxy in front of
// kube-apiserver (test/real/soak.test.ts) speaks HTTP/2. `npm run soak -- --minutes 10` runs the long form (see
// test/soak/cli.ts).
import * as assert from 'node:assert/strict';
import { describeReport, runSoak } from '../../soak/soak';

describe('fault soak on the simulator over HTTP/1.1 (short form)', function () {
  // Generous: a loaded 2-core machine; every wait inside is on a condition with its own deadline.
  this.timeout(300_000);

  it('converges after every fault, loses no update and makes no request storm while the cluster is down', async () => {
    const report = await runSoak({ backend: 'sim', http2: false, namespaces: 3, faultMs: 800, outageMs: 3000, backoff: { initialMs: 50, maxMs: 1000 }, healthyAfterMs: 200 });
    console.log(describeReport(report));
    assert.deepEqual(report.lost, [], 'every cache equals a fresh list after every fault');
    assert.equal(report.lostUpdates, 0);
    assert.equal(report.recoveries, report.injected, 'every fault was recovered from');
    assert.equal(report.faults.length, 11, report.faults.map((f) => f.name).join(', '));
    for (const fault of report.faults) assert.ok(fault.seen > 0, `the extension met "${fault.name}" (its API log shows it)`);
    assert.ok(report.writes > 50, `the writer wrote during the faults (${report.writes})`);
    assert.equal(report.serverRequestsHttp2, 0, 'every request over HTTP/1.1');
    assert.equal(report.outages.length, 1);
    const [outage] = report.outages;
    assert.ok(outage.attempts > 0, 'the extension did try to reconnect while the cluster was down');
    assert.ok(outage.attempts <= outage.bound, `${outage.attempts} connection attempts in ${outage.durationMs} ms, the backoff allows ${outage.bound}`);
  });
});
