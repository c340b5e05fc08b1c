// The Isolation Overview: one webview panel per cluster with its tenants as rows — containers, microVM pods per
// runtime, VMs — and their guardrail verdicts per category, in words and colour. Opening it starts the cluster's
// guardrail audit; the rows follow the Fleet's changes (debounced). The webview gets its data from here, never
// from the cluster. Export writes the audit as Markdown or HTML where the save dialog (UserInput) says.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import type { UserInput } from '../commands/userInput';
import { auditHtml, auditMarkdown, type AuditReport } from '../model/guardrails/export';
import { categoryTitle } from '../model/guardrails/catalog';
import { VERDICT_WORDS } from '../model/guardrails/check';
import { CATEGORIES, overviewRow, type OverviewData, type OverviewWords } from '../model/guardrails/overview';
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
    const note = state !== 'connected' ? (state === 'connecting' || state === 'idle' ? vscode.l10n.t('Connecting…') : vscode.l10n.t('Not connected: {0}', fleet?.state(context).reason ?? state)) : !audits.length ? vscode.l10n.t('Auditing…') : undefined;
    const generatedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    return { cluster: context, generatedAt, rows: audits.map(overviewRow), ...(note ? { note } : {}), words: overviewWords(context, audits.length, generatedAt) };
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
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'overview.js'));
    // The buttons' codicons: @vscode-elements finds the font through this stylesheet's id.
    const codicons = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'codicon.css'));
    // l10n-ignore: the page's markup; its words come with the data
    const csp = `default-src 'none'; style-src ${webview.cspSource} 'unsafe-inline'; font-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
    // l10n-ignore: markup
    return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(vscode.l10n.t('Isolation Overview'))}</title>
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${codicons}">
<style>
  body { padding: 0 20px 20px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  .head { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
  .head h1 { font-size: 1.4em; font-weight: 600; }
  .actions { display: flex; gap: 8px; }
  .meta, .legend, .note { color: var(--vscode-descriptionForeground); }
  .note { font-size: 0.9em; }
  vscode-table-cell, vscode-table-header-cell { white-space: normal; vertical-align: top; }
  .verdict { display: inline-block; padding: 0 4px; border-radius: 3px; border: 1px solid transparent; line-height: 17px; font-size: 0.92em; }
  /* Theme colours readable as text in light themes too (testing.iconPassed and editorWarning.foreground are not). */
  .verdict.pass { color: var(--vscode-charts-green); border-color: var(--vscode-charts-green); }
  .verdict.warn { color: var(--vscode-list-warningForeground, var(--vscode-editorWarning-foreground)); border-color: currentColor; }
  .verdict.fail { color: var(--vscode-errorForeground); border-color: var(--vscode-errorForeground); font-weight: 600; }
  .verdict.unknown { color: var(--vscode-descriptionForeground); border-color: var(--vscode-descriptionForeground); border-style: dashed; }
  .verdict.none { color: var(--vscode-descriptionForeground); } /* disabledForeground reads 1.9:1 in light themes */
</style></head>
<body><div id="root"><p class="meta">${escapeHtml(vscode.l10n.t('Loading…'))}</p></div><script nonce="${nonce}" src="${script}"></script></body></html>`;
  }
}

// Soft hyphens let the one-word English headers wrap in a narrow column instead of being cut off.
const SOFT_HYPHENS: Record<string, string> = { Guardrails: 'Guard\u00adrails', Containers: 'Con\u00adtainers', Sandboxing: 'Sand\u00adboxing' };
const hyphenate = (word: string) => SOFT_HYPHENS[word] ?? word;

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's words in the display language: the webview script has none of its own. */
function overviewWords(context: string, tenants: number, generatedAt: string): OverviewWords {
  return {
    heading: vscode.l10n.t('Tenant isolation: {0}', context),
    exportMarkdown: vscode.l10n.t('Export Markdown…'),
    exportHtml: vscode.l10n.t('Export HTML…'),
    meta: vscode.l10n.t("{0} tenants · audited {1} · kept current by the Fleet's watches", tenants, generatedAt),
    columns: {
      tenant: vscode.l10n.t('Tenant'),
      guardrails: hyphenate(vscode.l10n.t('Guardrails')),
      containers: hyphenate(vscode.l10n.t('Containers')),
      microvms: vscode.l10n.t('MicroVM pods'),
      vms: vscode.l10n.t('VMs'),
    },
    categories: CATEGORIES.map((c) => hyphenate(categoryTitle(c))),
    verdicts: VERDICT_WORDS,
    notApplicable: vscode.l10n.t('n/a'),
    doesNotApply: vscode.l10n.t('does not apply'),
    unknown: vscode.l10n.t('unknown'),
    gvisor: vscode.l10n.t('{0} gVisor'),
    legend: vscode.l10n.t('Each cell names the worst verdict of its checks (pass, warning, unknown, fail) and how many pass; hover a cell for every check and why.'),
  };
}
