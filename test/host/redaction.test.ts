// No secret reaches a log, a notification, a tooltip or a generated document: a session on the demo fleet whose
// kubeconfig carries bearer tokens, a client certificate with its key, exec credential plugins (one printing a
// bare token, one failing with a secret on stderr) and a basic-auth password; every contributed command is run;
// then every output channel line, every message shown, every tree row and every open document is searched.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse, stringify } from 'yaml';
import type { Severity, UserInput, UserInputHolder } from '../../src/commands/userInput';
import type { FleetTreeProvider } from '../../src/views/fleetTree';
import type { FleetNode } from '../../src/views/nodes';
import { loadScenario } from '../sim/scenarios';
import { createServingTls } from '../sim/tls';
import { child, descendants, startFleet, workloadNode, type DemoFleet } from './demoFleet';
import { activatedExtension, extension, manifest } from './extension';

const PLUGIN = path.resolve(__dirname, '../unit/cluster/execPlugin.js');
const SECRETS = {
  bearer: 'kvw-SECRET-bearer-7f3a9c41d2e8',
  exec: 'kvw-SECRET-exec-1b2c3d4e5f60',
  bare: 'kvw-SECRET-bare-token-99aa88bb',
  stderr: 'kvw-SECRET-stderr-0c0ffee0c0de',
  password: 'kvw-SECRET-password-5e5e5e5e',
  offline: 'kvw-SECRET-offline-4242424242',
};

/** Answers every question (the first button, the first item, the name asked for) and keeps every message. */
class Recorder implements UserInput {
  readonly shown: string[] = [];

  async pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    this.shown.push(`${options.title ?? ''} ${items.map((i) => `${i.label} ${i.description ?? ''} ${i.detail ?? ''}`).join(' ')}`);
    // QuickPickItemKind.Separator is -1.
    return items.find((i) => i.kind !== -1);
  }

  async pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T[] | undefined> {
    this.shown.push(`${options.title ?? ''} ${items.map((i) => `${i.label} ${i.description ?? ''} ${i.detail ?? ''}`).join(' ')}`);
    return items.filter((i) => i.kind !== -1).slice(0, 1);
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    this.shown.push(`${options.title ?? ''} ${options.prompt ?? ''}`);
    return options.title?.replace(/^Delete /, '');
  }

  async confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined> {
    this.shown.push(`${message}\n${detail}`);
    return actions[0];
  }

  async notify(_severity: Severity, message: string): Promise<string | undefined> {
    this.shown.push(message);
    return undefined;
  }

  async saveAs(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    this.shown.push(options.title ?? '');
    return undefined;
  }
}

interface TestExports {
  fleetTree: FleetTreeProvider;
  userInput: UserInputHolder;
  outputLines: string[];
}

