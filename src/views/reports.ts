// Read-only Markdown reports (Diagnose VM, Show Guest Details) as virtual documents, opened in the Markdown
// preview. Each report has its own address naming the VM and cluster; opening it again shows the new text.
import * as vscode from 'vscode';
import { REPORT_SCHEME } from '../contributions';

export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** `kubevirt-report:/prod-east/tenant-alpha/diagnosis/web-1.md` with `markdown`, shown in the preview. */
  async show(context: string, namespace: string, report: string, name: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${encodeURIComponent(context)}/${namespace}/${report}/${name}.md` });
    this.texts.set(uri.toString(), markdown);
    this.changed.fire(uri);
    await vscode.commands.executeCommand('markdown.showPreview', uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
