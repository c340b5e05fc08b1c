// ApiClient.watch against a server written in the test: answers that kube-apiserver gives in one piece (an ERROR
// event followed at once by the end of the response) must end the watch quietly, however the bytes arrive.
import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { ApiClient } from '../../../src/cluster/apiClient';
import { createServingTls } from '../../sim/tls';
import { contextConfig, waitFor } from './simSupport';

const GONE = { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version: 1 (5)', reason: 'Expired', code: 410 } };

describe('watch streams, against a scripted HTTPS server', function () {
  this.timeout(30_000);
  let server: https.Server;
  let client: ApiClient;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  before(async () => {
    const tls = await createServingTls('watch-stream');
    server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // The whole answer in one write: the client's socket is free again before its data handler runs.
      res.end(`${JSON.stringify(GONE)}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'c', server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, caData: Buffer.from(tls.caPem).toString('base64'), skipTLSVerify: false }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    client = new ApiClient(contextConfig(config), () => undefined);
    process.on('uncaughtException', onUncaught);
  });

  after(() => {
    process.off('uncaughtException', onUncaught);
    client.kubeconfig.dispose();
    server.close();
  });

  it('a watch stopped from its ERROR event (as the cache does on 410) raises no socket error', async () => {
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const handle = client.watch('/api/v1/pods', { resourceVersion: '1' }, {
          onOpen: () => undefined,
          onEvent: (type) => {
            seen.push(type);
            handle.stop();
            resolve();
          },
          onDone: () => resolve(),
        });
      });
    }
    // A socket error would be emitted on a later tick: one more watch, run to its end, lets it surface.
    const ended = await new Promise<unknown>((resolve) => client.watch('/api/v1/pods', {}, { onOpen: () => undefined, onEvent: () => undefined, onDone: resolve }));
    assert.equal(ended, undefined, 'the server ended the last watch');
    await waitFor('every event seen', () => seen.length === 20);
    assert.deepEqual(uncaught.map(String), []);
  });
});
