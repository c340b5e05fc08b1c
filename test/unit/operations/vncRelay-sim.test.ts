// The VNC tab's relay against the KubeVirt simulation (in-process, and on a real API server): RFB bytes both ways
// through its events, a second viewer kept out (held) until it takes over, the first then told it was dropped, a VMI
// that stops ending the session, and a viewer without rights refused with the server's words.
import * as assert from 'node:assert/strict';
import type { KubeHttp } from '../../../src/cluster/kubeHttp';
import { kubevirtPath } from '../../../src/cluster/kubevirtPaths';
import { VncRelay, type RelayEvent } from '../../../src/cluster/vncRelay';
import type { VirtualMachineInstance } from '../../../src/model/objects';
import { act, eventually, NS, startOpsLab, TOKENS, vm, type Lab } from './opsEnv';

/** A relay and what it emitted: the bytes in order, and its other events. */
function relayOf(http: KubeHttp, name: string) {
  const events: RelayEvent[] = [];
  let bytes = Buffer.alloc(0);
  const relay = new VncRelay(http, NS, name, (event) => {
    if (event.type === 'data') bytes = Buffer.concat([bytes, event.bytes]);
    else events.push(event);
  });
  return {
    relay,
    events,
    types: () => events.map((e) => e.type),
    ended: () => eventually('the session to end', () => events.find((e) => e.type === 'ended'), 20_000).then((e) => (e as Extract<RelayEvent, { type: 'ended' }>).end),
    /** The ends said so far, in order (a drop may be said again as a stop once the VMI reads stopped). */
    ends: () => events.flatMap((e) => (e.type === 'ended' ? [e.end.kind] : [])),
    async take(n: number, what: string): Promise<Buffer> {
      await eventually(`${n} bytes of ${what} (have ${bytes.length})`, () => (bytes.length >= n ? true : undefined), 15_000);
      const out = bytes.subarray(0, n);
      bytes = bytes.subarray(n);
      return out;
    },
  };
}

describe('the VNC relay', function () {
  this.timeout(60_000);
  let lab: Lab;
  let http: KubeHttp;

  before(async () => {
    lab = await startOpsLab([vm('screen-1', { runStrategy: 'Always' }), vm('screen-2', { runStrategy: 'Always' })]);
    http = lab.client('lab');
    for (const name of ['screen-1', 'screen-2']) {
      await eventually(`${name} to run`, async () => ((await http.find<VirtualMachineInstance>(kubevirtPath('virtualmachineinstances', NS, name)))?.status?.phase === 'Running' ? true : undefined), 20_000);
    }
  });
  after(() => lab?.stop());

  it('relays the RFB handshake both ways: the server version, then ServerInit naming the VM', async () => {
    const one = relayOf(http, 'screen-1');
    await one.relay.connect(false);
    assert.deepEqual(one.types(), ['connecting', 'open']);
    assert.ok(one.relay.connected);
    assert.equal((await one.take(12, 'the server version')).toString('latin1'), 'RFB 003.008\n');
    one.relay.write(Buffer.from('RFB 003.008\n', 'latin1'));
    await one.take(2, 'the security types');
    one.relay.write(Uint8Array.from([1]));
    assert.equal((await one.take(4, 'the security result')).readUInt32BE(0), 0);
    one.relay.write(Uint8Array.from([1]));
    const init = await one.take(24, 'ServerInit');
    assert.match((await one.take(init.readUInt32BE(20), 'the desktop name')).toString('utf8'), /screen-1/);
    one.relay.dispose();
    assert.ok(!one.relay.connected);
  });

  it('a second tab is kept out while one is connected; Take Over connects it and the first learns it was dropped', async () => {
    const first = relayOf(http, 'screen-1');
    await first.relay.connect(false);
    const second = relayOf(http, 'screen-1');
    await second.relay.connect(false);
    assert.deepEqual(await second.ended(), { kind: 'held' });
    assert.ok(!second.relay.connected);
    second.events.length = 0;
    await second.relay.connect(true);
    assert.deepEqual(second.types(), ['connecting', 'open']);
    assert.deepEqual(await first.ended(), { kind: 'dropped' });
    second.relay.dispose();
  });

  it('a VMI that stops ends the session with its phase; a viewer without rights is refused with the server’s words', async () => {
    const tab = relayOf(http, 'screen-2');
    await tab.relay.connect(false);
    await act(http, 'screen-2', 'stop');
    // On a real API server the VMI may still read Running when its screen closes: the relay then says it again.
    await eventually('the session to end as a stop', () => (tab.ends().at(-1) === 'stopped' ? true : undefined), 20_000);
    assert.ok(tab.ends().every((kind) => kind === 'stopped' || kind === 'dropped'), tab.ends().join());

    const viewer = relayOf(lab.client('lab', TOKENS.viewer), 'screen-1');
    await viewer.relay.connect(false);
    const refused = await viewer.ended();
    assert.equal(refused.kind, 'refused', JSON.stringify(refused));
    assert.equal(refused.kind === 'refused' && refused.code, 403);
  });
});
