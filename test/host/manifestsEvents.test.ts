import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import type { LogStream } from '../../src/cluster/logs';
import type { ActionRun } from '../../src/commands/lifecycle';
import type { EventRow } from '../../src/model/events';
import type { KubeObject } from '../../src/model/kubeObject';
import { loadScenario } from '../sim/scenarios';
import { ScriptedInput, withInput, type Expected } from './scriptedInput';
import { contextValue, description, eventually, FLEET_START_TIMEOUT_MS, onRealToo, startFleet, workloadNode, type DemoFleet } from './demoFleet';

const ALPHA = 'tenant-alpha';
type Live = { kind: 'live'; object: KubeObject } | { kind: 'absent'; message: string };

const vmManifest = (name: string, labels: Record<string, string>) =>
  stringify({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace: ALPHA, labels },
    spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {} } } } },
  });

describe('Diff, Dry Run, Apply, events, logs and Cancel Migration in the real host (demo scenario)', function () {
  onRealToo(this);
  this.timeout(90_000);
  let demo: DemoFleet;
  const node = (name: string) => workloadNode(demo.tree, 'prod-east', ALPHA, name);
  const yamlDoc = (text: string) => vscode.workspace.openTextDocument({ language: 'yaml', content: text });
  const prodEast: Expected = { kind: 'pick', match: /^Cluster context — Which cluster\?$/, answer: 'prod-east' };
  /** Runs a manifest command on `doc`, answering its prompts with `answers` (the cluster pick first). */
  const command = <T>(id: string, doc: vscode.TextDocument, ...answers: Expected[]) => {
    const script = new ScriptedInput().expect(prodEast, ...answers);
    return withInput(script, async () => {
      const result = (await vscode.commands.executeCommand(`kubevirtWorkbench.${id}`, doc.uri)) as T;
      script.assertDone();
      return result;
    });
  };
  const live = (doc: vscode.TextDocument) => command<Live>('diffWithCluster', doc);

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    demo = await startFleet(loadScenario('demo'));
  });
  after(async () => demo?.stop());

  it('Diff with Cluster says when the object is not on the cluster', async () => {
    const result = await live(await yamlDoc(vmManifest('not-there', {})));
    assert.equal(result.kind, 'absent');
  });

  it('Dry Run shows the result without changing the cluster; Apply then creates it by server-side apply', async () => {
    const doc = await yamlDoc(vmManifest('applied-vm', { team: 'alpha' }));
    const dry = await command<{ dryRun: KubeObject }>('dryRun', doc);
    assert.equal(dry.dryRun.metadata.labels?.team, 'alpha');
    assert.equal((await live(doc)).kind, 'absent', 'a dry run creates nothing');

    const applied = await command<{ applied: KubeObject }>('apply', doc, { kind: 'confirm', match: /^Apply VirtualMachine applied-vm to tenant-alpha on prod-east\?$/, answer: 'Apply' });
    assert.ok(applied.applied.metadata.uid);
    const after = await live(doc);
    assert.ok(after.kind === 'live', JSON.stringify(after));
    assert.equal(after.object.metadata.labels?.team, 'alpha');
    await eventually('the applied VM appears in the tree', async () => description(demo.tree, await node('applied-vm')).startsWith('Stopped'));
  });

  it('Show Events lists the VM, its VMI and its launcher pod', async () => {
    const rows = (await vscode.commands.executeCommand('kubevirtWorkbench.showEvents', await node('web-frontend-1'))) as EventRow[];
    const kinds = new Set(rows.map((r) => r.object.split('/')[0]));
    for (const kind of ['VirtualMachine', 'VirtualMachineInstance', 'Pod']) assert.ok(kinds.has(kind), `${kind} missing from ${JSON.stringify(rows)}`);
  });

  it('Show Logs follows the launcher pod of a running VM until stopped', async () => {
    const stream = (await vscode.commands.executeCommand('kubevirtWorkbench.showLogs', await node('web-frontend-1'))) as LogStream | undefined;
    assert.ok(stream, 'no log stream');
    let ended = false;
    void stream.done.then(() => (ended = true));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(ended, false, 'a followed log stays open');
    await vscode.commands.executeCommand('kubevirtWorkbench.stopLogs');
    await stream.done;
  });

  it('Cancel Migration is offered for a migrating VM and ends the migration', async () => {
    await eventually('db-replica offers Cancel Migration', async () => /\bcan:cancelMigration\b/.test(contextValue(demo.tree, await node('db-replica'))));
    const run = (await vscode.commands.executeCommand('kubevirtWorkbench.cancelMigration', await node('db-replica'))) as ActionRun;
    assert.ok(run.kind === 'single', JSON.stringify(run));
    assert.match(run.outcome.calls.join('\n'), /^DELETE \/apis\/kubevirt\.io\/v1\/namespaces\/tenant-alpha\/virtualmachineinstancemigrations\/\S+ 20\d$/m);
    await eventually('db-replica is no longer migrating', async () => !description(demo.tree, await node('db-replica')).startsWith('Migrating'));
  });
});
