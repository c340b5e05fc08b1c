// VNC and port-forward against the KubeVirt simulation (in-process, and on a real API server): an RFB handshake and a
// key that changes the screen, a second viewer, HTTP and SSH through a forwarded local port, and the refusals (nothing
// listening, paused, forbidden).
import * as assert from 'node:assert/strict';
import { KubeApiError } from '../../../src/cluster/errors';
import type { KubeHttp } from '../../../src/cluster/kubeHttp';
import { kubevirtPath } from '../../../src/cluster/kubevirtPaths';
import type { PlainStream } from '../../../src/cluster/plainStream';
import { forwardPort } from '../../../src/cluster/portForward';
import { isVncSessionHeld, openVnc } from '../../../src/cluster/vnc';
import type { VirtualMachineInstance } from '../../../src/model/objects';
import { sshOverForwardArgs, sshUserProblem } from '../../../src/model/sshCommand';
import { firstLine, httpGet } from '../../backends/localPort';
import { act, eventually, NS, startOpsLab, TOKENS, vm, type Lab } from './opsEnv';

/** Bytes from a stream, read in order by length. */
function byteReader(stream: PlainStream) {
  let buffer = Buffer.alloc(0);
  stream.onData((bytes) => (buffer = Buffer.concat([buffer, bytes])));
  return {
    async take(n: number, what: string): Promise<Buffer> {
      await eventually(`${n} bytes of ${what} (have ${buffer.length})`, () => (buffer.length >= n ? true : undefined), 15_000);
      const out = buffer.subarray(0, n);
      buffer = buffer.subarray(n);
      return out;
    },
  };
}

/** Reads one FramebufferUpdate of Raw rectangles at 32 bits per pixel; returns how many rectangles it had. */
async function readUpdate(reader: ReturnType<typeof byteReader>): Promise<number> {
  const head = await reader.take(4, 'a FramebufferUpdate header');
  assert.equal(head[0], 0, 'message type FramebufferUpdate');
  const count = head.readUInt16BE(2);
  for (let i = 0; i < count; i++) {
    const rect = await reader.take(12, 'a rectangle header');
    await reader.take(rect.readUInt16BE(4) * rect.readUInt16BE(6) * 4, 'rectangle pixels');
  }
  return count;
}

const updateRequest = (incremental: boolean, width: number, height: number) => {
  const out = Buffer.alloc(10);
  out.writeUInt8(3, 0);
  out.writeUInt8(incremental ? 1 : 0, 1);
  out.writeUInt16BE(width, 6);
  out.writeUInt16BE(height, 8);
  return out;
};
const keyEvent = (down: boolean, keysym: number) => {
  const out = Buffer.alloc(8);
  out.writeUInt8(4, 0);
  out.writeUInt8(down ? 1 : 0, 1);
  out.writeUInt32BE(keysym, 4);
  return out;
};

