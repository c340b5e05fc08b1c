// Code lenses above each KubeVirt or Kata/gVisor document: "Apply… | Dry Run… | Diff with Cluster" in a YAML file
// (plus "Apply File…" when it holds several documents, such as a VM and its SSH key Secret); "Edit" in a
// read-only manifest of the Fleet view; "Diff with Cluster" in an edit document. Each shows only once some part
// of the extension has registered its command.
import * as vscode from 'vscode';
import { decoratedDocuments } from '../model/manifestDocuments';
import { documentCount } from '../model/manifestEdit';

export const LENS_COMMANDS = [
  { command: 'kubevirtWorkbench.apply', title: vscode.l10n.t('Apply…') },
  { command: 'kubevirtWorkbench.dryRun', title: vscode.l10n.t('Dry Run…') },
  { command: 'kubevirtWorkbench.diffWithCluster', title: vscode.l10n.t('Diff with Cluster') },
] as const;

const EDIT = { command: 'kubevirtWorkbench.edit', title: vscode.l10n.t('Edit') };
const APPLY_FILE = { command: 'kubevirtWorkbench.apply', title: vscode.l10n.t('Apply File…') };

/** Documents of the Fleet view that are not files: what their lenses may offer. */
const SCHEME_LENSES: Record<string, readonly { command: string; title: string }[]> = {
  'kubevirt-manifest': [EDIT],
  'kubevirt-edit': [LENS_COMMANDS[2]],
  'kubevirt-live': [],
};

export class ManifestCodeLenses implements vscode.CodeLensProvider {
  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const registered = new Set(await vscode.commands.getCommands(true));
    const own = SCHEME_LENSES[document.uri.scheme];
    const documents = decoratedDocuments(document.getText());
    if (own) {
      // One object per document: the lens sits on its first line and acts on the whole document.
      const range = new vscode.Range(0, 0, 0, 0);
      return documents.length ? own.filter((c) => registered.has(c.command)).map((c) => new vscode.CodeLens(range, { ...c, arguments: [document.uri] })) : [];
    }
    const commands = LENS_COMMANDS.filter((c) => registered.has(c.command));
    if (!commands.length) return [];
    const lenses = documents.flatMap((d) => {
      const range = new vscode.Range(d.line, 0, d.line, 0);
      return commands.map((c) => new vscode.CodeLens(range, { ...c, arguments: [document.uri, d.index] }));
    });
    // A file of several documents (a VM and its key Secret) is applied as a whole from its first line.
    const wholeFile = documents.length > 0 && documentCount(document.getText()) > 1 && registered.has(APPLY_FILE.command);
    return wholeFile ? [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { ...APPLY_FILE, arguments: [document.uri] }), ...lenses] : lenses;
  }
}
