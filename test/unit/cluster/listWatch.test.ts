import * as assert from 'node:assert/strict';
import { ListWatchCache, type CacheChange } from '../../../src/cluster/listWatch';
import type { ResourceType } from '../../../src/cluster/resources';
import type { SimCluster } from '../../sim/cluster';
import { startScenario, type RunningScenario } from '../../sim/scenario';
import { ADMIN, clientFor, configMap, FAST_RETRY, kubeconfigFrom, namespace, waitFor } from './simSupport';

const CONFIGMAPS: ResourceType = { group: '', version: 'v1', plural: 'configmaps', namespaced: true };
const NS = 'team-a';

describe('list+watch cache against the simulator', function () {
  this.timeout(30_000);
  let sim: RunningScenario;
  let cluster: SimCluster;
  let log: string[];
  let events: CacheChange[];
  let cache: ListWatchCache;

  beforeEach(async () => {
    sim = await startScenario({
      name: 'list-watch',
      clusters: [{
        name: 'east', users: [ADMIN], contextUser: 'admin',
        objects: [namespace(NS), configMap(NS, 'one', { v: '1' }), configMap(NS, 'two', { v: '1' }), configMap('default', 'elsewhere')],
      }],
    });
    cluster = sim.clusters[0];
    log = [];
    events = [];
  });

  afterEach(async () => {
    cache?.stop();
    await sim.stop();
  });

  function startCache(options: { timeoutMs?: number; namespace?: string } = {}): ListWatchCache {
    const client = clientFor(kubeconfigFrom(sim.kubeconfig()), 'east', log, options.timeoutMs);
    cache = new ListWatchCache(client, CONFIGMAPS, 'namespace' in options ? options.namespace : NS, { ...FAST_RETRY, onChange: (c) => events.push(c) });
    cache.start();
    return cache;
  }

  const store = () => cluster.store;
  const stored = (ns = NS) => store().list('configmaps', ns).map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
  const cached = (ns = NS) => cache.objects(ns).map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
  const inSync = () => cache.state.status === 'synced' && JSON.stringify(cached()) === JSON.stringify(stored());
  const waitInSync = (what: string) => waitFor(`${what}: cache ${JSON.stringify(cached())} = store ${JSON.stringify(stored())}`, inSync);
  /** Lists that were answered. */
  const lists = () => log.filter((l) => l.startsWith(`GET /api/v1/namespaces/${NS}/configmaps?`) && / 200 /.test(l)).length;

  function modify(name: string, value: string): void {
    const current = store().get('configmaps', NS, name);
    assert.ok(current, `configmap ${name} exists`);
    store().update('configmaps', { ...current, data: { v: value } });
  }

  /** Three changes of every kind, made while the client is not watching. */
  function changeEverything(round: number): void {
    store().create('configmaps', configMap(NS, `new-${round}`));
    modify('one', String(round));
    store().delete('configmaps', NS, 'two');
    store().create('configmaps', configMap(NS, 'two', { v: `again-${round}` }));
  }

  it('lists, then follows additions, changes and deletions, without managedFields', async () => {
    store().update('configmaps', { ...store().get('configmaps', NS, 'one')!, metadata: { ...store().get('configmaps', NS, 'one')!.metadata, managedFields: [{ manager: 'kubectl' }] } });
    startCache();
    await waitInSync('initial list');
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`).sort(), ['added one', 'added two']);
    assert.equal(cache.get(`${NS}/one`)?.metadata.managedFields, undefined);
    assert.equal(cache.get(`${NS}/one`)?.kind, 'ConfigMap', 'list items get their kind');
    events.length = 0;
    store().create('configmaps', configMap(NS, 'three'));
    modify('one', '2');
    store().delete('configmaps', NS, 'two');
    await waitInSync('after three changes');
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`), ['added three', 'modified one', 'deleted two']);
    assert.ok(log.some((l) => l.startsWith('WATCH ') && l.includes('allowWatchBookmarks=true')), 'watches ask for bookmarks');
  });

  it('caches every namespace when given none', async () => {
    startCache({ namespace: undefined });
    await waitFor('cluster-wide list', () => cache.state.status === 'synced');
    assert.deepEqual(cache.objects('default').map((o) => o.metadata.name), ['elsewhere']);
    assert.equal(cache.objects(NS).length, 2);
  });

  it('resumes from the last resourceVersion after every watch is dropped, losing no update and never relisting', async () => {
    startCache();
    await waitInSync('initial list');
    for (let round = 1; round <= 5; round++) {
      await waitFor('an open watch', () => log.some((l) => l.startsWith('WATCH ') && l.endsWith(' 200')));
      const dropped = cluster.faults.dropWatches();
      assert.ok(dropped >= 1, `round ${round}: a watch was open`);
      changeEverything(round);
      await waitInSync(`round ${round}`);
    }
    assert.equal(lists(), 1, 'one list; every later watch resumed from a resourceVersion');
    assert.ok(log.filter((l) => l.startsWith('WATCH ') && /resourceVersion=\d+/.test(l)).length >= 6);
  });

  it('advances the resourceVersion on bookmarks', async () => {
    await sim.stop();
    sim = await startScenario({
      name: 'bookmarks', clusters: [{ name: 'east', users: [ADMIN], contextUser: 'admin', objects: [namespace(NS), configMap(NS, 'one')] }],
    }, { bookmarkIntervalMs: 20 });
    cluster = sim.clusters[0];
    startCache();
    await waitInSync('initial list');
    const listed = Number(cache.resourceVersion);
    store().create('configmaps', configMap('default', 'unwatched'));
    await waitFor('a bookmark past the list', () => Number(cache.resourceVersion) > listed);
    assert.equal(events.length, 1, 'a bookmark is no change');
  });

  it('relists on a forced 410 Gone and reports exactly the difference', async () => {
    startCache();
    await waitInSync('initial list');
    events.length = 0;
    cluster.faults.expireNextWatch(1);
    cluster.faults.dropWatches();
    changeEverything(1);
    await waitInSync('after the relist');
    assert.equal(lists(), 2, 'the 410 caused one relist');
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`).sort(), ['added new-1', 'modified one', 'modified two']);
  });

  it('relists after compaction, reporting deletions it never saw as watch events', async () => {
    startCache();
    await waitInSync('initial list');
    events.length = 0;
    cluster.faults.dropWatches();
    store().delete('configmaps', NS, 'one');
    store().create('configmaps', configMap(NS, 'three'));
    cluster.faults.compact();
    await waitInSync('after compaction');
    assert.equal(lists(), 2);
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`).sort(), ['added three', 'deleted one']);
  });

  for (const errorCode of [500, 429, 503] as const) {
    it(`reports ${errorCode}s as an error state, backs off, and recovers without losing updates`, async () => {
      cluster.faults.set({ errorRate: 1, errorCode, retryAfterSeconds: 0 });
      startCache();
      const failed = await waitFor('an error state', () => (cache.state.status === 'error' ? cache.state : undefined));
      assert.match(failed.reason ?? '', new RegExp(`\\(${errorCode}\\)`));
      assert.ok((failed.retryInMs ?? 0) > 0, 'a retry is scheduled');
      cluster.faults.reset();
      await waitInSync('after the errors stop');
      // Now half of all requests fail while watches keep dropping and objects keep changing.
      cluster.faults.set({ errorRate: 0.5, errorCode, retryAfterSeconds: 0 });
      for (let round = 1; round <= 3; round++) {
        cluster.faults.dropWatches();
        changeEverything(round);
        await waitFor(`round ${round} under a 50% ${errorCode} rate`, () => JSON.stringify(cached()) === JSON.stringify(stored()));
      }
      cluster.faults.reset();
      await waitInSync('end');
    });
  }

  it('waits as long as a 429 asks with Retry-After', async () => {
    cluster.faults.set({ errorRate: 1, errorCode: 429, retryAfterSeconds: 3 });
    startCache();
    const failed = await waitFor('a 429', () => (cache.state.status === 'error' ? cache.state : undefined));
    assert.ok((failed.retryInMs ?? 0) >= 3000, `retry in ${failed.retryInMs} ms`);
  });

  it('works through latency, and reports a server slower than the timeout as unreachable until it is fast again', async () => {
    cluster.faults.set({ latencyMs: 150 });
    startCache({ timeoutMs: 2000 });
    await waitInSync('with latency');
    changeEverything(1);
    await waitInSync('changes with latency');
    cache.stop();
    cluster.faults.set({ latencyMs: 1000 });
    startCache({ timeoutMs: 200 });
    const slow = await waitFor('a timeout', () => (cache.state.status === 'error' ? cache.state : undefined));
    assert.match(slow.reason ?? '', /no answer from 127\.0\.0\.1:\d+ within 200 ms/);
    cluster.faults.reset();
    await waitInSync('after latency is gone');
  });

  it('reads a slowly streamed body whole, even when it takes longer than the timeout', async () => {
    for (let i = 0; i < 20; i++) store().create('configmaps', configMap(NS, `bulk-${i}`, { text: 'x'.repeat(200) }));
    cluster.faults.set({ slowBody: { chunkBytes: 100, delayMs: 15 } });
    startCache({ timeoutMs: 300 });
    await waitInSync('slow list');
    assert.equal(cache.objects(NS).length, 22);
    const listed = log.find((l) => l.startsWith(`GET /api/v1/namespaces/${NS}/configmaps?`));
    assert.ok(Number(listed?.match(/\((\d+) ms\)/)?.[1]) > 300, `the list outlasted the timeout: ${listed}`);
  });

  it('survives the server going offline and coming back, catching up on what changed meanwhile', async () => {
    startCache();
    await waitInSync('initial list');
    await cluster.faults.offline();
    // The connection the server cut may first fail with ECONNRESET; every later attempt is refused.
    await waitFor('a refused reconnect', () => cache.state.status === 'error' && /^connect ECONNREFUSED 127\.0\.0\.1:\d+$/.test(cache.state.reason ?? ''));
    changeEverything(1);
    store().delete('configmaps', NS, 'one');
    await cluster.faults.online();
    await waitInSync('back online');
    assert.equal(lists(), 1, 'resumed from the resourceVersion, no relist');
  });

  it('stops in the unauthorized state when the token expires, without throwing', async () => {
    startCache();
    await waitInSync('initial list');
    cluster.faults.expireToken(ADMIN.token);
    cluster.faults.dropWatches();
    const state = await waitFor('unauthorized', () => (cache.state.status === 'unauthorized' ? cache.state : undefined));
    assert.equal(state.reason, 'Unauthorized (401): the token was rejected');
    assert.ok(cache.objects(NS).length > 0, 'what was known stays cached');
  });

  it('reports a 403 as forbidden with the API server\'s message', async () => {
    await sim.stop();
    sim = await startScenario({
      name: 'forbidden', clusters: [{ name: 'east', users: [{ name: 'nobody', token: 'nobody-token' }], contextUser: 'nobody', objects: [namespace(NS)] }],
    });
    cluster = sim.clusters[0];
    startCache();
    const state = await cache.whenSettled();
    assert.equal(state.status, 'forbidden');
    assert.match(state.reason ?? '', /configmaps is forbidden: User "nobody" cannot list resource "configmaps"/);
  });

  it('hides what it cached when access is revoked while watching: forbidden, empty, deletions reported', async () => {
    await sim.stop();
    const reader = { name: 'reader', token: 'reader-token' };
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'cm-reader' }, rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'] }] };
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'reader', namespace: NS }, subjects: [{ kind: 'User', name: 'reader', apiGroup: 'rbac.authorization.k8s.io' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cm-reader' } };
    sim = await startScenario({
      name: 'revoked', clusters: [{ name: 'east', users: [reader], contextUser: 'reader', objects: [namespace(NS), role, binding, configMap(NS, 'one'), configMap(NS, 'two')] }],
    });
    cluster = sim.clusters[0];
    startCache();
    await waitInSync('initial list');
    events.length = 0;
    store().delete('rolebindings.rbac.authorization.k8s.io', NS, 'reader');
    cluster.faults.dropWatches();
    await waitFor('forbidden', () => cache.state.status === 'forbidden');
    assert.deepEqual(cache.objects(NS), [], 'nothing the user may no longer read is shown');
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`).sort(), ['deleted one', 'deleted two']);
  });

  it('never writes the token to the log', async () => {
    startCache();
    await waitInSync('initial list');
    assert.ok(log.length > 0);
    assert.ok(!log.some((l) => l.includes(ADMIN.token) || /authorization|bearer/i.test(l)), log.join('\n'));
  });
});
