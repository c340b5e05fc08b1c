// End to end over HTTP: the subresource route, RBAC, the controller and watches as @kubernetes/client-node sees them.
import * as assert from 'node:assert/strict';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import WebSocket from 'ws';
import { SimCluster } from '../../sim/cluster';
import { node, vm } from './kubevirt-fake-hooks';

describe('kubevirt over HTTP', () => {
  let sim: SimCluster;
  let kc: KubeConfig;
  const aborts: AbortController[] = [];
  beforeEach(async () => {
    sim = await SimCluster.start({
      name: 'e2e',
      http: true,
      groups: ['kubevirt.io', 'subresources.kubevirt.io'],
      users: [{ name: 'admin', token: 'admin-token', groups: ['system:masters'] }, { name: 'nobody', token: 'nobody-token' }],
      objects: [node('node01', {}, 1), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }, vm('vm1')],
    });
    kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'e2e', server: sim.url, skipTLSVerify: true }],
      users: [{ name: 'admin', token: 'admin-token' }],
      contexts: [{ name: 'e2e', cluster: 'e2e', user: 'admin' }],
      currentContext: 'e2e',
    });
  });
  afterEach(async () => {
    for (const a of aborts.splice(0)) a.abort();
    await sim.stop();
  });

  const put = (path: string, token: string, body: unknown = {}) =>
    fetch(`${sim.url}/apis/subresources.kubevirt.io/v1/namespaces/team-a/${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('start → the VMI and its launcher pod appear in order and the VM reaches Running', async () => {
    // Separate watch streams may deliver in any order; resourceVersions give the order of the changes.
    const seen: { what: string; rv: number }[] = [];
    let resolveRunning: () => void;
    const running = new Promise<void>((resolve) => (resolveRunning = resolve));
    const watch = new Watch(kc);
    const onDone = () => undefined;
    type Obj = { metadata: { name: string; resourceVersion: string }; status?: { phase?: string; printableStatus?: string } };
    const record = (kind: string) => (type: string, o: Obj) => seen.push({ what: `${kind} ${type} ${o.status?.phase ?? ''}`, rv: Number(o.metadata.resourceVersion) });
    aborts.push(await watch.watch('/apis/kubevirt.io/v1/namespaces/team-a/virtualmachineinstances', {}, record('vmi'), onDone));
    aborts.push(await watch.watch('/api/v1/namespaces/team-a/pods', {}, record('pod'), onDone));
    aborts.push(await watch.watch('/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines', {}, (_type: string, o: Obj) => {
      if (o.status?.printableStatus === 'Running') resolveRunning();
    }, onDone));

    const forbidden = await put('virtualmachines/vm1/start', 'nobody-token');
    assert.equal(forbidden.status, 403);
    const reply = await put('virtualmachines/vm1/start', 'admin-token');
    assert.equal(reply.status, 202);
    const again = await put('virtualmachines/vm1/start', 'admin-token');
    assert.equal(again.status, 409);
    assert.match(((await again.json()) as { message: string }).message, /Always does not support manual start requests|VM is already running/);

    await running;
    const rv = (prefix: string) => seen.find((s) => s.what.startsWith(prefix))?.rv ?? NaN;
    const log = seen.map((s) => `${s.rv} ${s.what}`).join('\n');
    assert.ok(rv('vmi ADDED Pending') < rv('pod ADDED Pending'), log);
    assert.ok(rv('pod ADDED') < rv('vmi MODIFIED Scheduled'), log);
    assert.ok(rv('pod MODIFIED Running') < rv('vmi MODIFIED Running'), log);
    const pods = sim.store.list('pods', 'team-a');
    assert.equal(pods.length, 1);
    assert.equal(pods[0].metadata.labels?.['kubevirt.io'], 'virt-launcher');
  });

  it('serial console over a websocket: login prompt, echo, a command', async () => {
    await put('virtualmachines/vm1/start', 'admin-token');
    await new Promise<void>((resolve) => {
      const check = () => (sim.store.get('virtualmachineinstances.kubevirt.io', 'team-a', 'vm1')?.status as { phase?: string } | undefined)?.phase === 'Running';
      const unsubscribe = sim.store.subscribe(() => setImmediate(() => check() && (unsubscribe(), resolve())));
      if (check()) resolve();
    });
    const url = `${sim.url.replace(/^http/, 'ws')}/apis/subresources.kubevirt.io/v1/namespaces/team-a/virtualmachineinstances/vm1/console`;
    const socket = new WebSocket(url, ['plain.kubevirt.io'], { headers: { authorization: 'Bearer admin-token' } });
    let output = '';
    const waitFor = (pattern: RegExp) => new Promise<void>((resolve) => {
      const test = () => pattern.test(output) && (socket.off('message', onMessage), resolve());
      const onMessage = (data: Buffer, binary: boolean) => {
        assert.equal(binary, true);
        output += data.toString('utf8');
        test();
      };
      socket.on('message', onMessage);
      test();
    });
    await waitFor(/vm1 login: $/);
    assert.equal(socket.protocol, 'plain.kubevirt.io');
    socket.send(Buffer.from('fedora\r'));
    await waitFor(/Password: $/);
    socket.send(Buffer.from('secret\r'));
    await waitFor(/\[fedora@vm1 ~\]\$ $/);
    output = '';
    socket.send(Buffer.from('echo hi there\r'));
    await waitFor(/echo hi there\r\nhi there\r\n\[fedora@vm1 ~\]\$ $/);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.close(1000);
    assert.equal(await closed, 1000);
  });
});
