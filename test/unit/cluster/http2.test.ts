// HTTP/2 against the simulator, which speaks it beside HTTP/1.1 as kube-apiserver does: a context's requests and
// watches share one connection, another opens at the server's limit of streams, a dropped connection ends its
// streams as a dropped socket would, a GOAWAY moves new requests to a new one, one that stops answering pings is
// closed, and a server that speaks only HTTP/1.1 (a proxy) or DISABLE_HTTP2 keeps the keep-alive agent. The
// simulator counts the TCP connections it accepts.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { ApiClient, WatchHandle } from '../../../src/cluster/apiClient';
import type { ContextConfigOptions } from '../../../src/cluster/contextConfig';
import { classifyFailure } from '../../../src/cluster/errors';
import { Fleet } from '../../../src/cluster/fleet';
import type { Http2Serving } from '../../sim/cluster';
import { startScenario, type RunningScenario } from '../../sim/scenario';
import { ADMIN, clientFor, clusterRole, clusterRoleBinding, configMap, kubeconfigFrom, namespace, pod, roleBinding, virtualMachine, waitFor, WORKLOAD_READER } from './simSupport';

const TEAMS = ['team-a', 'team-b', 'team-c', 'team-d', 'team-e'];
const KUBEVIRT = ['kubevirt.io', 'subresources.kubevirt.io'];
const DEVELOPER = { name: 'dev', token: 'dev-token' };

