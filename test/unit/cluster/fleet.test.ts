import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import { Fleet, type FleetChange } from '../../../src/cluster/fleet';
import { createServingTls } from '../../sim/tls';
import { startScenario, type RunningScenario, type ScenarioCluster } from '../../sim/scenario';
import {
  ADMIN, clusterRole, clusterRoleBinding, FAST_RETRY, kubeconfigFrom, namespace, pod, roleBinding, runtimeClass, virtualMachine, waitFor, WORKLOAD_READER,
} from './simSupport';

const KUBEVIRT = ['kubevirt.io', 'subresources.kubevirt.io'];

describe('fleet against the simulator', function () {
  this.timeout(30_000);
  let sim: RunningScenario | undefined;
  let fleet: Fleet | undefined;
  let log: string[];
  const logHooks = new Set<(line: { context: string; text: string }, at: number) => void>();
  /** Hears each API log line with its context and the time it was written, until the returned function is called. */
  const logged = (hook: (line: { context: string; text: string }, at: number) => void) => {
    logHooks.add(hook);
    return () => logHooks.delete(hook);
  };
  let changes: FleetChange[];

  beforeEach(() => {
    log = [];
    changes = [];
  });

  afterEach(async () => {
    fleet?.dispose();
    fleet = undefined;
    await sim?.stop();
    sim = undefined;
  });

  async function start(clusters: ScenarioCluster[], edit?: Parameters<typeof kubeconfigFrom>[1], options: { connectTimeoutMs?: number; namespaces?: string[]; namespaceSelector?: string; pageSize?: number } = {}) {
    sim = await startScenario({ name: 'fleet', clusters });
    const { pageSize, ...fleetOptions } = options;
    fleet = new Fleet(kubeconfigFrom(sim.kubeconfig(), edit), {
      ...fleetOptions,
      cacheOptions: { ...FAST_RETRY, pageSize },
      log: (line) => {
        const context = clusters.find((c) => line.startsWith(`[${c.name}] `));
        assert.ok(context, `a log line names its context: ${line}`);
        log.push(line.slice(context.name.length + 3));
        for (const hook of logHooks) hook({ context: context.name, text: line.slice(context.name.length + 3) }, Date.now());
      },
    });
    fleet.onDidChange((c) => changes.push(c));
    return fleet;
  }

  const admin = (name: string, extra: Partial<ScenarioCluster> = {}): ScenarioCluster => ({ name, users: [ADMIN], contextUser: 'admin', objects: [], ...extra });

  describe('connection states', () => {
    it('connects a healthy cluster and lists its contexts', async () => {
      const f = await start([admin('east', { contextNamespace: 'default' })]);
      assert.deepEqual(f.contexts().map((c) => ({ ...c, host: c.host.replace(/\d+$/, 'PORT'), server: '' })), [
        { name: 'east', cluster: 'east', server: '', host: '127.0.0.1:PORT', user: 'admin@east', namespace: 'default', file: '', warnings: [] },
      ]);
      assert.equal(f.state('east').status, 'idle', 'connecting is lazy');
      await f.connect('east');
      assert.deepEqual(f.state('east'), { status: 'connected' });
      assert.ok(changes.some((c) => c.context === 'east' && c.resource === 'connection'));
    });

    it('reports a refused connection as unreachable with the system message', async () => {
      const f = await start([admin('offline', { offline: true })]);
      await f.connect('offline');
      assert.equal(f.state('offline').status, 'unreachable');
      assert.match(f.state('offline').reason ?? '', /^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    });

    it('reports an unknown token as unauthorized', async () => {
      const f = await start([admin('east')], (doc) => (doc.users[0].user.token = 'not-a-known-token'));
      await f.connect('east');
      assert.deepEqual(f.state('east'), { status: 'unauthorized', reason: 'Unauthorized (401): the token was rejected' });
      assert.ok(log.some((l) => /^GET \/apis 401 \(\d+ ms\)$/.test(l)), 'one line per call: verb, path, status');
      assert.ok(!log.some((l) => l.includes('not-a-known-token')));
    });

    it('reports a failing exec credential plugin as a credentials state with its exit code, never what it printed', async () => {
      const f = await start([admin('east')], (doc) => {
        doc.users[0].user = {
          exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', 'process.stderr.write("login expired for token sk-live-0123456789abcdef"); process.exit(3)'] },
        };
      });
      await f.connect('east');
      assert.deepEqual(f.state('east'), { status: 'credentials', reason: `Credentials unavailable: credential plugin "${path.basename(process.execPath)}" exited with code 3` });
      assert.ok(!log.some((l) => l.includes('sk-live')), log.join('\n'));
    });

    it('reports a server certificate from another CA as a TLS error', async () => {
      const otherCa = (await createServingTls('impostor')).caPem;
      const f = await start([admin('east')], (doc) => (doc.clusters[0].cluster['certificate-authority-data'] = Buffer.from(otherCa).toString('base64')));
      await f.connect('east');
      assert.equal(f.state('east').status, 'tlsError');
      assert.match(f.state('east').reason ?? '', /^TLS: .*(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT)/);
    });

    it('gives up on a server that accepts but never answers, without holding up the other contexts', async () => {
      const sockets: net.Socket[] = [];
      const blackhole = net.createServer((s) => sockets.push(s));
      await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
      const port = (blackhole.address() as net.AddressInfo).port;
      try {
        const f = await start([admin('east'), admin('void')], (doc) => (doc.clusters[1].cluster.server = `https://127.0.0.1:${port}`), { connectTimeoutMs: 1500 });
        const both = f.connectAll();
        await waitFor('east connected while void is still connecting', () => f.state('east').status === 'connected' && f.state('void').status === 'connecting');
        await both;
        assert.equal(f.state('void').status, 'unreachable');
        assert.match(f.state('void').reason ?? '', new RegExp(`no answer from 127\\.0\\.0\\.1:${port} within 1500 ms`));
      } finally {
        for (const s of sockets) s.destroy();
        blackhole.close();
      }
    });

    it('retries: an offline cluster that comes online connects on retry', async () => {
      const f = await start([admin('late', { offline: true })]);
      await f.connect('late');
      assert.equal(f.state('late').status, 'unreachable');
      await sim!.clusters[0].faults.online();
      await f.retry('late');
      assert.equal(f.state('late').status, 'connected');
    });

    it('moves to unreachable when the cluster goes away after connecting, and back when it returns', async () => {
      const f = await start([admin('east', { objects: [namespace('team-a'), pod('team-a', 'p1')] })]);
      await f.connect('east');
      await waitFor('pods cached', () => f.pods('east', 'team-a').length === 1);
      await sim!.clusters[0].faults.offline();
      await waitFor('unreachable', () => f.state('east').status === 'unreachable');
      await sim!.clusters[0].faults.online();
      await waitFor('connected again', () => f.state('east').status === 'connected');
    });

    it('moves to unauthorized when the token expires while watching, and back once a token is accepted again', async () => {
      const f = await start([admin('east', { objects: [namespace('team-a')] })]);
      await f.connect('east');
      await waitFor('pods cache synced', () => f.cacheState('east', 'pods') === 'synced');
      sim!.clusters[0].faults.expireToken(ADMIN.token);
      sim!.clusters[0].faults.dropWatches();
      await waitFor('unauthorized', () => f.state('east').status === 'unauthorized');
      assert.equal(f.state('east').reason, 'Unauthorized (401): the token was rejected');
      // The caches keep retrying (with backoff) after a 401: a refreshed or restored token brings them back.
      sim!.clusters[0].faults.restoreToken(ADMIN.token);
      sim!.clusters[0].store.create('pods', pod('team-a', 'after-the-401'));
      await waitFor('connected again with the new pod', () => f.state('east').status === 'connected' && f.pods('east', 'team-a').some((p) => p.metadata.name === 'after-the-401'), 15_000);
    });

    it('a change listener that throws neither stops the others nor the cache', async () => {
      const f = await start([admin('east', { groups: KUBEVIRT, objects: [namespace('team-a')] })]);
      f.onDidChange(() => {
        throw new Error('a broken listener');
      });
      const seen: string[] = [];
      f.onDidChange((c) => c.resource === 'virtualmachines' && seen.push(c.namespace ?? ''));
      await f.connect('east');
      await waitFor('VMs cache synced', () => f.cacheState('east', 'virtualmachines') === 'synced');
      sim!.clusters[0].store.create('virtualmachines.kubevirt.io', virtualMachine('team-a', 'first'));
      await waitFor('the second listener hears the new VM', () => seen.includes('team-a'));
      sim!.clusters[0].store.create('virtualmachines.kubevirt.io', virtualMachine('team-a', 'second'));
      await waitFor('the cache keeps following', () => f.vms('east', 'team-a').length === 2);
    });
  });

  describe('discovery', () => {
    it('finds KubeVirt with its subresource API, Capsule and the RuntimeClasses', async () => {
      const f = await start([admin('east', {
        groups: [...KUBEVIRT, 'capsule.clastix.io'],
        objects: [runtimeClass('kata-fc', 'kata-fc', { memory: '130Mi', cpu: '250m' }), runtimeClass('gvisor', 'runsc')],
      })]);
      await f.connect('east');
      await waitFor('runtime classes', () => f.discovery('east')?.runtimeClasses.length === 2);
      const d = f.discovery('east')!;
      assert.match(d.serverVersion ?? '', /^v1\.\d+/);
      assert.equal(d.kubevirt.installed, true);
      assert.equal(d.kubevirt.subresources, true);
      assert.equal(d.capsule.installed, true);
      assert.deepEqual(d.runtimeClasses.map((r) => [r.name, r.isolation.class, r.isolation.label, r.overhead?.memory, r.inferred]), [
        ['gvisor', 'sandbox', 'gVisor', undefined, false],
        ['kata-fc', 'microvm', 'Kata Firecracker', '130Mi', false],
      ]);
    });

    it('reads the KubeVirt version from the KubeVirt CR when virt-api is not served', async () => {
      const kubevirtCr = { apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' }, spec: {}, status: { observedKubeVirtVersion: 'v1.6.2' } };
      const f = await start([admin('east', { groups: ['kubevirt.io'], objects: [namespace('kubevirt'), kubevirtCr] })]);
      await f.connect('east');
      const d = f.discovery('east')!;
      assert.deepEqual(d.kubevirt, { installed: true, subresources: false, version: 'v1.6.2' });
    });

    it('finds neither KubeVirt nor Capsule on a plain cluster, and does not watch VMs there', async () => {
      const f = await start([admin('plain', { objects: [namespace('team-a')] })]);
      await f.connect('plain');
      const d = f.discovery('plain')!;
      assert.deepEqual(d.kubevirt, { installed: false, subresources: false, version: undefined });
      assert.equal(d.capsule.installed, false);
      assert.ok(!log.some((l) => l.includes('/apis/kubevirt.io/')), 'no KubeVirt calls');
      assert.deepEqual(f.vms('plain', 'team-a'), []);
    });

    it('infers RuntimeClasses from pods when RuntimeClasses are forbidden', async () => {
      const f = await start([{
        name: 'east', users: [ADMIN, { name: 'dev', token: 'dev-token' }], contextUser: 'dev',
        objects: [namespace('team-a'), WORKLOAD_READER, roleBinding('team-a', 'dev', 'workload-reader'), runtimeClass('kata-qemu', 'kata-qemu'),
          pod('team-a', 'sandboxed', 'kata-qemu'), pod('team-a', 'plain')],
      }], undefined, { namespaces: ['team-a'] });
      await f.connect('east');
      f.watchNamespaces('east', ['team-a']);
      await waitFor('inferred runtime classes', () => f.discovery('east')?.runtimeClasses.length === 1);
      assert.deepEqual(f.discovery('east')!.runtimeClasses.map((r) => [r.name, r.isolation.label, r.inferred]), [['kata-qemu', 'Kata QEMU', true]]);
      assert.equal(f.cacheState('east', 'runtimeclasses'), 'forbidden');
    });
  });

  describe('visibility', () => {
    const teams = ['team-a', 'team-b', 'team-c'];
    const objects = [
      ...teams.map((t) => namespace(t)),
      ...teams.map((t) => virtualMachine(t, `vm-${t}`)),
      ...teams.map((t) => pod(t, `pod-${t}`)),
    ];

    it('uses one cluster-wide cache per resource when the user may list and watch everywhere', async () => {
      const f = await start([admin('east', { groups: KUBEVIRT, objects })]);
      await f.connect('east');
      await waitFor('VMs in every team', () => teams.every((t) => f.vms('east', t).length === 1));
      assert.equal(f.cacheState('east', 'virtualmachines'), 'synced', 'a cluster-wide cache');
      assert.ok(log.some((l) => l.startsWith('GET /apis/kubevirt.io/v1/virtualmachines?')), 'listed in pages');
      assert.ok(!log.some((l) => l.includes('/namespaces/team-a/virtualmachines')));
      assert.deepEqual(f.namespaces('east'), ['default', 'kube-node-lease', 'kube-public', 'kube-system', ...teams]);
      assert.deepEqual(f.tenants('east', { showSystem: false }).map((t) => t.name), ['default', ...teams]);
    });

    it('uses per-namespace caches for a user who can see two namespaces; the rest is hidden, not an error', async () => {
      const f = await start([{
        name: 'east', users: [ADMIN, { name: 'dev', token: 'dev-token' }], contextUser: 'dev', contextNamespace: 'team-a', groups: KUBEVIRT,
        objects: [...objects, WORKLOAD_READER, roleBinding('team-a', 'dev', 'workload-reader'), roleBinding('team-b', 'dev', 'workload-reader'),
          clusterRole('see-team-b', [{ verbs: ['get'], apiGroups: [''], resources: ['namespaces'], resourceNames: ['team-b'] }]),
          clusterRoleBinding('dev', 'see-team-b')],
      }], undefined, { namespaces: ['team-c'] });
      await f.connect('east');
      assert.ok(!log.some((l) => l.includes('/namespaces/team-a/virtualmachines')), 'no workload cache before a tenant is expanded');
      f.watchNamespaces('east', ['team-a', 'team-b', 'team-c']);
      await waitFor('VMs of team-a and team-b', () => f.vms('east', 'team-a').length === 1 && f.vms('east', 'team-b').length === 1);
      assert.equal(f.state('east').status, 'connected');
      assert.deepEqual(f.namespaces('east'), ['team-a', 'team-b'], 'team-c was configured but RBAC does not confirm it');
      assert.deepEqual(f.tenants('east').map((t) => t.name), ['team-a', 'team-b']);
      assert.equal(f.cacheState('east', 'virtualmachines'), undefined, 'no cluster-wide cache');
      assert.equal(f.cacheState('east', 'virtualmachines', 'team-a'), 'synced');
      assert.deepEqual(f.vms('east', 'team-c'), []);
      await waitFor('team-b watched from its list', () => log.some((l) => l.startsWith('WATCH /apis/kubevirt.io/v1/namespaces/team-b/virtualmachines?') && l.endsWith(' 200')));
      assert.ok(!log.some((l) => /\/namespaces\/team-c\//.test(l)), 'never asks for team-c');
      assert.ok(!log.some((l) => l.includes('dev-token')));
    });

    it('keeps configured namespaces when they cannot be confirmed and hides their 403s', async () => {
      const f = await start([{
        name: 'east', users: [ADMIN, { name: 'dev', token: 'dev-token' }], contextUser: 'dev', groups: KUBEVIRT,
        objects: [...objects, WORKLOAD_READER, roleBinding('team-a', 'dev', 'workload-reader')],
      }], undefined, { namespaces: ['team-a'] });
      await f.connect('east');
      f.watchNamespaces('east', ['team-a']);
      await waitFor('team-a VM', () => f.vms('east', 'team-a').length === 1);
      assert.deepEqual(f.namespaces('east'), ['team-a']);
    });

    it('fires changes keyed by context, namespace and resource', async () => {
      const f = await start([admin('east', { groups: KUBEVIRT, objects })]);
      await f.connect('east');
      await waitFor('synced', () => f.vms('east', 'team-b').length === 1);
      changes.length = 0;
      sim!.clusters[0].store.create('virtualmachines.kubevirt.io', virtualMachine('team-b', 'another'));
      const change = await waitFor('a VM change', () => changes.find((c) => c.resource === 'virtualmachines'));
      assert.deepEqual(change, { context: 'east', namespace: 'team-b', resource: 'virtualmachines' });
      await waitFor('the new VM', () => f.vms('east', 'team-b').length === 2);
    });

    it('follows namespaces that appear and disappear with their per-namespace caches', async () => {
      const namespaceLister = clusterRole('namespace-lister', [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['namespaces'] }]);
      const f = await start([{
        name: 'east', users: [ADMIN, { name: 'ops', token: 'ops-token' }], contextUser: 'ops', groups: KUBEVIRT,
        objects: [...objects, WORKLOAD_READER, namespaceLister, clusterRoleBinding('ops', 'namespace-lister'), roleBinding('team-a', 'ops', 'workload-reader')],
      }]);
      await f.connect('east');
      // team-d is opened before it exists, as a tree expanded before a namespace is created.
      f.watchNamespaces('east', ['team-a', 'team-d']);
      await waitFor('team-a pods', () => f.pods('east', 'team-a').length === 1);
      const store = sim!.clusters[0].store;
      store.create('namespaces', namespace('team-d'));
      store.create('rolebindings.rbac.authorization.k8s.io', roleBinding('team-d', 'ops', 'workload-reader'));
      store.create('pods', pod('team-d', 'pod-team-d'));
      await waitFor('team-d as a tenant', () => f.tenants('east').some((t) => t.name === 'team-d'));
      assert.ok(changes.some((c) => c.resource === 'namespaces'));
      await waitFor('team-d pods through a new cache', () => f.pods('east', 'team-d').length === 1);
      store.delete('namespaces', undefined, 'team-d');
      await waitFor('team-d gone with its cache', () => !f.namespaces('east').includes('team-d') && f.cacheState('east', 'pods', 'team-d') === undefined);
      assert.deepEqual(f.pods('east', 'team-d'), []);
    });

    it('filters namespaces with a label selector', async () => {
      const f = await start([admin('east', { objects: [namespace('team-a', { tier: 'prod' }), namespace('team-b', { tier: 'dev' })] })], undefined, { namespaceSelector: 'tier=prod' });
      await f.connect('east');
      await waitFor('namespaces', () => f.namespaces('east').length > 0);
      assert.deepEqual(f.namespaces('east'), ['team-a']);
      assert.ok(log.some((l) => l.startsWith('GET /api/v1/namespaces?') && l.includes('labelSelector=tier%3Dprod')));
    });
  });

  describe('tenants', () => {
    const tenant = (name: string, namespaces: string[]) => ({
      apiVersion: 'capsule.clastix.io/v1beta2', kind: 'Tenant', metadata: { name },
      spec: { owners: [{ kind: 'User', name: 'alice' }] }, status: { state: 'Active', size: namespaces.length, namespaces },
    });
    const capsuleObjects = [
      namespace('oil-dev'), namespace('oil-prod'), namespace('gas-dev'), namespace('loose'),
      tenant('oil', ['oil-dev', 'oil-prod']), tenant('gas', ['gas-dev']),
    ];

    it('groups namespaces by Capsule Tenant for a user who may list both', async () => {
      const f = await start([admin('east', { groups: ['capsule.clastix.io'], objects: capsuleObjects })]);
      await f.connect('east');
      await waitFor('tenants', () => f.tenants('east').some((t) => t.kind === 'capsule' && t.namespaces.length === 2));
      assert.deepEqual(f.tenants('east').map((t) => [t.name, t.kind, t.namespaces]), [
        ['default', 'namespace', ['default']],
        ['gas', 'capsule', ['gas-dev']],
        ['loose', 'namespace', ['loose']],
        ['oil', 'capsule', ['oil-dev', 'oil-prod']],
      ]);
    });

    it('falls back to the namespaces of readable Tenants when namespaces cannot be listed', async () => {
      const f = await start([{
        name: 'east', users: [ADMIN, { name: 'alice', token: 'alice-token' }], contextUser: 'alice', groups: ['capsule.clastix.io'],
        objects: [...capsuleObjects, WORKLOAD_READER, roleBinding('oil-dev', 'alice', 'workload-reader'), roleBinding('oil-prod', 'alice', 'workload-reader'),
          clusterRole('tenant-reader', [{ verbs: ['get', 'list', 'watch'], apiGroups: ['capsule.clastix.io'], resources: ['tenants'] }]),
          clusterRoleBinding('alice', 'tenant-reader')],
      }]);
      await f.connect('east');
      await waitFor('alice\'s tenant', () => f.tenants('east').some((t) => t.name === 'oil' && t.namespaces.length === 2));
      assert.deepEqual(f.tenants('east').map((t) => [t.name, t.kind, t.namespaces]), [['oil', 'capsule', ['oil-dev', 'oil-prod']]]);
      assert.equal(f.state('east').status, 'connected');
    });
  });

  describe('clusters browsed first', () => {
    const objects = [namespace('team-a'), pod('team-a', 'p1'), virtualMachine('team-a', 'vm-1')];

    it('holds back the first lists of a cluster nobody browses while a browsed one is still listing', async () => {
      const f = await start([admin('east', { groups: KUBEVIRT, objects }), admin('west', { groups: KUBEVIRT, objects })]);
      // East answers slowly, so its first lists take several round trips of 150 ms; west answers at once.
      sim!.clusters[0].faults.set({ latencyMs: 150 });
      await f.connectTenants('east');
      f.watchNamespaces('east', ['team-a']);
      const kinds = ['virtualmachines', 'virtualmachineinstances', 'pods'] as const;
      const synced = (context: string) => kinds.every((k) => f.cacheState(context, k) === 'synced');
      let eastWhenWestSynced: boolean | undefined;
      const unsubscribe = f.onDidChange(() => {
        if (eastWhenWestSynced === undefined && synced('west')) eastWhenWestSynced = synced('east');
      });
      await f.connectTenants('west');
      await waitFor('both clusters listed', () => synced('east') && synced('west'));
      unsubscribe();
      assert.equal(eastWhenWestSynced, true, 'west listed its workloads only once east, being browsed, had listed');
    });

    it('once the expanded tenant is listed, lists the rest one page at a time, the browsed cluster before the others', async () => {
      const namespaces = ['team-a', 'team-b', 'team-c', 'team-d', 'team-e', 'team-f'];
      const many = namespaces.flatMap((n) => [namespace(n), pod(n, 'p1'), virtualMachine(n, 'vm-1')]);
      const f = await start([admin('east', { groups: KUBEVIRT, objects: many }), admin('west', { groups: KUBEVIRT, objects })], undefined, { pageSize: 1 });
      // East lists one object a page, 150 ms each: team-a is listed after two pages, the rest after six.
      sim!.clusters[0].faults.set({ latencyMs: 150 });
      const pages: { path: string; from: number; to: number }[] = [];
      const stop = logged((line, at) => {
        const m = /^GET (\S+\?limit=1\S*) 200 \((\d+) ms\)$/.exec(line.context === 'east' ? line.text : '');
        if (m) pages.push({ path: m[1], from: at - Number(m[2]), to: at });
      });
      await f.connectTenants('east');
      f.watchNamespaces('east', ['team-a']);
      await f.connectTenants('west');
      const kinds = ['virtualmachines', 'pods'] as const;
      await waitFor('team-a listed', () => kinds.every((k) => f.cacheState('east', k, 'team-a') === 'synced'));
      const listedAt = Date.now();
      let eastWhenWestSynced: boolean | undefined;
      const unsubscribe = f.onDidChange(() => {
        if (eastWhenWestSynced === undefined && kinds.every((k) => f.cacheState('west', k) === 'synced')) eastWhenWestSynced = kinds.every((k) => f.cacheState('east', k) === 'synced');
      });
      await waitFor('both listed', () => kinds.every((k) => f.cacheState('east', k) === 'synced' && f.cacheState('west', k) === 'synced'), 5000);
      unsubscribe();
      stop();
      assert.equal(f.pods('east', 'team-f').length, 1);
      assert.equal(eastWhenWestSynced, true, 'west listed once east, being browsed, had listed');
      const rest = pages.filter((p) => p.from >= listedAt - 5).sort((a, b) => a.from - b.from);
      assert.ok(rest.length >= 6, `the rest of east's pages: ${JSON.stringify(rest)}`);
      for (let i = 1; i < rest.length; i++) assert.ok(rest[i].from >= rest[i - 1].to - 5, `one at a time: ${JSON.stringify(rest.slice(i - 1, i + 1))}`);
    });

    it('lets them go once the browsed cluster fails', async () => {
      const f = await start([admin('east', { groups: KUBEVIRT, objects }), admin('west', { groups: KUBEVIRT, objects })]);
      await f.connectTenants('east');
      sim!.clusters[0].faults.set({ latencyMs: 150 });
      f.watchNamespaces('east', ['team-a']);
      await f.connectTenants('west');
      await sim!.clusters[0].faults.offline();
      // Well before the longest a page is held (2 s): east's failure itself lets west's pages go.
      await waitFor('west listed while east is down', () => f.cacheState('west', 'pods') === 'synced', 1500);
      assert.notEqual(f.cacheState('east', 'pods'), 'synced');
    });
  });
});
