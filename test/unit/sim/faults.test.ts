// Every injected fault, and the recovery once it is lifted, seen by real clients.
import * as assert from 'node:assert/strict';
import { CoreV1Api, makeInformer, type KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import type { SimCluster } from '../../sim/cluster';
import type { KubeObject } from '../../sim/store';
import { ADMIN, call, kubeConfig, startCluster, until } from './sim-helpers';

const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'team-a' } });

describe('sim faults', function () {
  this.timeout(20_000);
  let cluster: SimCluster;
  let kc: KubeConfig;
  let core: CoreV1Api;

  before(async () => {
    cluster = await startCluster({ name: 'faulty' });
    kc = kubeConfig(cluster);
    core = kc.makeApiClient(CoreV1Api);
  });
  afterEach(() => cluster.faults.reset());
  after(() => cluster.stop());

  it('adds latency and still answers correctly', async () => {
    cluster.faults.set({ latencyMs: 150 });
    const list = await core.listNamespace();
    assert.ok(list.items.some((n) => n.metadata?.name === 'team-a'));
    cluster.faults.set({ latencyMs: 0 });
    assert.equal((await call(cluster, 'GET', '/version')).status, 200);
  });

  it('fails requests with 500 at the configured rate, then recovers', async () => {
    cluster.faults.set({ errorRate: 1, errorCode: 500 });
    const failed = await call(cluster, 'GET', '/api/v1/namespaces');
    assert.equal(failed.status, 500);
    assert.equal(failed.json().reason, 'InternalError');
    cluster.faults.set({ errorRate: 0 });
    assert.equal((await call(cluster, 'GET', '/api/v1/namespaces')).status, 200);
  });

  it('answers 429 with Retry-After and 503, then recovers', async () => {
    cluster.faults.set({ errorRate: 1, errorCode: 429, retryAfterSeconds: 3 });
    const throttled = await call(cluster, 'GET', '/api/v1/namespaces');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '3');
    assert.equal(throttled.json().reason, 'TooManyRequests');
    assert.deepEqual(throttled.json().details, { retryAfterSeconds: 3 });
    cluster.faults.set({ errorCode: 503 });
    const unavailable = await call(cluster, 'GET', '/api/v1/namespaces');
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.json().reason, 'ServiceUnavailable');
    cluster.faults.reset();
    assert.equal((await call(cluster, 'GET', '/api/v1/namespaces')).status, 200);
  });

  it('drops every open watch; a client-node informer re-watches and keeps up', async () => {
    const added: string[] = [];
    const informer = makeInformer(kc, '/api/v1/namespaces/team-a/configmaps', () => core.listNamespacedConfigMap({ namespace: 'team-a' }));
    informer.on('add', (o: V1ConfigMap) => added.push(o.metadata!.name!));
    let connects = 0;
    informer.on('connect', () => connects++);
    await informer.start();
    try {
      await until(() => cluster.openWatches === 1, 'the informer to watch');
      assert.equal(cluster.faults.dropWatches(), 1);
      await until(() => connects >= 1 && cluster.openWatches === 1, 'the informer to re-watch');
      cluster.store.create('configmaps', cm('after-drop'));
      await until(() => added.includes('after-drop'), 'the informer to see a change made after the drop');
    } finally {
      await informer.stop();
    }
  });

  it('forces 410 on the next watch; the informer relists and keeps up', async () => {
    const added: string[] = [];
    const informer = makeInformer(kc, '/api/v1/namespaces/team-a/configmaps', () => core.listNamespacedConfigMap({ namespace: 'team-a' }));
    informer.on('add', (o: V1ConfigMap) => added.push(o.metadata!.name!));
    await informer.start();
    try {
      await until(() => cluster.openWatches === 1, 'the informer to watch');
      cluster.faults.expireNextWatch();
      // A clean close makes the informer re-watch from its resourceVersion, which now gets ERROR 410.
      cluster.faults.dropWatches();
      cluster.store.create('configmaps', cm('during-gone'));
      await until(() => added.includes('during-gone') && cluster.openWatches === 1, 'the informer to relist after 410');
      assert.equal(cluster.faults.takeWatchExpiry(), false, 'the forced expiry was consumed');
    } finally {
      await informer.stop();
    }
  });

  it('goes offline (ECONNREFUSED) and comes back on the same port', async () => {
    const port = cluster.port;
    await cluster.faults.offline();
    assert.equal(cluster.listening, false);
    await assert.rejects(call(cluster, 'GET', '/version'), (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
    await assert.rejects(core.listNamespace(), /ECONNREFUSED/);
    await cluster.faults.online();
    assert.equal(cluster.port, port);
    assert.equal((await core.listNamespace()).items.length > 0, true);
  });

  it('expires a token (401) and restores it', async () => {
    cluster.faults.expireToken(ADMIN.token);
    const denied = await call(cluster, 'GET', '/api/v1/namespaces');
    assert.equal(denied.status, 401);
    assert.equal(denied.json().message, 'Unauthorized');
    cluster.faults.restoreToken(ADMIN.token);
    assert.equal((await call(cluster, 'GET', '/api/v1/namespaces')).status, 200);
  });

  it('streams bodies slowly in chunks, which still parse', async () => {
    cluster.faults.set({ slowBody: { chunkBytes: 64, delayMs: 2 } });
    const raw = await call(cluster, 'GET', '/api/v1/namespaces');
    assert.equal(raw.headers['transfer-encoding'], 'chunked');
    assert.equal(raw.headers['content-length'], undefined);
    assert.ok(raw.json().items!.length >= 4);
    const list = await core.listNamespace();
    assert.ok(list.items.some((n) => n.metadata?.name === 'team-b'));
    cluster.faults.set({ slowBody: undefined });
    assert.ok((await call(cluster, 'GET', '/api/v1/namespaces')).headers['content-length']);
  });
});
