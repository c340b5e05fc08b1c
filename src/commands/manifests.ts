// Edit (a writable document of the live object; VS Code's own conflict handling when it changed meanwhile, see
// editFileSystem), Diff with Cluster, Dry Run and Apply to Cluster (server-side apply as kubevirt-workbench, after a
// dry-run diff and a confirmation naming the namespace and cluster). A file of several documents is applied as a
// whole. Every message and question goes through UserInput.
import * as vscode from 'vscode';
import type { KubeObject } from '../model/kubeObject';
import { documentText, documentTexts, parseManifest } from '../model/manifestEdit';
import { manifestsOf } from '../views/clusterManifests';
import { editRef, editUri, type EditFileSystem } from '../views/editFileSystem';
import type { LiveManifests } from '../views/liveManifests';
import { manifestRef } from '../views/manifestContent';
import { chooseCluster, clusterItems, connectAllWithProgress } from './clusterPick';
import { message, requireFleet, type Services } from './services';

export function registerManifestCommands(services: Services, live: LiveManifests, edits: EditFileSystem): vscode.Disposable[] {
  return [
    // From a row's menu (the tree's own node), or from the title bar or code lens of its read-only manifest.
    vscode.commands.registerCommand('kubevirtWorkbench.edit', async (target?: unknown) => {
      const node = target instanceof vscode.Uri ? undefined : services.node(target);
      const ref = target instanceof vscode.Uri ? manifestRef(target) : node?.type === 'workload' ? node : undefined;
      if (!ref) return undefined;
      const doc = await vscode.workspace.openTextDocument(editUri({ context: ref.context, namespace: ref.namespace, kind: ref.kind, name: ref.name }));
      await vscode.window.showTextDocument(doc, { preview: false });
      // Still open from before the context was pointed elsewhere: read it again from where it points now.
      if (!doc.isDirty && !edits.isCurrent(doc.uri)) await vscode.commands.executeCommand('workbench.action.files.revert');
      return doc;
    }),
    vscode.commands.registerCommand('kubevirtWorkbench.diffWithCluster', (uri?: vscode.Uri, index?: number) =>
      reportErrors(services, vscode.l10n.t('Diff with Cluster'), () => diffWithCluster(services, live, uri, index)),
    ),
    vscode.commands.registerCommand('kubevirtWorkbench.dryRun', (uri?: vscode.Uri, index?: number) =>
      reportErrors(services, vscode.l10n.t('Dry Run'), () => apply(services, live, uri, index, true)),
    ),
    vscode.commands.registerCommand('kubevirtWorkbench.apply', (uri?: vscode.Uri, index?: number) =>
      reportErrors(services, vscode.l10n.t('Apply to Cluster'), () => apply(services, live, uri, index, false)),
    ),
  ];
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
  /** One entry per document: the whole file (several documents) or the one a code lens names. */
  documents: { text: string; object: KubeObject }[];
  /** How many documents the file holds. */
  count: number;
}

async function source(uri: vscode.Uri | undefined, index: number | undefined): Promise<Source> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) throw new Error(vscode.l10n.t('Open a YAML manifest first.'));
  const text = (await vscode.workspace.openTextDocument(target)).getText();
  const all = documentTexts(text);
  const texts = index === undefined ? all : [documentText(text, index)];
  if (!texts.length) throw new Error(vscode.l10n.t('The file holds no manifest.'));
  return { uri: target, documents: texts.map((t) => ({ text: t, object: parseManifest(t) })), count: all.length };
}

