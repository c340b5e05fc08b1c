// Edit (a writable document of the live object), what a save conflict offers, Diff with Cluster, Dry Run and
// Apply to Cluster (server-side apply as kubevirt-workbench, after a dry-run diff and a confirmation).
import * as vscode from 'vscode';
import type { Conflict } from '../cluster/manifests';
import type { KubeObject } from '../model/kubeObject';
import { documentText, parseManifest, rebaseText } from '../model/manifestEdit';
import { manifestsOf } from '../views/clusterManifests';
import { editRef, editUri, type EditFileSystem } from '../views/editFileSystem';
import type { LiveManifests } from '../views/liveManifests';
import { message, requireFleet, type Services } from './services';

export function registerManifestCommands(services: Services, live: LiveManifests, edits: EditFileSystem): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kubevirtWorkbench.edit', async (arg?: unknown) => {
      const node = services.node(arg);
      if (node?.type !== 'workload') return undefined;
      const doc = await vscode.workspace.openTextDocument(editUri(node));
      await vscode.window.showTextDocument(doc, { preview: false });
      // Still open from before the context was pointed elsewhere: read it again from where it points now.
      if (!doc.isDirty && !edits.isCurrent(doc.uri)) await vscode.commands.executeCommand('workbench.action.files.revert');
      return doc;
    }),
    vscode.commands.registerCommand('kubevirtWorkbench.diffWithCluster', (uri?: vscode.Uri, index?: number) =>
      reportErrors(services, 'Diff with Cluster', () => diffWithCluster(services, live, uri, index)),
    ),
    vscode.commands.registerCommand('kubevirtWorkbench.dryRun', (uri?: vscode.Uri, index?: number) =>
      reportErrors(services, 'Dry Run', () => apply(services, live, uri, index, true)),
    ),
    vscode.commands.registerCommand('kubevirtWorkbench.apply', (uri?: vscode.Uri, index?: number) =>
      reportErrors(services, 'Apply to Cluster', () => apply(services, live, uri, index, false)),
    ),
  ];
}

/**
 * Shown after a save hit 409: the live object against the user's (still unsaved) text, and what to do. Re-apply
 * takes the editor's text as it is now (edits made since the failed save included), moves it to the live
 * resourceVersion and saves it again through the editor; Discard reloads the object.
 */
export function conflictHandler(services: Services, live: LiveManifests): (uri: vscode.Uri, conflict: Conflict) => void {
  return (uri, conflict) => {
    const ref = editRef(uri)!;
    void (async () => {
      const left = live.put([ref.context, ref.namespace, ref.kind, ref.name, 'cluster'], conflict.liveYaml);
      await vscode.commands.executeCommand('vscode.diff', left, uri, `${ref.name}: cluster ↔ your changes`);
      const choice = await services.input.confirm(
        `${ref.kind} ${ref.namespace}/${ref.name} changed on ${ref.context} after you opened it, so your save was refused.`,
        'Your text is kept. Re-apply My Changes saves your text over the current version; Discard reloads the object from the cluster.',
        'Re-apply My Changes',
        'Discard',
      );
      if (choice === 'Re-apply My Changes') await reapply(uri, conflict);
      else if (choice === 'Discard') await revert(uri);
    })().catch((error: unknown) => void services.input.notify('error', `${ref.name}: ${message(error)}`));
  };
}

/** The editor's current text at the live resourceVersion, saved through the editor (so every save check applies). */
async function reapply(uri: vscode.Uri, conflict: Conflict): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), rebaseText(doc.getText(), conflict.live));
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the editor could not be updated');
  await doc.save();
}

/** Drops the editor's unsaved text and reads the object again. */
async function revert(uri: vscode.Uri): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

async function reportErrors<T>(services: Services, what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    void services.input.notify('error', `${what}: ${message(error)}`);
    return undefined;
  }
}

interface Source {
  uri: vscode.Uri;
  text: string;
  object: KubeObject;
}

async function source(uri: vscode.Uri | undefined, index: number | undefined): Promise<Source> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) throw new Error('Open a YAML manifest first.');
  const doc = await vscode.workspace.openTextDocument(target);
  const text = documentText(doc.getText(), index);
  return { uri: target, text, object: parseManifest(text) };
}

/** The context of an edit document, or the user's pick (current-context first). */
async function pickContext(services: Services, uri: vscode.Uri): Promise<string | undefined> {
  const own = editRef(uri)?.context;
  if (own) return own;
  const fleet = requireFleet(services);
  const current = fleet.currentContext();
  const names = fleet.contexts().map((c) => c.name);
  const ordered = current ? [current, ...names.filter((n) => n !== current)] : names;
  const pick = await services.input.pick(
    ordered.map((name) => ({ label: name, description: name === current ? 'current context' : undefined })),
    { title: 'Cluster context', placeHolder: 'Which cluster?' },
  );
  return pick?.label;
}

function titleOf(object: KubeObject): string {
  return `${object.kind} ${object.metadata.name}`;
}

async function diffWithCluster(services: Services, live: LiveManifests, uri: vscode.Uri | undefined, index: number | undefined) {
  const src = await source(uri, index);
  const context = await pickContext(services, src.uri);
  if (!context) return undefined;
  const found = await manifestsOf(requireFleet(services), context).live(src.text);
  if (found.kind === 'absent') {
    void services.input.notify('info', `${found.message} (${context})`);
    return found;
  }
  const ns = src.object.metadata.namespace ?? '';
  const left = live.put([context, ns, src.object.kind ?? '', src.object.metadata.name, 'cluster'], found.yaml);
  const right = index === undefined ? src.uri : live.put([context, ns, src.object.kind ?? '', src.object.metadata.name, 'yours'], src.text);
  await vscode.commands.executeCommand('vscode.diff', left, right, `${titleOf(src.object)}: ${context} ↔ this file`);
  return found;
}

async function apply(services: Services, live: LiveManifests, uri: vscode.Uri | undefined, index: number | undefined, dryRunOnly: boolean) {
  const src = await source(uri, index);
  const context = await pickContext(services, src.uri);
  if (!context) return undefined;
  const manifests = manifestsOf(requireFleet(services), context);
  const [current, dryRun] = await Promise.all([manifests.live(src.text), manifests.apply(src.text, { dryRun: true })]);
  const parts = [context, src.object.metadata.namespace ?? '', src.object.kind ?? '', src.object.metadata.name];
  const left = live.put([...parts, 'cluster'], current.kind === 'live' ? current.yaml : `# ${current.message}\n`);
  const right = live.put([...parts, 'after apply (dry run)'], dryRun.yaml);
  await vscode.commands.executeCommand('vscode.diff', left, right, `${titleOf(src.object)}: ${context} ↔ after apply (dry run)`);
  if (dryRunOnly) return { dryRun: dryRun.object };
  const target = await manifests.target(src.text);
  const answer = await services.input.confirm(
    `Apply ${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name} to ${context}?`,
    `Server-side apply as field manager kubevirt-workbench. ${current.kind === 'live' ? 'The diff shows what changes.' : 'It creates the object.'}`,
    'Apply',
  );
  if (answer !== 'Apply') return undefined;
  const applied = await manifests.apply(src.text, { dryRun: false });
  void services.input.notify('info', `Applied ${titleOf(src.object)} to ${context}.`);
  return { applied: applied.object };
}
