// followLog over a small local log server (the simulator's pod logs are empty for now): lines split across
// chunks are joined, stop() ends the stream, a refused request is a KubeApiError.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from '../../../src/cluster/errors';
import { KubeHttp } from '../../../src/cluster/kubeHttp';
import { followLog } from '../../../src/cluster/logs';
import { contextConfig } from '../cluster/simSupport';
import { eventually } from './simEnv';

describe('following a pod log', () => {
  let server: http.Server;
  let client: KubeHttp;
  const lines: string[] = [];
  const seen: string[] = [];
  const apiLines: string[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ?? ''}`);
      if (!req.url?.startsWith('/api/v1/namespaces/team-a/pods/virt-launcher-web-1-abcde/log')) {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ kind: 'Status', code: 404, message: 'pods "x" not found' }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('{"level":"info","msg":"domain started"}\n{"level":"info","msg":"agent ');
      setImmediate(() => res.write('connected"}\r\n'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'local', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'log-test-token' }],
      contexts: [{ name: 'local', cluster: 'local', user: 'u' }],
      currentContext: 'local',
    });
    client = new KubeHttp(contextConfig(config), (line) => apiLines.push(line));
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('delivers complete lines as they arrive and stops on request', async () => {
    const stream = await followLog(client, { namespace: 'team-a', pod: 'virt-launcher-web-1-abcde', container: 'compute', tailLines: 50 }, (line) => lines.push(line));
    await eventually('two log lines', () => (lines.length >= 2 ? lines : undefined), 5000);
    assert.deepEqual(lines, ['{"level":"info","msg":"domain started"}', '{"level":"info","msg":"agent connected"}']);
    assert.match(seen[0], /container=compute/);
    assert.match(seen[0], /follow=true/);
    assert.match(seen[0], /tailLines=50/);
    assert.match(seen[0], /Bearer log-test-token$/);
    stream.stop();
    await stream.done;
    assert.deepEqual(apiLines, ['GET /api/v1/namespaces/team-a/pods/virt-launcher-web-1-abcde/log?container=compute&follow=true 200']);
  });

  it('a refused request rejects with the HTTP code', async () => {
    const error = await followLog(client, { namespace: 'team-a', pod: 'gone', container: 'compute' }, () => undefined).catch((e: unknown) => e);
    assert.ok(error instanceof KubeApiError && error.code === 404, String(error));
  });
});
