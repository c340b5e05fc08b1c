import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FleetTreeProvider } from '../../src/views/fleetTree';
import { eventually, label, tooltipOf } from './demoFleet';
import { activatedExtension } from './extension';

const context = (name: string, port: number) =>
  [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${name}`,
    `clusters:\n- name: ${name}\n  cluster:\n    server: https://127.0.0.1:${port}`,
    `users:\n- name: ${name}-user\n  user:\n    token: not-a-real-token`,
    `contexts:\n- name: ${name}\n  context:\n    cluster: ${name}\n    user: ${name}-user`,
  ].join('\n');

describe('kubeconfig files', function () {
  this.timeout(30_000);
  let dir: string;
  let tree: FleetTreeProvider;
  let previous: string | undefined;
  const roots = async () => (await tree.getChildren()).map((n) => label(tree, n));

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-kubeconfig-'));
    previous = process.env.KUBECONFIG;
    tree = ((await activatedExtension()).exports as { fleetTree: FleetTreeProvider }).fleetTree;
  });
  after(async () => {
    if (previous === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = previous;
    await vscode.commands.executeCommand('kubevirtWorkbench.refresh');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('merges several KUBECONFIG files and shows a malformed one as an error node', async () => {
    const good = path.join(dir, 'good.yaml');
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(good, context('alpha', 1));
    fs.writeFileSync(bad, 'clusters:\n  - name: x\n   cluster: [unclosed\n');
    fs.writeFileSync(path.join(dir, 'second.yaml'), context('beta', 2));
    process.env.KUBECONFIG = [good, bad, path.join(dir, 'second.yaml')].join(path.delimiter);
    await vscode.commands.executeCommand('kubevirtWorkbench.refresh');
    const nodes = await tree.getChildren();
    assert.deepEqual(nodes.map((n) => n.type), ['problem', 'cluster', 'cluster']);
    assert.equal(label(tree, nodes[0]), `Cannot read ${bad}`);
    assert.match(String(tree.getTreeItem(nodes[0]).description), /line|indentation|unexpected/i);
    assert.deepEqual(await roots(), [`Cannot read ${bad}`, 'alpha', 'beta']);
  });

  it('resolves each context in its own file and warns on the tree where names collide across files', async () => {
    const shared = (name: string, port: number, token: string) =>
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters:\n- name: ${name}\n  cluster:\n    server: https://127.0.0.1:${port}`,
        `users:\n- name: ops\n  user:\n    token: ${token}`,
        `contexts:\n- name: ${name}\n  context:\n    cluster: ${name}\n    user: ops`,
      ].join('\n');
    const first = path.join(dir, 'first.yaml');
    const second = path.join(dir, 'second-ops.yaml');
    fs.writeFileSync(first, shared('one', 1, 'token-of-one'));
    fs.writeFileSync(second, shared('two', 2, 'token-of-two'));
    process.env.KUBECONFIG = [first, second].join(path.delimiter);
    await vscode.commands.executeCommand('kubevirtWorkbench.refresh');
    const nodes = await tree.getChildren();
    const tooltip = (name: string) => tooltipOf(tree, nodes.find((n) => label(tree, n) === name)!);
    assert.match(tooltip('one'), /\| Warning \| user "ops" is also defined in second-ops\.yaml; this context uses the one in first\.yaml \|/);
    assert.match(tooltip('two'), /\| Warning \| user "ops" is also defined in first\.yaml; this context uses the one in second-ops\.yaml \|/);
    assert.match(tooltip('two'), /\| Kubeconfig \| .*second-ops\.yaml \|/);
  });

  it('reloads when a kubeconfig file changes, and never writes it', async () => {
    const file = path.join(dir, 'live.yaml');
    fs.writeFileSync(file, context('first', 1));
    process.env.KUBECONFIG = file;
    await vscode.commands.executeCommand('kubevirtWorkbench.refresh');
    assert.deepEqual(await roots(), ['first']);
    const replaced = context('second', 2);
    fs.writeFileSync(file, replaced);
    await eventually('the tree shows the new context without a refresh', async () => (await roots()).join() === 'second');
    assert.equal(fs.readFileSync(file, 'utf8'), replaced);
  });

  it('ignores kubeconfig files and connect-on-startup named in a workspace\'s settings', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the host tests run with a workspace folder');
    const home = path.join(dir, 'home.yaml');
    fs.writeFileSync(home, context('home', 1));
    const planted = path.join(dir, 'planted.yaml');
    fs.writeFileSync(planted, context('planted', 2));
    process.env.KUBECONFIG = home;
    await vscode.commands.executeCommand('kubevirtWorkbench.refresh');
    const settingsDir = path.join(folder.uri.fsPath, '.vscode');
    const settingsFile = path.join(settingsDir, 'settings.json');
    const config = () => vscode.workspace.getConfiguration('kubevirtWorkbench');
    fs.mkdirSync(settingsDir, { recursive: true });
    // namespaceSelector (window scope) shows when VS Code has read the file.
    fs.writeFileSync(settingsFile, JSON.stringify({ 'kubevirtWorkbench.kubeconfigPaths': [planted], 'kubevirtWorkbench.connectOnStartup': true, 'kubevirtWorkbench.namespaceSelector': 'probe=workspace' }));
    try {
      await eventually('the workspace settings are read', () => config().get('namespaceSelector') === 'probe=workspace');
      assert.deepEqual(config().get('kubeconfigPaths'), []);
      assert.equal(config().get('connectOnStartup'), false);
      await vscode.commands.executeCommand('kubevirtWorkbench.refresh');
      assert.deepEqual(await roots(), ['home']);
    } finally {
      fs.rmSync(settingsDir, { recursive: true, force: true });
      await eventually('the workspace settings are gone', () => config().get('namespaceSelector') === '');
    }
  });
});
