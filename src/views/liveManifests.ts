// Read-only documents of text the extension shows next to the user's (the live object, a dry-run result), for
// `vscode.diff`. Showing new text under the same address updates an open diff in place; a closed document's
// text is dropped.
import * as vscode from 'vscode';
import { LIVE_SCHEME } from '../contributions';

export class LiveManifests implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** `parts` name the document (context, namespace, kind, name and what it is, e.g. "cluster"). */
  put(parts: string[], text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: LIVE_SCHEME, path: `/${parts.map(encodeURIComponent).join('/')}.yaml` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  /** The document was closed: its text is dropped. */
  forget(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }

  /** Texts kept (for tests of pruning). */
  get size(): number {
    return this.texts.size;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? vscode.l10n.t('# no longer available\n');
  }

  dispose(): void {
    this.changed.dispose();
  }
}
