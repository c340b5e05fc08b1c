import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { ApiError } from '../../sim/api-error';
import { SerialConsole } from '../../sim/kubevirt/console';
import type { KubeObject } from '../../sim/store';
import { FakeHooks, withKubeVirt } from './kubevirt-fake-hooks';

const vmi = (phase: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstance',
  metadata: { name: 'web-1', namespace: 'team-a', annotations: { 'sim.kubevirt-workbench.io/pin-status': 'frozen' } },
  spec: { domain: {}, volumes: [{ name: 'root', containerDisk: { image: 'quay.io/containerdisks/ubuntu:24.04' } }], ...spec },
  status: { phase, interfaces: [{ name: 'default', ipAddress: '10.244.1.7' }] },
});

/** Enough of a ws WebSocket for the console: records binary frames, emits messages, records close. */
class FakeSocket extends EventEmitter {
  readonly frames: Buffer[] = [];
  closed?: number;
  send(data: Buffer, options: { binary: boolean }) {
    assert.equal(options.binary, true);
    this.frames.push(data);
  }
  close(code: number) {
    this.closed = code;
    this.emit('close');
  }
  type(text: string) {
    this.emit('message', Buffer.from(text));
  }
  get output() {
    return Buffer.concat(this.frames).toString('utf8');
  }
}

describe('kubevirt serial console', () => {
  it('shows a login prompt, echoes the user name, hides the password, and runs commands in a shell', () => {
    const session = new SerialConsole(vmi('Running'));
    assert.equal(session.banner(), '\r\nUbuntu 24.04.1 LTS 6.8.0-45-generic (ttyS0)\r\n\r\nweb-1 login: ');
    assert.equal(session.input('ubuntu'), 'ubuntu');
    assert.equal(session.input('\r'), '\r\nPassword: ');
    assert.equal(session.input('secret'), '');
    assert.match(session.input('\r'), /^\r\nLast login: .* on ttyS0\r\n\[ubuntu@web-1 ~\]\$ $/);
    assert.equal(session.input('echo hello world\r'), 'echo hello world\r\nhello world\r\n[ubuntu@web-1 ~]$ ');
    assert.equal(session.input('hostname\r'), 'hostname\r\nweb-1\r\n[ubuntu@web-1 ~]$ ');
    assert.match(session.input('uname -a\r'), /Linux web-1 6\.8\.0-45-generic .* x86_64 GNU\/Linux/);
    assert.match(session.input('frobnicate\r'), /-bash: frobnicate: command not found/);
    assert.equal(session.input('ab\x7f'), 'ab\b \b');
    assert.match(session.input('\x7f\x7fexit\r'), /logout\r\n\r\nUbuntu [\s\S]*web-1 login: $/);
  });

  it('treats CR LF as one Enter and rejects an empty password', () => {
    const session = new SerialConsole(vmi('Running'));
    assert.equal(session.input('root\r\n'), 'root\r\nPassword: ');
    assert.equal(session.input('\r\n'), '\r\n\r\nLogin incorrect\r\nweb-1 login: ');
  });

  describe('stream', () => {
    let hooks: FakeHooks;
    let dispose: () => void;
    beforeEach(() => ({ hooks, dispose } = withKubeVirt()));
    afterEach(() => dispose());

    const check = async (name: string) => {
      const stream = hooks.streams.get('subresources.kubevirt.io/virtualmachineinstances/console')!;
      assert.equal(stream.protocol, 'plain.kubevirt.io');
      try {
        return await stream.check({ user: { name: 'u', groups: [] }, namespace: 'team-a', name, body: undefined, dryRun: false, query: new URLSearchParams() });
      } catch (error) {
        return error as ApiError;
      }
    };

    it('refuses a VMI that is not running (400), failed (409), without serial console (400), or missing (404)', async () => {
      hooks.store.create('virtualmachineinstances.kubevirt.io', { ...vmi('Scheduling'), metadata: { ...vmi('x').metadata, name: 'starting' } });
      hooks.store.create('virtualmachineinstances.kubevirt.io', { ...vmi('Failed'), metadata: { ...vmi('x').metadata, name: 'failed' } });
      hooks.store.create('virtualmachineinstances.kubevirt.io', { ...vmi('Running', { domain: { devices: { autoattachSerialConsole: false } } }), metadata: { ...vmi('x').metadata, name: 'headless' } });
      const expectations: [string, number, string][] = [
        ['starting', 400, 'VMI is not running'],
        ['failed', 409, 'Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "failed": VMI is in failed status'],
        ['headless', 400, 'No serial consoles are present.'],
        ['missing', 404, 'virtualmachineinstance.kubevirt.io "missing" not found'],
      ];
      for (const [name, code, message] of expectations) {
        const error = await check(name);
        assert.ok(error instanceof ApiError, name);
        assert.deepEqual([error.code, error.message], [code, message]);
      }
    });

    it('speaks binary frames over the socket and closes when the VMI goes away', async () => {
      hooks.store.create('virtualmachineinstances.kubevirt.io', vmi('Running'));
      assert.deepEqual(await check('web-1'), { code: 200 });
      const socket = new FakeSocket();
      hooks.streams.get('subresources.kubevirt.io/virtualmachineinstances/console')!.handler(socket as unknown as WebSocket, { user: { name: 'u', groups: [] }, namespace: 'team-a', name: 'web-1', body: undefined, dryRun: false, query: new URLSearchParams() });
      assert.match(socket.output, /web-1 login: $/);
      socket.type('root\r');
      socket.type('pw\r');
      socket.type('whoami\r');
      assert.match(socket.output, /whoami\r\nroot\r\n\[root@web-1 ~\]# $/);
      hooks.store.delete('virtualmachineinstances.kubevirt.io', 'team-a', 'web-1');
      assert.equal(socket.closed, 1000);
    });
  });
});