/** The context of an edit document or of a generated one, else the user's pick (usable clusters first). */
async function pickContext(services: Services, src: Source): Promise<string | undefined> {
  const own = editRef(src.uri)?.context ?? services.targets.get(src.uri);
  if (own) return own;
  const fleet = requireFleet(services);
  await connectAllWithProgress(fleet);
  const needsKubeVirt = src.documents.some((d) => /(^|\.)kubevirt\.io\//.test(d.object.apiVersion ?? ''));
  return chooseCluster(clusterItems(fleet, needsKubeVirt), vscode.l10n.t('Which cluster?'), (items, placeHolder) => services.input.pick(items, { title: vscode.l10n.t('Cluster context'), placeHolder }));
}

function titleOf(object: KubeObject): string {
  return `${object.kind} ${object.metadata.name}`;
}

/** `VirtualMachine my-vm`, `Secret my-vm-ssh-key and VirtualMachine my-vm`. */
function listOf(objects: KubeObject[]): string {
  const titles = objects.map(titleOf);
  return titles.length > 1 ? `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}` : titles[0];
}

async function diffWithCluster(services: Services, live: LiveManifests, uri: vscode.Uri | undefined, index: number | undefined) {
  const src = await source(uri, index);
  const [doc] = src.documents;
  const context = await pickContext(services, src);
  if (!context) return undefined;
  const found = await manifestsOf(requireFleet(services), context).live(doc.text);
  if (found.kind === 'absent') {
    void services.input.notify('info', `${found.message} (${context})`);
    return found;
  }
  const ns = doc.object.metadata.namespace ?? '';
  const left = live.put([context, ns, doc.object.kind ?? '', doc.object.metadata.name, 'cluster'], found.yaml);
  const whole = src.count === 1;
  const right = whole ? src.uri : live.put([context, ns, doc.object.kind ?? '', doc.object.metadata.name, 'yours'], doc.text);
  await vscode.commands.executeCommand('vscode.diff', left, right, `${titleOf(doc.object)}${ns ? ` in ${ns}` : ''}: ${context} ↔ this file`);
  return found;
}

async function apply(services: Services, live: LiveManifests, uri: vscode.Uri | undefined, index: number | undefined, dryRunOnly: boolean) {
  const src = await source(uri, index);
  const context = await pickContext(services, src);
  if (!context) return undefined;
  const manifests = manifestsOf(requireFleet(services), context);
  const objects = src.documents.map((d) => d.object);
  const [places, currents, dryRuns] = await Promise.all([
    Promise.all(src.documents.map((d) => manifests.placement(d.text))),
    Promise.all(src.documents.map((d) => manifests.live(d.text))),
    Promise.all(src.documents.map((d) => manifests.apply(d.text, { dryRun: true }))),
  ]);
  const namespaces = [...new Set(places.map((p) => p.namespace).filter((n): n is string => !!n))];
  const where = `${namespaces.length ? `${namespaces.join(', ')} on ` : ''}${context}`;
  const main = objects[objects.length - 1];
  const parts = [context, namespaces.join(','), main.kind ?? '', main.metadata.name];
  const left = live.put([...parts, 'cluster'], currents.map((c) => (c.kind === 'live' ? c.yaml : `# ${c.message}\n`)).join('---\n'));
  const right = live.put([...parts, vscode.l10n.t('after apply (dry run)')], dryRuns.map((d) => d.yaml).join('---\n'));
  await vscode.commands.executeCommand('vscode.diff', left, right, `${listOf(objects)} in ${where} ↔ after apply (dry run)`);
  if (dryRunOnly) return { dryRun: dryRuns[dryRuns.length - 1].object, all: dryRuns.map((d) => d.object) };
  const creates = currents.filter((c) => c.kind === 'absent').length;
  const defaulted = places.some((p) => p.defaulted) ? vscode.l10n.t(' The manifest names no namespace: {0} is the context\'s.', String(places.find((p) => p.defaulted)?.namespace)) : '';
  const answer = await services.input.confirm(
    vscode.l10n.t('Apply {0} to {1}?', listOf(objects), where),
    vscode.l10n.t('Server-side apply as field manager kubevirt-workbench. {0}{1}', creates === currents.length ? vscode.l10n.t('This creates {0}.', objects.length > 1 ? 'them' : 'it') : creates ? vscode.l10n.t('This creates the new ones and changes the others as the diff shows.') : vscode.l10n.t('This changes what the diff shows.'), defaulted),
    vscode.l10n.t('Apply'),
  );
  if (answer !== vscode.l10n.t('Apply')) return undefined;
  const applied: KubeObject[] = [];
  for (const d of src.documents) applied.push((await manifests.apply(d.text, { dryRun: false })).object);
  void services.input.notify('info', vscode.l10n.t('Applied {0} to {1}.', listOf(objects), where));
  return { applied: applied[applied.length - 1], all: applied };
}
