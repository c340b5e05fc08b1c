// How many requests and connections connecting costs a user who may not list workloads cluster-wide, counted by
// the simulator: caches only for the tenants that are opened, a cap on requests in flight, one keep-alive agent
// per context, and no rebuild for a kubeconfig rewritten with the same content.
import * as assert from 'node:assert/strict';
import { Fleet } from '../../../src/cluster/fleet';
import type { SimCluster } from '../../sim/cluster';
import { startScenario, type RunningScenario } from '../../sim/scenario';
import { ADMIN, clusterRole, clusterRoleBinding, kubeconfigFrom, namespace, pod, roleBinding, virtualMachine, waitFor, WORKLOAD_READER } from './simSupport';

const TEAMS = Array.from({ length: 20 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
const KUBEVIRT = ['kubevirt.io', 'subresources.kubevirt.io'];

/** Resolves once no request has arrived for `quietMs`. */
async function settled(cluster: SimCluster, quietMs = 400): Promise<void> {
  let count = -1;
  let since = Date.now();
  await waitFor('the requests to stop', () => {
    const now = cluster.stats.requests.length;
    if (now !== count) {
      count = now;
      since = Date.now();
    }
    return Date.now() - since >= quietMs;
  }, 20_000);
}

describe('request fan-out of a per-namespace user (simulator)', function () {
  this.timeout(60_000);
  let sim: RunningScenario;
  let fleet: Fleet | undefined;

  afterEach(async () => {
    fleet?.dispose();
    fleet = undefined;
    await sim?.stop();
  });

  it('opens workload caches only for opened tenants, over few connections, with a bounded number in flight', async () => {
    sim = await startScenario({
      name: 'fan-out',
      clusters: [{
        name: 'east', users: [ADMIN, { name: 'ops', token: 'ops-token' }], contextUser: 'ops', groups: KUBEVIRT,
        objects: [
          ...TEAMS.flatMap((t) => [namespace(t), virtualMachine(t, `vm-${t}`), pod(t, `pod-${t}`), roleBinding(t, 'ops', 'workload-reader')]),
          WORKLOAD_READER,
          clusterRole('namespace-lister', [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['namespaces'] }]),
          clusterRoleBinding('ops', 'namespace-lister'),
        ],
      }],
    });
    const cluster = sim.clusters[0];
    fleet = new Fleet(kubeconfigFrom(sim.kubeconfig()));
    // Slow answers, so requests sent at once are in progress at once.
    cluster.faults.set({ latencyMs: 100 });
    cluster.resetStats();
    await fleet.connect('east');
    await settled(cluster);
    const workloadRequests = () => cluster.stats.requests.filter((r) => /\/namespaces\/[^/]+\/(virtualmachines|virtualmachineinstances|pods)\b/.test(r.path));
    const connect = { requests: cluster.stats.requests.length, connections: cluster.stats.connections, maxConcurrent: cluster.stats.maxConcurrent, workload: workloadRequests().length };
    console.log(`      connect: ${connect.requests} requests (${connect.workload} for workloads) over ${connect.connections} connections, at most ${connect.maxConcurrent} at once`);
    assert.equal(fleet.tenants('east').length, TEAMS.length + 1, 'every team and default are tenants');
    assert.equal(connect.workload, 0, 'no tenant was opened yet');

    fleet.watchNamespaces('east', ['team-01']);
    await waitFor('team-01 loaded', () => fleet!.vms('east', 'team-01').length === 1 && fleet!.pods('east', 'team-01').length === 1);
    await settled(cluster);
    const opened = workloadRequests().map((r) => `${r.watch ? 'WATCH' : r.method} ${r.path.split('?')[0]}`);
    assert.deepEqual([...new Set(opened.map((r) => r.replace(/^(WATCH|GET) .*\/namespaces\/([^/]+)\/.*$/, '$2')))], ['team-01'], 'only the opened tenant');
    assert.equal(opened.filter((r) => r.startsWith('GET ')).length, 3, `one list per kind: ${opened.join(', ')}`);
    assert.equal(opened.filter((r) => r.startsWith('WATCH ')).length, 3, `then one watch per kind: ${opened.join(', ')}`);
    const total = cluster.stats;
    console.log(`      after opening one tenant: ${total.requests.length} requests over ${total.connections} connections, at most ${total.maxConcurrent} at once`);
    assert.ok(total.maxConcurrent <= 8, `at most 8 one-shot requests at once, saw ${total.maxConcurrent}`);
    // Watches hold a connection each; one-shot calls share the keep-alive ones.
    const watches = total.requests.filter((r) => r.watch).length;
    assert.ok(total.connections <= watches + 8, `${total.connections} connections for ${total.requests.length} requests (${watches} watches)`);

    // The same kubeconfig again (a `use-context`, a refresher rewriting the file): nothing is rebuilt or relisted.
    cluster.resetStats();
    const again = fleet.update(kubeconfigFrom(sim.kubeconfig()));
    assert.deepEqual(again, { added: [], removed: [], changed: [] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(cluster.stats.requests.length, 0, cluster.stats.requests.map((r) => r.path).join('\n'));
    assert.equal(fleet.vms('east', 'team-01').length, 1, 'the caches are still there');
  });

  it('reviews configured namespaces as many at a time as the context allows when namespaces cannot be listed', async () => {
    sim = await startScenario({
      name: 'fan-out-reviews',
      clusters: [{
        name: 'east', users: [ADMIN, { name: 'dev', token: 'dev-token' }], contextUser: 'dev', contextNamespace: 'team-01', groups: KUBEVIRT,
        objects: [...TEAMS.flatMap((t) => [namespace(t), roleBinding(t, 'dev', 'workload-reader')]), WORKLOAD_READER],
      }],
    });
    const cluster = sim.clusters[0];
    fleet = new Fleet(kubeconfigFrom(sim.kubeconfig()), { namespaces: TEAMS });
    cluster.faults.set({ latencyMs: 100 });
    cluster.resetStats();
    await fleet.connect('east');
    await settled(cluster);
    const reviews = cluster.stats.requests.filter((r) => r.path.endsWith('/selfsubjectrulesreviews'));
    const reviewsAtOnce = Math.max(...reviews.map((r) => reviews.filter((o) => o.at <= r.at && (o.done ?? Infinity) > r.at).length));
    console.log(`      ${reviews.length} rules reviews, ${reviewsAtOnce} at once, at most ${cluster.stats.maxConcurrent} requests at once`);
    assert.deepEqual(fleet.namespaces('east'), TEAMS);
    assert.equal(reviews.length, TEAMS.length);
    assert.equal(reviewsAtOnce, 8, 'as many reviews at once as the context lets requests be in flight (8)');
    assert.ok(cluster.stats.maxConcurrent <= 8, `at most 8 requests at once, saw ${cluster.stats.maxConcurrent}`);
  });
});