// Simulator only: it gives the scenario's users secret tokens of its own after the clusters started, which the
// real control planes (static tokens read at start) do not allow.
describe('no secret in a log, a notification, a tooltip or a document', function () {
  this.timeout(180_000);
  let demo: DemoFleet;
  let keyPem = '';
  const recorder = new Recorder();
  let restore: () => void = () => undefined;

  before(async () => {
    const tls = await createServingTls('client');
    keyPem = tls.keyPem;
    demo = await startFleet(loadScenario('demo'), (fleet) => {
      const [prod, shared] = fleet.clusters.map((c) => c.sim!);
      prod.addUser('admin', SECRETS.bearer, ['system:masters']);
      shared.addUser('alice', SECRETS.exec, ['oil-developers']);
      const config = parse(fleet.kubeconfig()) as {
        clusters: { name: string; cluster: Record<string, unknown> }[];
        users: { name: string; user: Record<string, unknown> }[];
        contexts: { name: string; context: Record<string, unknown> }[];
      };
      const user = (context: string) => config.users.find((u) => u.name === config.contexts.find((c) => c.name === context)!.context.user)!;
      const exec = (...args: string[]) => ({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [PLUGIN, ...args], interactiveMode: 'Never' } });
      user('prod-east').user = { token: SECRETS.bearer, 'client-certificate-data': Buffer.from(tls.certPem).toString('base64'), 'client-key-data': Buffer.from(tls.keyPem).toString('base64') };
      user('shared-dev').user = exec('token', SECRETS.exec);
      user('edge-lab').user = exec('fail', '1', `login failed for ${SECRETS.stderr}`);
      user('offline').user = { token: SECRETS.offline };
      // Two more contexts on edge-lab: a plugin printing a bare token, and basic auth.
      const edgeCluster = config.contexts.find((c) => c.name === 'edge-lab')!.context.cluster;
      config.users.push({ name: 'bare', user: exec('bare', SECRETS.bare) }, { name: 'basic', user: { username: 'ops', password: SECRETS.password } });
      config.contexts.push({ name: 'edge-bare', context: { cluster: edgeCluster, user: 'bare' } }, { name: 'edge-basic', context: { cluster: edgeCluster, user: 'basic' } });
      return stringify(config);
    });
    const exports = (await activatedExtension()).exports as TestExports;
    restore = exports.userInput.use(recorder);
  });
  after(async () => {
    restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await demo?.stop();
  });

  it('runs every command of the extension, then finds no secret anywhere it wrote', async () => {
    const { fleetTree: tree, outputLines } = (await activatedExtension()).exports as TestExports;
    const vm = (name: string) => workloadNode(tree, 'prod-east', 'tenant-alpha', name);
    const clusterNode = (name: string) => child(tree, undefined, name);
    const yaml = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: stringify({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'redaction-probe', namespace: 'tenant-alpha' }, spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {} } } } } }),
    });
    await vscode.window.showTextDocument(yaml);
    // Connect everything first, so every state (credentials, unauthorized, unreachable) is in the tree.
    for (const name of ['prod-east', 'shared-dev', 'edge-lab', 'offline', 'edge-bare', 'edge-basic']) await tree.getChildren(await clusterNode(name));
    const pod = async (): Promise<FleetNode> => {
      const node = tree.findWorkload('prod-east', 'tenant-alpha', 'Pod', 'payments-worker');
      assert.ok(node);
      return node;
    };
    const wizard = async (command: string) => {
      // The "New …" flows ask through VS Code's own quick input: accept what each step offers until the flow ends.
      let done = false;
      const running = Promise.resolve(vscode.commands.executeCommand(command)).finally(() => (done = true));
      for (const deadline = Date.now() + 30_000; !done && Date.now() < deadline; ) {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      while (!done) {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await running;
    };
    const runs: Record<string, () => Promise<unknown>> = {
      refresh: async () => vscode.commands.executeCommand('kubevirtWorkbench.refresh'),
      showLog: async () => vscode.commands.executeCommand('kubevirtWorkbench.showLog'),
      openWalkthrough: async () => vscode.commands.executeCommand('kubevirtWorkbench.openWalkthrough'),
      newVirtualMachine: () => wizard('kubevirtWorkbench.newVirtualMachine'),
      newMicroVmWorkload: () => wizard('kubevirtWorkbench.newMicroVmWorkload'),
      newTenant: () => wizard('kubevirtWorkbench.newTenant'),
      findVirtualMachine: async () => vscode.commands.executeCommand('kubevirtWorkbench.findVirtualMachine'),
      retry: async () => {
        for (const name of ['shared-dev', 'edge-lab', 'offline', 'edge-bare', 'edge-basic']) await vscode.commands.executeCommand('kubevirtWorkbench.retry', await clusterNode(name));
      },
      refreshCluster: async () => vscode.commands.executeCommand('kubevirtWorkbench.refreshCluster', await clusterNode('prod-east')),
      copyContextName: async () => vscode.commands.executeCommand('kubevirtWorkbench.copyContextName', await clusterNode('shared-dev')),
      hardenTenant: async () => {
        const [tenant] = (await tree.getChildren(await clusterNode('prod-east'))).filter((n) => n.type === 'tenant');
        await vscode.commands.executeCommand('kubevirtWorkbench.hardenTenant', tenant);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      },
      isolationOverview: async () => {
        const panel = (await vscode.commands.executeCommand('kubevirtWorkbench.isolationOverview', await clusterNode('prod-east'))) as vscode.WebviewPanel;
        panel.dispose();
      },
      copyName: async () => vscode.commands.executeCommand('kubevirtWorkbench.copyName', await vm('web-frontend-1')),
      sortFailingFirst: async () => vscode.commands.executeCommand('kubevirtWorkbench.sortFailingFirst'),
      sortByName: async () => vscode.commands.executeCommand('kubevirtWorkbench.sortByName'),
      showSystemNamespaces: async () => vscode.commands.executeCommand('kubevirtWorkbench.showSystemNamespaces'),
      hideSystemNamespaces: async () => vscode.commands.executeCommand('kubevirtWorkbench.hideSystemNamespaces'),
      openManifest: async () => vscode.commands.executeCommand('kubevirtWorkbench.openManifest', vscode.Uri.parse('kubevirt-manifest:/prod-east/tenant-alpha/VirtualMachine/web-frontend-1.yaml')),
      start: async () => vscode.commands.executeCommand('kubevirtWorkbench.start', await vm('batch-worker')),
      stop: async () => vscode.commands.executeCommand('kubevirtWorkbench.stop', await vm('batch-worker')),
      forceStop: async () => vscode.commands.executeCommand('kubevirtWorkbench.forceStop', await vm('db-replica')),
      restart: async () => vscode.commands.executeCommand('kubevirtWorkbench.restart', await vm('web-frontend-1')),
      pause: async () => vscode.commands.executeCommand('kubevirtWorkbench.pause', await vm('web-frontend-2')),
      unpause: async () => vscode.commands.executeCommand('kubevirtWorkbench.unpause', await vm('web-frontend-2')),
      softReboot: async () => vscode.commands.executeCommand('kubevirtWorkbench.softReboot', await vm('web-frontend-2')),
      migrate: async () => vscode.commands.executeCommand('kubevirtWorkbench.migrate', await vm('api-gateway')),
      cancelMigration: async () => vscode.commands.executeCommand('kubevirtWorkbench.cancelMigration', await vm('api-gateway')),
      delete: async () => vscode.commands.executeCommand('kubevirtWorkbench.delete', await vm('legacy-app')),
      takeSnapshot: async () => vscode.commands.executeCommand('kubevirtWorkbench.takeSnapshot', await vm('web-frontend-2')),
      restoreSnapshot: async () => vscode.commands.executeCommand('kubevirtWorkbench.restoreSnapshot', await vm('web-frontend-1')),
      deleteSnapshot: async () => vscode.commands.executeCommand('kubevirtWorkbench.deleteSnapshot', await vm('web-frontend-1')),
      clone: async () => vscode.commands.executeCommand('kubevirtWorkbench.clone', await vm('batch-worker')),
      showGuestDetails: async () => vscode.commands.executeCommand('kubevirtWorkbench.showGuestDetails', await vm('web-frontend-1')),
      diagnose: async () => vscode.commands.executeCommand('kubevirtWorkbench.diagnose', await vm('web-frontend-1')),
      restartToApply: async () => vscode.commands.executeCommand('kubevirtWorkbench.restartToApply', await vm('billing-api')),
      addVolume: async () => vscode.commands.executeCommand('kubevirtWorkbench.addVolume', await vm('web-frontend-1')),
      removeVolume: async () => vscode.commands.executeCommand('kubevirtWorkbench.removeVolume', await vm('api-gateway')),
      console: async () => {
        const terminal = (await vscode.commands.executeCommand('kubevirtWorkbench.console', await vm('api-gateway'))) as vscode.Terminal | undefined;
        terminal?.dispose();
      },
      vnc: async () => vscode.commands.executeCommand('kubevirtWorkbench.vnc', await vm('api-gateway')),
      ssh: async () => vscode.commands.executeCommand('kubevirtWorkbench.ssh', await vm('api-gateway')),
      vncVirtctl: async () => vscode.commands.executeCommand('kubevirtWorkbench.vncVirtctl', await vm('api-gateway')),
      forwardPort: async () => vscode.commands.executeCommand('kubevirtWorkbench.forwardPort', await vm('api-gateway')),
      showForwards: async () => vscode.commands.executeCommand('kubevirtWorkbench.showForwards'),
      openInFleet: async () => vscode.commands.executeCommand('kubevirtWorkbench.openInFleet', await vm('api-gateway')),
      copyVncCommand: async () => vscode.commands.executeCommand('kubevirtWorkbench.copyVncCommand', await vm('api-gateway')),
      copySshCommand: async () => vscode.commands.executeCommand('kubevirtWorkbench.copySshCommand', await vm('api-gateway')),
      edit: async () => vscode.commands.executeCommand('kubevirtWorkbench.edit', await vm('web-frontend-2')),
      showEvents: async () => vscode.commands.executeCommand('kubevirtWorkbench.showEvents', await vm('web-frontend-2')),
      showLogs: async () => vscode.commands.executeCommand('kubevirtWorkbench.showLogs', await pod()),
      stopLogs: async () => vscode.commands.executeCommand('kubevirtWorkbench.stopLogs'),
      diffWithCluster: async () => vscode.commands.executeCommand('kubevirtWorkbench.diffWithCluster', yaml.uri),
      dryRun: async () => vscode.commands.executeCommand('kubevirtWorkbench.dryRun', yaml.uri),
      apply: async () => vscode.commands.executeCommand('kubevirtWorkbench.apply', yaml.uri),
    };
    const contributed = (manifest(extension()).contributes.commands ?? []).map((c) => c.command.replace(/^kubevirtWorkbench\./, ''));
    assert.deepEqual(contributed.filter((c) => !(c in runs)), [], 'every contributed command is run here');
    for (const command of contributed) {
      try {
        await runs[command]();
      } catch (error) {
        // A command may fail (a cluster without credentials); what it shows is searched below all the same.
        recorder.shown.push(`${command} threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const rows: string[] = [];
    for (const root of await tree.getChildren()) {
      for (const node of [root, ...(await descendants(tree, root))]) {
        // The tooltip as VS Code resolves it when the row is hovered.
        const item = await tree.resolveTreeItem(tree.getTreeItem(node), node);
        const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : (item.tooltip ?? '');
        if (item.tooltip instanceof vscode.MarkdownString) assert.notEqual(item.tooltip.supportHtml, true, `no HTML in the tooltip of ${node.id}`);
        rows.push(`${typeof item.label === 'string' ? item.label : (item.label?.label ?? '')} ${item.description ?? ''} ${tooltip}`);
      }
    }
    const documents = vscode.workspace.textDocuments.filter((d) => d !== yaml).map((d) => `${d.uri.toString()}\n${d.getText()}`);
    const keyLine = keyPem.split('\n').find((l) => l.length > 40 && !l.startsWith('-----'))!;
    const needles = [...Object.values(SECRETS).flatMap((s) => [s, s.slice(0, 16)]), keyLine, Buffer.from(keyPem).toString('base64').slice(0, 40)];
    const places: [string, string[]][] = [['the log and output channels', outputLines], ['notifications and prompts', recorder.shown], ['tree rows and tooltips', rows], ['documents', documents]];
    for (const [where, texts] of places) {
      for (const needle of needles) {
        const hit = texts.find((t) => t.includes(needle));
        assert.equal(hit, undefined, `${needle} appears in ${where}: ${hit}`);
      }
    }
    // The search had something to search: every place was written to, states included.
    assert.ok(outputLines.some((l) => /GET \/version/.test(l)), 'API calls are logged');
    assert.ok(outputLines.some((l) => /credential plugin "node(\.exe)?" stderr: login failed for \[redacted\]/.test(l)), outputLines.filter((l) => /stderr/.test(l)).join('\n'));
    assert.ok(rows.some((r) => /credentials unavailable/i.test(r)), 'a credentials state is shown');
    assert.ok(recorder.shown.length > 10, `${recorder.shown.length} messages shown`);
    assert.ok(documents.some((d) => d.startsWith('untitled:')), 'the generators opened documents');
    assert.ok(documents.some((d) => d.startsWith('kubevirt-edit:')), 'an edit document is open');
    assert.ok(fs.existsSync(demo.kubeconfigFile));
  });
});
