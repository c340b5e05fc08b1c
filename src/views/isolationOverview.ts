// The Isolation Overview: one webview panel per cluster with its tenants as rows — containers, microVM pods per
// runtime, VMs — and their guardrail verdicts per category, in words and colour. Opening it starts the cluster's
// guardrail audit; the rows follow the Fleet's changes (debounced). The webview gets its data from here, never
// from the cluster. Export writes the audit as Markdown or HTML where the save dialog (UserInput) says.
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import type { UserInput } from '../commands/userInput';
import { auditHtml, auditMarkdown, type AuditReport } from '../model/guardrails/export';
import { overviewRow, type OverviewData } from '../model/guardrails/overview';
import type { TenantAudit } from '../model/guardrails/audit';
import { auditSettings } from './auditSettings';

const UPDATE_MS = 300;

export class IsolationOverview implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; unsubscribe: () => void }>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly fleet: () => Fleet | undefined,
    private readonly input: UserInput,
    private readonly showSystem: () => boolean,
  ) {}

  /** Opens (or reveals) the overview of a cluster; resolves with its panel. */
  async open(context: string): Promise<vscode.WebviewPanel> {
    const open = this.panels.get(context);
    if (open) {
      open.panel.reveal();
      return open.panel;
    }
    const panel = vscode.window.createWebviewPanel('kubevirtWorkbench.isolationOverview', vscode.l10n.t('Isolation: {0}', context), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    });
    panel.webview.html = this.html(panel.webview);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const post = () => void panel.webview.postMessage({ type: 'data', data: this.data(context) });
    const fleet = this.fleet();
    const unsubscribe = fleet?.onDidChange((change) => {
      if (change.context !== context) return;
      clearTimeout(timer);
      timer = setTimeout(post, UPDATE_MS);
    }) ?? (() => undefined);
    this.panels.set(context, { panel, unsubscribe });
    panel.onDidDispose(() => {
      clearTimeout(timer);
      unsubscribe();
      this.panels.delete(context);
    });
    panel.webview.onDidReceiveMessage((message: { type?: string; format?: string }) => {
      if (message.type === 'ready') post();
      if (message.type === 'export' && (message.format === 'markdown' || message.format === 'html')) void this.export(context, message.format);
    });
    void fleet?.startGuardrails(context).then(post);
    return panel;
  }

  /** The data the panel shows now (also for tests). */
  data(context: string): OverviewData {
    const audits = this.audits(context);
    const fleet = this.fleet();
    const state = fleet?.state(context).status ?? 'idle';
    const note = state !== 'connected' ? (state === 'connecting' || state === 'idle' ? 'Connecting…' : vscode.l10n.t('Not connected: {0}', fleet?.state(context).reason ?? state)) : !audits.length ? 'Auditing…' : undefined;
    return { cluster: context, generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), rows: audits.map(overviewRow), ...(note ? { note } : {}) };
  }

  /** Writes the export where the user says; resolves with the file written. */
  async export(context: string, format: 'markdown' | 'html'): Promise<vscode.Uri | undefined> {
    const report: AuditReport = { cluster: context, generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), tenants: this.audits(context) };
    const extension = format === 'markdown' ? 'md' : 'html';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await this.input.saveAs({
      title: vscode.l10n.t('Export the isolation audit of {0}', context),
      defaultUri: folder ? vscode.Uri.joinPath(folder, `isolation-${context}.${extension}`) : undefined,
      filters: format === 'markdown' ? { Markdown: ['md'] } : { HTML: ['html'] },
    });
    if (!target) return undefined;
    const text = format === 'markdown' ? auditMarkdown(report) : auditHtml(report);
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    void this.input.notify('info', vscode.l10n.t('Exported the isolation audit of {0} ({1} tenants) to {2}.', context, report.tenants.length, target.fsPath));
    return target;
  }

  dispose(): void {
    for (const { panel } of [...this.panels.values()]) panel.dispose();
  }

  private audits(context: string): TenantAudit[] {
    const fleet = this.fleet();
    if (!fleet) return [];
    const settings = auditSettings();
    return fleet
      .tenants(context, { showSystem: this.showSystem() })
      .map((t) => fleet.audit(context, t, settings))
      .filter((a): a is TenantAudit => a !== undefined);
  }

  private html(webview: vscode.Webview): string {
    const nonce = Array.from({ length: 4 }, () => Math.random().toString(36).slice(2)).join('');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'overview.js'));
    // l10n-ignore: the page's markup; its words come with the data
    const csp = `default-src 'none'; style-src ${webview.cspSource} 'unsafe-inline'; font-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
    // l10n-ignore: markup
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Isolation Overview</title>
<style>
  body { padding: 0 20px 20px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  .head { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
  .head h1 { font-size: 1.4em; font-weight: 600; }
  .actions { display: flex; gap: 8px; }
  .meta, .legend, .note { color: var(--vscode-descriptionForeground); }
  .note { font-size: 0.9em; }
  vscode-table-cell, vscode-table-header-cell { white-space: normal; vertical-align: top; }
  .verdict { display: inline-block; padding: 0 4px; border-radius: 3px; border: 1px solid transparent; line-height: 17px; font-size: 0.92em; }
  .verdict.pass { color: var(--vscode-testing-iconPassed); border-color: var(--vscode-testing-iconPassed); }
  .verdict.warn { color: var(--vscode-editorWarning-foreground); border-color: var(--vscode-editorWarning-foreground); }
  .verdict.fail { color: var(--vscode-errorForeground); border-color: var(--vscode-errorForeground); font-weight: 600; }
  .verdict.unknown { color: var(--vscode-descriptionForeground); border-color: var(--vscode-descriptionForeground); border-style: dashed; }
  .verdict.none { color: var(--vscode-disabledForeground); }
</style></head>
<body><div id="root"><p class="meta">Loading…</p></div><script nonce="${nonce}" src="${script}"></script></body></html>`;
  }
}