describe('VNC and port-forward', function () {
  this.timeout(60_000);
  let lab: Lab;
  let http: KubeHttp;

  before(async () => {
    lab = await startOpsLab([vm('web-1', { runStrategy: 'Always' }), vm('pause-1', { runStrategy: 'Always' })]);
    http = lab.client('lab');
    for (const name of ['web-1', 'pause-1']) {
      await eventually(`${name} to run with an address`, async () => ((await http.find<VirtualMachineInstance>(kubevirtPath('virtualmachineinstances', NS, name)))?.status?.interfaces?.[0]?.ipAddress ? true : undefined), 20_000);
    }
  });
  after(() => lab?.stop());

  it('VNC: the RFB handshake names the VM, and a typed key changes the screen', async () => {
    const stream = await openVnc(http, NS, 'web-1');
    const reader = byteReader(stream);
    assert.equal((await reader.take(12, 'the server version')).toString('latin1'), 'RFB 003.008\n');
    stream.write(Buffer.from('RFB 003.008\n', 'latin1'));
    const types = await reader.take(2, 'the security types');
    assert.deepEqual([...types], [1, 1]);
    stream.write(Buffer.from([1]));
    assert.equal((await reader.take(4, 'the security result')).readUInt32BE(0), 0);
    stream.write(Buffer.from([1]));
    const init = await reader.take(24, 'ServerInit');
    const [width, height] = [init.readUInt16BE(0), init.readUInt16BE(2)];
    const name = (await reader.take(init.readUInt32BE(20), 'the desktop name')).toString('utf8');
    assert.match(name, /web-1/);

    stream.write(updateRequest(false, width, height));
    assert.ok((await readUpdate(reader)) > 0, 'a full update');
    stream.write(Buffer.concat([keyEvent(true, 0x61), keyEvent(false, 0x61), updateRequest(true, width, height)]));
    assert.ok((await readUpdate(reader)) > 0, 'the key changed something on the screen');
    const closed = new Promise<void>((resolve) => stream.onClose(() => resolve()));
    stream.close();
    await closed;
  });

  it('VNC: a second viewer asking to preserve the session is refused; one that does not takes over', async () => {
    const first = await openVnc(http, NS, 'web-1');
    const refused = await openVnc(http, NS, 'web-1', { preserveSession: true }).catch((e: unknown) => e);
    assert.ok(isVncSessionHeld(refused), String(refused));
    const firstClosed = new Promise<void>((resolve) => first.onClose(() => resolve()));
    const second = await openVnc(http, NS, 'web-1');
    await firstClosed;
    second.close();
    const viewer = await openVnc(lab.client('lab', TOKENS.viewer), NS, 'web-1').catch((e: unknown) => e);
    assert.ok(viewer instanceof KubeApiError && viewer.code === 403, String(viewer));
  });

  it('a forwarded local port answers HTTP and SSH from the guest, and closes cleanly', async () => {
    const web = await forwardPort(http, { namespace: NS, name: 'web-1' }, 80);
    assert.equal(web.host, '127.0.0.1');
    const reply = await httpGet(web.localPort);
    assert.equal(reply.status, 200);
    assert.match(reply.body, /Hello from web-1/);
    const ssh = await forwardPort(http, { namespace: NS, name: 'web-1', kind: 'vmi' }, 22);
    assert.match(await firstLine(ssh.localPort), /^SSH-2\.0-/);
    const args = sshOverForwardArgs({ kind: 'vm', namespace: NS, name: 'web-1' }, { username: 'fedora', localPort: ssh.localPort, context: 'lab' });
    assert.deepEqual(args, ['-p', String(ssh.localPort), '-o', `HostKeyAlias=vm.web-1.${NS}.lab`, '-l', 'fedora', '127.0.0.1']);
    assert.equal(sshUserProblem('fedora'), undefined);
    assert.ok(sshUserProblem('-oProxyCommand=x'));
    await Promise.all([web.close(), ssh.close()]);
    await assert.rejects(httpGet(web.localPort));
  });

  it('refusals reach onError with the server’s words: nothing listening, a paused VMI, a viewer without rights', async () => {
    const errors: unknown[] = [];
    const closed = await forwardPort(http, { namespace: NS, name: 'web-1' }, 8081, { onError: (e) => errors.push(e) });
    assert.equal(await firstLine(closed.localPort), '');
    await eventually('the refusal', () => (errors.length ? true : undefined));
    assert.match(String((errors[0] as Error).message), /connection refused/);
    await closed.close();

    await act(http, 'pause-1', 'pause');
    const pausedErrors: unknown[] = [];
    const paused = await forwardPort(http, { namespace: NS, name: 'pause-1' }, 80, { onError: (e) => pausedErrors.push(e) });
    await assert.rejects(httpGet(paused.localPort));
    await eventually('the paused refusal', () => (pausedErrors.length ? true : undefined));
    assert.ok(pausedErrors[0] instanceof KubeApiError && pausedErrors[0].code === 409, String(pausedErrors[0]));
    assert.match(pausedErrors[0].message, /VMI is paused/);
    await paused.close();

    const viewerErrors: unknown[] = [];
    const viewer = await forwardPort(lab.client('lab', TOKENS.viewer), { namespace: NS, name: 'web-1' }, 80, { onError: (e) => viewerErrors.push(e) });
    await assert.rejects(httpGet(viewer.localPort));
    await eventually('the forbidden refusal', () => (viewerErrors.length ? true : undefined));
    assert.ok(viewerErrors[0] instanceof KubeApiError && viewerErrors[0].code === 403, String(viewerErrors[0]));
    await viewer.close();
    await assert.rejects(forwardPort(http, { namespace: NS, name: 'web-1' }, 70_000), RangeError);
  });
});
