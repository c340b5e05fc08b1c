import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { Fleet } from '../../../src/cluster/fleet';
import { proxyFor } from '../../../src/cluster/proxy';
import { startScenario, type RunningScenario } from '../../sim/scenario';
import { ADMIN, kubeconfigFrom } from './simSupport';

describe('proxies as client-go picks them', () => {
  const env = { HTTPS_PROXY: 'http://proxy:3128', HTTP_PROXY: 'http://plain-proxy:3128', NO_PROXY: 'internal.example,.corp.example,10.0.0.0/8,192.168.1.7,api.example:8443' };

  it('uses HTTPS_PROXY for https servers and HTTP_PROXY for http ones, lower case too', () => {
    assert.equal(proxyFor('https://api.example:6443', undefined, env), 'http://proxy:3128');
    assert.equal(proxyFor('http://api.example:8080', undefined, env), 'http://plain-proxy:3128');
    assert.equal(proxyFor('https://api.example:6443', undefined, { https_proxy: 'proxy.lan:8080' }), 'http://proxy.lan:8080');
    assert.equal(proxyFor('https://api.example:6443', undefined, {}), undefined);
  });

  it('prefers the cluster\'s proxy-url, and never proxies loopback', () => {
    assert.equal(proxyFor('https://127.0.0.1:6443', 'socks5://tunnel:1080', env), 'socks5://tunnel:1080');
    assert.equal(proxyFor('https://127.0.0.1:6443', undefined, env), undefined);
    assert.equal(proxyFor('https://localhost:6443', undefined, env), undefined);
    assert.equal(proxyFor('https://[::1]:6443', undefined, env), undefined);
  });

  it('honours NO_PROXY: names with their subdomains, leading dots, CIDR ranges, addresses, ports and *', () => {
    assert.equal(proxyFor('https://internal.example', undefined, env), undefined);
    assert.equal(proxyFor('https://k8s.internal.example', undefined, env), undefined);
    assert.equal(proxyFor('https://corp.example', undefined, env), 'http://proxy:3128', 'a leading dot matches subdomains only');
    assert.equal(proxyFor('https://k8s.corp.example', undefined, env), undefined);
    assert.equal(proxyFor('https://10.20.30.40:6443', undefined, env), undefined);
    assert.equal(proxyFor('https://11.0.0.1:6443', undefined, env), 'http://proxy:3128');
    assert.equal(proxyFor('https://192.168.1.7:6443', undefined, env), undefined);
    assert.equal(proxyFor('https://api.example:8443', undefined, env), undefined);
    assert.equal(proxyFor('https://api.example:6443', undefined, env), 'http://proxy:3128', 'another port');
    assert.equal(proxyFor('https://anything', undefined, { ...env, no_proxy: '*', NO_PROXY: '' }), undefined);
  });
});

describe('requests through HTTPS_PROXY (simulator and a CONNECT proxy)', function () {
  this.timeout(30_000);
  let sim: RunningScenario;
  let proxy: net.Server;
  const tunnels: string[] = [];

  before(async () => {
    sim = await startScenario({ name: 'proxied', clusters: [{ name: 'east', users: [ADMIN], contextUser: 'admin', objects: [] }] });
    // A forward proxy that tunnels every CONNECT to the simulator, whatever host is named.
    proxy = http.createServer().on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      tunnels.push(req.url ?? '');
      const upstream = net.connect(sim.clusters[0].port, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    proxy?.close();
    await sim?.stop();
  });

  it('connects through the proxy named by HTTPS_PROXY, and straight (and so not at all here) when NO_PROXY names the host', async () => {
    const port = sim.clusters[0].port;
    // A name only the proxy can reach; the certificate is checked against tls-server-name.
    const loaded = kubeconfigFrom(sim.kubeconfig(), (doc) => {
      doc.clusters[0].cluster.server = `https://kube.invalid:${port}`;
      doc.clusters[0].cluster['tls-server-name'] = 'localhost';
    });
    const env = { HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}` };
    const proxied = new Fleet(loaded, { env });
    try {
      await proxied.connect('east');
      assert.deepEqual(proxied.state('east'), { status: 'connected' });
      assert.ok(tunnels.includes(`kube.invalid:${port}`), tunnels.join(', '));
    } finally {
      proxied.dispose();
    }
    const direct = new Fleet(loaded, { env: { ...env, NO_PROXY: '.invalid' }, connectTimeoutMs: 3000 });
    try {
      const before = tunnels.length;
      await direct.connect('east');
      assert.equal(direct.state('east').status, 'unreachable');
      assert.equal(tunnels.length, before);
    } finally {
      direct.dispose();
    }
  });
});
