import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse, stringify } from 'yaml';
import { manifestUri } from '../../src/views/manifestContent';
import { callCluster, eventually, FLEET_START_TIMEOUT_MS, onRealToo, saveOverwriting, startFleet, workloadNode, type DemoFleet } from './demoFleet';
import { loadScenario } from '../sim/scenarios';

const ADMIN = 'demo-prod-east-admin';
const ALPHA = 'tenant-alpha';
const SUBRESOURCES = `/apis/subresources.kubevirt.io/v1/namespaces/${ALPHA}`;

const resourceVersion = (doc: vscode.TextDocument) => (parse(doc.getText()) as { metadata: { resourceVersion?: string } }).metadata.resourceVersion;

async function append(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

async function setLabel(doc: vscode.TextDocument, key: string, value: string): Promise<void> {
  const object = parse(doc.getText()) as { metadata: { labels?: Record<string, string> } };
  object.metadata.labels = { ...object.metadata.labels, [key]: value };
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), stringify(object));
  assert.ok(await vscode.workspace.applyEdit(edit));
}

function diagnosticsWhen(uri: vscode.Uri, accept: (d: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  return eventually('the expected diagnostics', () => accept(vscode.languages.getDiagnostics(uri))).then(() => vscode.languages.getDiagnostics(uri));
}

describe('manifest and edit documents of the Fleet view (demo scenario)', function () {
  onRealToo(this);
  this.timeout(90_000);
  let demo: DemoFleet;
  const node = (name: string) => workloadNode(demo.tree, 'prod-east', ALPHA, name);
  const editOf = async (name: string) => (await vscode.commands.executeCommand('kubevirtWorkbench.edit', await node(name))) as vscode.TextDocument;
  const lenses = async (uri: vscode.Uri) => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).map((l) => l.command?.title);

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    // The web workbench auto-saves after a second by default: where a cluster answers slowly (real control planes on
    // a loaded machine) an edit sits past it, and the auto-save the extension refuses races the explicit save under test.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    demo = await startFleet(loadScenario('demo'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await demo?.stop();
  });

  it('names the cluster in both titles; the read-only one offers Edit, the edit one Diff with Cluster', async () => {
    const view = (await vscode.commands.executeCommand('kubevirtWorkbench.openManifest', await node('api-gateway'))) as vscode.TextDocument;
    assert.equal(view.uri.toString(), manifestUri('prod-east', ALPHA, 'VirtualMachine', 'api-gateway').toString());
    assert.match(view.uri.path, /\/api-gateway \(prod-east\)\.yaml$/);
    await eventually('the manifest has its Edit lens', async () => (await lenses(view.uri)).join() === 'Edit');
    const edit = (await vscode.commands.executeCommand('kubevirtWorkbench.edit', view.uri)) as vscode.TextDocument;
    assert.match(edit.uri.path, /\/api-gateway \(prod-east, edit\)\.yaml$/);
    assert.deepEqual(await lenses(edit.uri), ['Diff with Cluster']);
  });

  it('reloads what the server stored after a save: the new resourceVersion, not the old one', async () => {
    const doc = await editOf('web-frontend-1');
    const before = resourceVersion(doc);
    await setLabel(doc, 'saved', 'once');
    assert.equal(await doc.save(), true);
    await eventually('the document shows the stored resourceVersion', () => !doc.isDirty && resourceVersion(doc) !== before && /saved: once/.test(doc.getText()));
    // and saves again on top of it
    await setLabel(doc, 'saved-again', 'yes');
    assert.equal(await doc.save(), true);
  });

  it('is not in conflict with a change of status alone', async () => {
    const doc = await editOf('api-gateway');
    await setLabel(doc, 'during', 'pause');
    assert.equal(await callCluster(demo.fleet, 'prod-east', ADMIN, 'PUT', `${SUBRESOURCES}/virtualmachineinstances/api-gateway/pause`, {}), 200);
    await eventually('the VM status says Paused', async () => /Paused/.test((await vscode.workspace.openTextDocument(manifestUri('prod-east', ALPHA, 'VirtualMachine', 'api-gateway'))).getText()));
    assert.equal(await doc.save(), true);
  });

  it('refuses a save over a concurrent change and keeps the text; Revert shows the cluster version to edit on', async () => {
    const doc = await editOf('cache');
    await append(doc, '# my change\n');
    const mine = doc.getText();
    assert.equal(await callCluster(demo.fleet, 'prod-east', ADMIN, 'PUT', `${SUBRESOURCES}/virtualmachines/cache/stop`, {}), 202);
    await eventually('the stop reached the VM spec', async () => /runStrategy: Halted/.test((await vscode.workspace.openTextDocument(manifestUri('prod-east', ALPHA, 'VirtualMachine', 'cache'))).getText()));
    assert.equal(await doc.save(), false);
    assert.ok(doc.isDirty);
    assert.equal(doc.getText(), mine);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await eventually('the cluster version is shown', () => !doc.isDirty && /runStrategy: Halted/.test(doc.getText()));
    await setLabel(doc, 'after', 'revert');
    assert.equal(await doc.save(), true);
  });

  it('Overwrite puts your changes onto the cluster version; a field changed on both sides waits until Compare has shown theirs', async () => {
    const api = demo.fleet.cluster('prod-east').api!;
    const labels = async () => (await api.get('virtualmachines.kubevirt.io', ALPHA, 'batch-worker'))!.metadata.labels ?? {};
    const doc = await editOf('batch-worker');
    await setLabel(doc, 'mine', 'yes');
    await setLabel(doc, 'owner', 'me');
    // Someone else labels the VM meanwhile, one label the same as the user.
    const theirs = (await api.get('virtualmachines.kubevirt.io', ALPHA, 'batch-worker'))!;
    await api.update('virtualmachines.kubevirt.io', { ...theirs, metadata: { ...theirs.metadata, labels: { ...theirs.metadata.labels, theirs: 'yes', owner: 'them' } } });
    // The caches must have seen it for VS Code to be told; the document is read through them.
    await eventually('the other label reached the caches', async () => /owner: them/.test((await vscode.workspace.openTextDocument(manifestUri('prod-east', ALPHA, 'VirtualMachine', 'batch-worker'))).getText()));
    assert.equal(await doc.save(), false, 'VS Code is told of the newer version');
    assert.equal(await saveOverwriting(doc), false, 'owner changed on both sides, and their version was never shown');
    assert.equal((await labels()).owner, 'them');
    assert.equal((await labels()).mine, undefined);
    // VS Code's Compare reads the cluster's version through the file system.
    assert.match(Buffer.from(await vscode.workspace.fs.readFile(doc.uri)).toString(), /owner: them/);
    assert.equal(await saveOverwriting(doc), true);
    const after = await labels();
    assert.deepEqual([after.mine, after.owner, after.theirs], ['yes', 'me', 'yes']);
    await eventually('the editor shows what the server stored', () => !doc.isDirty && /theirs: "?yes/.test(doc.getText()));
  });

  it('flags a duplicate key as it is typed, in any Kubernetes YAML and in an edit document', async () => {
    const deployment = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  name: web-2\n' });
    const [duplicate] = await diagnosticsWhen(deployment.uri, (d) => d.length > 0);
    assert.equal(duplicate.code, 'yaml-duplicate-key');
    assert.equal(duplicate.range.start.line, 4);
    assert.equal(duplicate.severity, vscode.DiagnosticSeverity.Error);
    const doc = await editOf('analytics');
    await append(doc, 'metadata:\n  name: analytics\n');
    await diagnosticsWhen(doc.uri, (d) => d.some((x) => x.code === 'yaml-duplicate-key'));
    assert.equal(await doc.save(), false);
    // No unsaved editor left behind for the next tests (closing it would ask).
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
