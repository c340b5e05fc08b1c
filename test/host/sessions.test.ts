// Forward Port…, SSH without virtctl and Open VNC in the real extension host, on the demo fleet: a forwarded local
// port answers with the guest's page, the status bar's pick stops it; SSH asks the guest user once per VM and runs
// ssh against a forward of port 22; Open VNC opens one webview tab per VMI with a strict policy; the tenant
// developer without portforward rights is offered Open VNC but neither Forward Port nor SSH.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { findVirtctl } from '../../src/cluster/virtctl';
import type { ActiveForward } from '../../src/views/portForwards';
import { testBackend } from '../backends/fleet';
import { firstLine, httpGet } from '../backends/localPort';
import { contextValue, eventually, FLEET_START_TIMEOUT_MS, onRealToo, startDemoFleet, workloadNode, type DemoFleet } from './demoFleet';
import { ScriptedInput, withInput } from './scriptedInput';

describe('Forward Port…, SSH and Open VNC (demo scenario)', function () {
  onRealToo(this);
  this.timeout(90_000);
  let demo: DemoFleet;
  const web = () => workloadNode(demo.tree, 'prod-east', 'tenant-alpha', 'web-frontend-1');

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    demo = await startDemoFleet();
    await eventually('the access review of tenant-alpha is in', async () => /\bcan:portForward\b/.test(contextValue(demo.tree, await web())), 30_000);
  });
  after(async () => demo?.stop());

  it('Forward Port… makes a local port answer with the guest’s page; the status bar’s pick stops it', async () => {
    const node = await web();
    const script = new ScriptedInput().expect({ kind: 'input', match: /^Forward Port of tenant-alpha\/web-frontend-1 \(prod-east\)/, answer: '80' });
    const forward = await withInput(script, async () => vscode.commands.executeCommand<ActiveForward>('kubevirtWorkbench.forwardPort', node));
    script.assertDone();
    assert.ok(forward, 'the command resolves with the forward');
    assert.match(forward.address, /^127\.0\.0\.1:\d+$/);
    const reply = await httpGet(forward.forward.localPort);
    assert.equal(reply.status, 200);
    assert.match(reply.body, /Hello from web-frontend-1/);
    assert.ok(script.shown.some((s) => s.text === `Forwarding ${forward.address} to port 80 of tenant-alpha/web-frontend-1 (prod-east).`), JSON.stringify(script.shown));

    const stop = new ScriptedInput().expect(
      { kind: 'pick', match: /^Forwarded Ports/, answer: `$(plug) ${forward.address}` },
      { kind: 'pick', match: new RegExp(`^${forward.address.replace(/\./g, '\\.')} → port 80 of tenant-alpha/web-frontend-1`), answer: 'Stop Forwarding' },
    );
    await withInput(stop, async () => vscode.commands.executeCommand('kubevirtWorkbench.showForwards'));
    stop.assertDone();
    await assert.rejects(httpGet(forward.forward.localPort), /ECONNREFUSED/);
  });

  it('SSH without virtctl: asks the guest user once per VM, then runs ssh against a forward of port 22', async function () {
    if (await findVirtctl()) this.skip();
    // The guest user is remembered per VM in the profile both backends' runs share: each run takes its own VM.
    const vm = testBackend() === 'real' ? 'web-frontend-2' : 'web-frontend-1';
    const node = await workloadNode(demo.tree, 'prod-east', 'tenant-alpha', vm);
    const script = new ScriptedInput().expect({ kind: 'input', match: new RegExp(`^SSH into tenant-alpha/${vm} \\(prod-east\\)`), answer: 'fedora' });
    const terminal = await withInput(script, async () => vscode.commands.executeCommand<vscode.Terminal | undefined>('kubevirtWorkbench.ssh', node));
    script.assertDone();
    assert.ok(terminal, 'a terminal (is ssh on PATH?)');
    const options = terminal.creationOptions as vscode.TerminalOptions;
    assert.match(String(options.shellPath), /ssh(\.exe)?$/);
    const args = options.shellArgs as string[];
    const port = Number(args[args.indexOf('-p') + 1]);
    assert.deepEqual(args, ['-p', String(port), '-o', `HostKeyAlias=vm.${vm}.tenant-alpha.prod-east`, '-l', 'fedora', '127.0.0.1']);
    assert.match(await firstLine(port), /^SSH-2\.0-OpenSSH/, 'the forward reaches the guest’s sshd');

    // Asked once: the second SSH asks nothing and reuses the running forward.
    const again = new ScriptedInput();
    const second = await withInput(again, async () => vscode.commands.executeCommand<vscode.Terminal | undefined>('kubevirtWorkbench.ssh', node));
    assert.deepEqual(again.asked, []);
    assert.deepEqual((second?.creationOptions as vscode.TerminalOptions).shellArgs, args);
    second?.dispose();
    terminal.dispose();
    await eventually('the forward ends with the terminal that opened it', async () => (await httpGet(port).then(() => false, () => true)), 15_000);
  });

  it('Open VNC opens one tab per VMI, whose page loads only the bundled script under a nonce', async () => {
    const node = await web();
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('kubevirtWorkbench.vnc', node);
    try {
      assert.equal(panel.title, 'VNC: web-frontend-1 (prod-east)');
      const html = panel.webview.html;
      const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
      assert.doesNotMatch(csp, /connect-src|https?:\/\/(?!.*vscode)/, 'the page connects nowhere');
      assert.match(html, /<script type="module" nonce="[A-Za-z0-9+/=]{16,}" src="[^"]+\/dist\/vnc\.js"/);
      assert.equal(await vscode.commands.executeCommand('kubevirtWorkbench.vnc', node), panel, 'the open tab is revealed, not a second one');
    } finally {
      panel.dispose();
    }
  });

  it('the tenant developer without portforward rights is offered Open VNC, but neither Forward Port nor SSH', async () => {
    const app = () => workloadNode(demo.tree, 'shared-dev', 'oil-dev', 'oil-dev-app');
    await eventually('the access review of oil-dev is folded in', async () => /\bcan:/.test(contextValue(demo.tree, await app())), 30_000);
    const tokens = contextValue(demo.tree, await app());
    assert.match(tokens, /\bcan:vnc\b/);
    assert.doesNotMatch(tokens, /\bcan:(portForward|ssh)\b/);
  });
});
