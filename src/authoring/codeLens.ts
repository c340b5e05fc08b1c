// "Apply…", "Dry Run…" and "Diff with Cluster" above each KubeVirt or Kata/gVisor document, each shown only
// once some part of the extension has registered its command.
import * as vscode from 'vscode';
import { decoratedDocuments } from '../model/manifestDocuments';

export const LENS_COMMANDS = [
  { command: 'kubevirtWorkbench.apply', title: 'Apply…' },
  { command: 'kubevirtWorkbench.dryRun', title: 'Dry Run…' },
  { command: 'kubevirtWorkbench.diffWithCluster', title: 'Diff with Cluster' },
] as const;

export class ManifestCodeLenses implements vscode.CodeLensProvider {
  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const registered = new Set(await vscode.commands.getCommands(true));
    const commands = LENS_COMMANDS.filter((c) => registered.has(c.command));
    if (!commands.length) return [];
    return decoratedDocuments(document.getText()).flatMap((d) => {
      const range = new vscode.Range(d.line, 0, d.line, 0);
      return commands.map((c) => new vscode.CodeLens(range, { ...c, arguments: [document.uri, d.index] }));
    });
  }
}