describe('HTTP/2 (simulator)', function () {
  this.timeout(30_000);
  let sim: RunningScenario | undefined;
  const stops: (() => void)[] = [];

  async function start(http2?: Http2Serving | false): Promise<RunningScenario> {
    sim = await startScenario({
      name: 'http2',
      clusters: [{
        // A tenant developer's Fleet: a watch per namespace and kind.
        name: 'east', users: [ADMIN, DEVELOPER], contextUser: DEVELOPER.name, groups: KUBEVIRT,
        objects: [
          ...TEAMS.flatMap((t) => [namespace(t), virtualMachine(t, `vm-${t}`), pod(t, `pod-${t}`), roleBinding(t, DEVELOPER.name, 'workload-reader'), roleBinding(t, DEVELOPER.name, 'config-reader')]),
          WORKLOAD_READER,
          clusterRole('config-reader', [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'] }]),
          clusterRole('namespace-lister', [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['namespaces'] }]),
          clusterRoleBinding(DEVELOPER.name, 'namespace-lister'),
        ],
      }],
    }, { http2 });
    return sim;
  }

  /** A client of the scenario's context, with an environment of its own (no DISABLE_HTTP2 from the machine's). */
  function client(options: ContextConfigOptions = {}, log: string[] = [], loaded = kubeconfigFrom(sim!.kubeconfig())): ApiClient {
    const api = clientFor(loaded, 'east', log, undefined, { env: {}, ...options });
    stops.push(() => api.kubeconfig.dispose());
    return api;
  }

  /** Opens `count` watches of config maps in team-a; resolves once all are open, with the names each has seen. */
  async function watches(api: ApiClient, count: number): Promise<{ seen: Set<string>[]; ended: unknown[]; handles: WatchHandle[] }> {
    const seen = Array.from({ length: count }, () => new Set<string>());
    const ended: unknown[] = [];
    let open = 0;
    const handles = seen.map((names) => api.watch('/api/v1/namespaces/team-a/configmaps', {}, {
      onOpen: () => open++,
      onEvent: (_type, object) => names.add((object as { metadata: { name: string } }).metadata.name),
      onDone: (error) => ended.push(error ?? 'clean'),
    }));
    for (const handle of handles) stops.push(() => handle.stop());
    await waitFor(`${count} watches open`, () => open === count);
    return { seen, ended, handles };
  }

  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    await sim?.stop();
    sim = undefined;
  });

  it('carries a Fleet\'s lists and watches on one connection, where HTTP/1.1 takes one per watch', async () => {
    const counts: Record<string, { connections: number; watches: number }> = {};
    for (const http2 of [undefined, false] as const) {
      const cluster = (await start(http2)).clusters[0];
      const fleet = new Fleet(kubeconfigFrom(sim!.kubeconfig()));
      stops.push(() => fleet.dispose());
      await fleet.connect('east');
      fleet.watchNamespaces('east', TEAMS);
      await waitFor('every team listed', () => TEAMS.every((t) => fleet.vms('east', t).length === 1 && fleet.pods('east', t).length === 1));
      // Each list is followed by its watch.
      const workloadWatches = () => cluster.stats.requests.filter((r) => r.watch && /\/namespaces\/[^/]+\/(virtualmachines|virtualmachineinstances|pods)\?/.test(r.path)).length;
      await waitFor('every team watched', () => workloadWatches() === TEAMS.length * 3);
      const { requests, connections } = cluster.stats;
      assert.ok(requests.every((r) => r.http2 === (http2 !== false)), 'every request in the protocol the server offers');
      counts[http2 === false ? 'HTTP/1.1' : 'HTTP/2'] = { connections, watches: requests.filter((r) => r.watch).length };
      for (const stop of stops.splice(0)) stop();
      await sim!.stop();
      sim = undefined;
    }
    console.log(`      ${Object.entries(counts).map(([k, c]) => `${k}: ${c.watches} watches over ${c.connections} connections`).join('; ')}`);
    assert.equal(counts['HTTP/2'].connections, 1);
    assert.ok(counts['HTTP/2'].watches >= TEAMS.length * 3, `every team's workloads watched (${counts['HTTP/2'].watches})`);
    assert.ok(counts['HTTP/1.1'].connections >= counts['HTTP/1.1'].watches, `a connection per watch (${counts['HTTP/1.1'].connections})`);
  });

  it('opens another connection when one carries as many streams as the server allows, and every stream delivers', async () => {
    const cluster = (await start({ maxConcurrentStreams: 4 })).clusters[0];
    const api = client();
    const { seen } = await watches(api, 10);
    assert.equal(cluster.stats.connections, 3, '4 + 4 + 2 watches');
    // A one-shot request still gets through: a connection with room is opened for it.
    await cluster.store.create('configmaps', configMap('team-a', 'after'));
    assert.equal(((await api.get<{ items: unknown[] }>('/api/v1/namespaces/team-a/configmaps')).items.length), 1);
    await waitFor('every watch to see the change', () => seen.every((names) => names.has('after')));
  });

  it('ends the streams of a dropped connection as a dropped socket, and opens a new one for the next request', async () => {
    const cluster = (await start()).clusters[0];
    const log: string[] = [];
    const api = client({}, log);
    const { ended } = await watches(api, 3);
    cluster.faults.set({ latencyMs: 2000 });
    const inFlight = api.get('/api/v1/namespaces').then(() => 'answered', (error: unknown) => error);
    await waitFor('the request to arrive', () => cluster.stats.requests.some((r) => !r.watch && r.path === '/api/v1/namespaces'));
    await cluster.faults.offline();
    await waitFor('every watch to end', () => ended.length === 3);
    const failure = await inFlight;
    assert.notEqual(failure, 'answered');
    assert.equal(classifyFailure(failure).status, 'unreachable', String(failure));
    for (const error of ended) assert.equal(classifyFailure(error).status, 'unreachable', String(error));
    assert.ok(log.every((line) => !/authorization|bearer/i.test(line)), 'no credential in the log');
    await cluster.faults.online();
    cluster.faults.set({ latencyMs: 0 });
    await api.get('/api/v1/namespaces');
    assert.equal(cluster.stats.connections, 2);
  });

  it('moves new requests to a new connection after a GOAWAY, while the streams open go on', async () => {
    const cluster = (await start()).clusters[0];
    const api = client();
    const { seen, ended } = await watches(api, 3);
    assert.equal(cluster.faults.goAway(), 1);
    // Sent before the GOAWAY reaches the client: the server refuses it unprocessed, and it is sent again.
    await api.get('/api/v1/namespaces');
    assert.equal(cluster.stats.connections, 2);
    await cluster.store.create('configmaps', configMap('team-a', 'after-goaway'));
    await waitFor('every watch to see the change', () => seen.every((names) => names.has('after-goaway')));
    assert.deepEqual(ended, []);
  });

  it('closes a connection that stops answering pings, ending its watches with the reason', async () => {
    const cluster = (await start()).clusters[0];
    const link = await frozenLink(cluster.port);
    stops.push(() => link.close());
    const throughLink = kubeconfigFrom(sim!.kubeconfig(), (doc) => (doc.clusters[0].cluster.server = `https://127.0.0.1:${link.port}`));
    const { ended } = await watches(client({ ping: { intervalMs: 100, timeoutMs: 300 } }, [], throughLink), 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(ended, [], 'pings answered: the watches go on');
    link.freeze();
    await waitFor('every watch to end', () => ended.length === 3, 5000);
    for (const error of ended) {
      assert.match(String(error), /no answer to a ping within 300 ms/);
      assert.equal(classifyFailure(error).status, 'unreachable');
    }
  });

  it('remembers a server that speaks only HTTP/1.1, and DISABLE_HTTP2 keeps every request on HTTP/1.1', async () => {
    const cluster = (await start(false)).clusters[0];
    const api = client();
    for (let i = 0; i < 5; i++) await api.get('/api/v1/namespaces');
    assert.equal(cluster.stats.connections, 2, 'the connection that asked for HTTP/2, then one kept alive');
    await sim!.stop();

    const again = (await start()).clusters[0];
    await watches(client({ env: { DISABLE_HTTP2: '1' } }), 3);
    assert.equal(again.stats.connections, 3, 'a connection per watch');
  });
});

/** A TCP relay to `port` that, once frozen, passes nothing either way and closes nothing: a link that died silently. */
async function frozenLink(port: number): Promise<{ port: number; freeze(): void; close(): void }> {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    track(client);
    track(upstream);
    client.on('data', (bytes) => frozen || upstream.write(bytes));
    upstream.on('data', (bytes) => frozen || client.write(bytes));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze: () => (frozen = true),
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
