// Pod logs as a kubelet serves them through the API server: per container, tailLines, follow.
import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import type { SimCluster } from '../../sim/cluster';
import { ADMIN, TENANT, call, startCluster, tenantObjects, until } from './sim-helpers';

const POD = '/api/v1/namespaces/team-a/pods';

describe('sim pod logs', function () {
  this.timeout(20_000);
  let cluster: SimCluster;

  before(async () => {
    cluster = await startCluster({ name: 'logs', objects: [...tenantObjects(), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' } }] });
    const pod = (name: string, containers: string[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: containers.map((c) => ({ name: c, image: `example/${c}:1` })) } });
    assert.equal((await call(cluster, 'POST', POD, { body: pod('web', ['app']) })).status, 201);
    assert.equal((await call(cluster, 'POST', POD, { body: pod('duo', ['app', 'sidecar']) })).status, 201);
    for (let i = 0; i < 200 && ((await call(cluster, 'GET', `${POD}/web`)).json().status as { phase?: string } | undefined)?.phase !== 'Running'; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  after(() => cluster.stop());

  it('serves the log of the only container, honouring tailLines', async () => {
    const all = await call(cluster, 'GET', `${POD}/web/log`);
    assert.equal(all.status, 200);
    assert.match(all.headers['content-type'] ?? '', /^text\/plain/);
    const lines = all.text.trimEnd().split('\n');
    assert.ok(lines.length > 3);
    assert.ok(lines.every((l) => l.includes('example/app:1')));
    const tail = await call(cluster, 'GET', `${POD}/web/log?tailLines=3`);
    assert.deepEqual(tail.text.trimEnd().split('\n'), lines.slice(-3));
  });

  it('asks for a container name when there are several, and rejects an unknown one', async () => {
    const ambiguous = await call(cluster, 'GET', `${POD}/duo/log`);
    assert.equal(ambiguous.status, 400);
    assert.equal(ambiguous.json().message, 'a container name must be specified for pod duo, choose one of: [app sidecar]');
    const unknown = await call(cluster, 'GET', `${POD}/duo/log?container=db`);
    assert.equal(unknown.json().message, 'container db is not valid for pod duo');
    assert.equal((await call(cluster, 'GET', `${POD}/duo/log?container=sidecar`)).status, 200);
    assert.equal((await call(cluster, 'GET', `${POD}/nope/log`)).status, 404);
  });

  it('keeps a followed log open and adds lines', async () => {
    const received: string[] = [];
    const request = https.get(new URL(`${POD}/web/log?follow=true&tailLines=1`, cluster.url), { ca: cluster.tls?.caPem, headers: { Authorization: `Bearer ${ADMIN.token}` } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => received.push(...chunk.split('\n').filter(Boolean)));
    });
    try {
      await until(() => received.length >= 2, 'a followed line after the tail', 500);
      assert.ok(received.every((l) => l.includes('example/app:1')));
    } finally {
      request.destroy();
    }
  });

  it('needs the pods/log permission', async () => {
    const denied = await call(cluster, 'GET', '/api/v1/namespaces/team-b/pods/web/log', { token: TENANT.token });
    assert.equal(denied.status, 403);
  });
});
