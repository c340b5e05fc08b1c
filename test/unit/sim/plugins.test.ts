// The ClusterHooks plumbing behind the HTTP layer: subresource handlers (JSON, text, streamed bodies) and
// websocket streams (subprotocol, bearer token in a subprotocol, RBAC and check failures before the upgrade).
import * as assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { ApiError } from '../../sim/api-error';
import type { SimCluster } from '../../sim/cluster';
import type { SubresourceCall } from '../../sim/types';
import { ADMIN, TENANT, call, startCluster } from './sim-helpers';

const BASE = '/apis/subresources.kubevirt.io/v1/namespaces/team-a/virtualmachineinstances';

interface Opened {
  socket?: WebSocket;
  status?: number;
  body?: string;
}

function open(cluster: SimCluster, path: string, protocols: string[], headers: Record<string, string> = {}): Promise<Opened> {
  const url = cluster.url.replace(/^http/, 'ws') + path;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, { ca: cluster.tls?.caPem, headers });
    socket.on('open', () => resolve({ socket }));
    socket.on('unexpected-response', (_req, res: IncomingMessage) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    socket.on('error', (e) => (e.message.startsWith('Unexpected server response') ? undefined : reject(e)));
  });
}

describe('sim subresource and stream plugins', function () {
  this.timeout(20_000);
  let cluster: SimCluster;
  const calls: SubresourceCall[] = [];

  before(async () => {
    // No kubevirt.io: only the plugins registered here answer under subresources.kubevirt.io.
    cluster = await startCluster({ groups: ['subresources.kubevirt.io'], objects: [] });
    cluster.addSubresource('subresources.kubevirt.io', 'virtualmachineinstances', 'guestosinfo', 'GET', (c) => {
      calls.push(c);
      return { code: 200, body: { name: c.name, user: c.user.name } };
    });
    cluster.addSubresource('subresources.kubevirt.io', 'virtualmachineinstances', 'pause', 'PUT', (c) => {
      if (c.name === 'stopped') throw new ApiError(409, 'Conflict', 'VM is not running');
      return { code: 200 };
    });
    cluster.addSubresource('', 'pods', 'log', 'GET', (c) => c.query.get('follow') === 'true'
      ? { code: 200, stream: (async function* () { yield 'line 1\n'; yield 'line 2\n'; })() }
      : { code: 200, body: `log of ${c.name}\n` });
    cluster.addStream('subresources.kubevirt.io', 'virtualmachineinstances', 'console', 'plain.kubevirt.io', (c) => {
      if (c.name === 'halted') throw new ApiError(400, 'BadRequest', 'VMI is not running');
      return { code: 200 };
    }, (socket, c) => {
      socket.send(`hello ${c.user.name} on ${c.name}`);
      socket.on('message', (data) => socket.send(`echo ${String(data)}`));
    });
  });
  after(() => cluster.stop());

  it('routes GET/PUT subresources with the parsed call and writes their JSON, empty or error replies', async () => {
    const info = await call(cluster, 'GET', `${BASE}/vmi1/guestosinfo?x=1`);
    assert.deepEqual(info.json(), { name: 'vmi1', user: 'admin' });
    assert.equal(calls[0].namespace, 'team-a');
    assert.equal(calls[0].query.get('x'), '1');
    const paused = await call(cluster, 'PUT', `${BASE}/vmi1/pause`, { body: { dryRun: ['All'] } });
    assert.deepEqual([paused.status, paused.text], [200, '']);
    const conflict = await call(cluster, 'PUT', `${BASE}/stopped/pause`, { body: {} });
    assert.deepEqual([conflict.status, conflict.json().message], [409, 'VM is not running']);
    assert.equal((await call(cluster, 'POST', `${BASE}/vmi1/pause`, { body: {} })).status, 405);
    assert.equal((await call(cluster, 'PUT', `${BASE}/vmi1/unknown`, { body: {} })).status, 404);
  });

  it('writes text bodies and streams', async () => {
    const log = await call(cluster, 'GET', '/api/v1/namespaces/team-a/pods/p1/log');
    assert.equal(log.headers['content-type'], 'text/plain');
    assert.equal(log.text, 'log of p1\n');
    const follow = await call(cluster, 'GET', '/api/v1/namespaces/team-a/pods/p1/log?follow=true');
    assert.equal(follow.headers['transfer-encoding'], 'chunked');
    assert.equal(follow.text, 'line 1\nline 2\n');
  });

  it('upgrades websockets with the agreed subprotocol and a header or subprotocol bearer token', async () => {
    const viaHeader = await open(cluster, `${BASE}/vmi1/console`, ['plain.kubevirt.io'], { Authorization: `Bearer ${ADMIN.token}` });
    const socket = viaHeader.socket!;
    assert.equal(socket.protocol, 'plain.kubevirt.io');
    const messages: string[] = [];
    await new Promise<void>((resolve) => socket.on('message', (data) => {
      messages.push(String(data));
      if (messages.length === 1) socket.send('ping');
      else resolve();
    }));
    assert.deepEqual(messages, ['hello admin on vmi1', 'echo ping']);
    socket.close();

    const tokenProtocol = `base64url.bearer.authorization.k8s.io.${Buffer.from(ADMIN.token).toString('base64url')}`;
    const viaProtocol = await open(cluster, `${BASE}/vmi1/console`, [tokenProtocol, 'plain.kubevirt.io']);
    assert.equal(viaProtocol.socket?.protocol, 'plain.kubevirt.io');
    viaProtocol.socket?.close();
  });

  it('answers failures before the upgrade with a Status', async () => {
    const anonymous = await open(cluster, `${BASE}/vmi1/console`, ['plain.kubevirt.io']);
    assert.equal(anonymous.status, 401);
    const halted = await open(cluster, `${BASE}/halted/console`, ['plain.kubevirt.io'], { Authorization: `Bearer ${ADMIN.token}` });
    assert.deepEqual([halted.status, JSON.parse(halted.body!).message], [400, 'VMI is not running']);
    // This cluster has no Roles for the tenant.
    const forbidden = await open(cluster, `${BASE}/vmi1/console`, ['plain.kubevirt.io'], { Authorization: `Bearer ${TENANT.token}` });
    assert.equal(forbidden.status, 403);
    assert.equal(JSON.parse(forbidden.body!).message, 'virtualmachineinstances.subresources.kubevirt.io "vmi1" is forbidden: User "alice" cannot get resource "virtualmachineinstances/console" in API group "subresources.kubevirt.io" in the namespace "team-a"');
  });
});
