// The Isolation Overview's export for an audit trail: the cluster's tenants with their isolation and verdict,
// the guardrail matrix (checks × tenants), then every tenant's checks with verdict, why and reference — as
// Markdown and as a standalone HTML page. Verdicts are words everywhere, colour only adds to them.
import * as l10n from '@vscode/l10n';
import { escapeMarkdownInline } from '../markdown';
import type { TenantAudit } from './audit';
import { CHECKS, type Reference } from './catalog';
import { VERDICT_WORDS, type CheckResult, type Verdict } from './check';
import { describeIsolation } from './summary';

export interface AuditReport {
  cluster: string;
  /** When the audit ran, as the caller wants it shown (the export itself reads no clock). */
  generatedAt: string;
  tenants: readonly TenantAudit[];
}

const KIND_WORDS: Record<TenantAudit['tenant']['kind'], string> = { namespace: l10n.t('namespace'), capsule: l10n.t('Capsule Tenant'), 'virtual-cluster': l10n.t('virtual cluster') };

/** Checks that appear for at least one tenant, in catalog order. */
function checkRows(report: AuditReport) {
  return CHECKS.filter((c) => report.tenants.some((t) => t.checks.some((r) => r.id === c.id)));
}

const isolationText = (t: TenantAudit) => (t.isolation.known ? describeIsolation(t.isolation.value) : `unknown (${t.isolation.reason})`);
const find = (t: TenantAudit, id: string): CheckResult | undefined => t.checks.find((c) => c.id === id);

const md = escapeMarkdownInline;

function mdReference(r: Reference): string {
  return [...r.mtb.map((id) => `\`${id}\``), `[${md(r.standard)}](${r.url})`].join(' ');
}

export function auditMarkdown(report: AuditReport): string {
  const lines = [l10n.t('# Tenant isolation audit: {0}', md(report.cluster)), '', `Generated ${md(report.generatedAt)}.`, ''];
  lines.push('| Tenant | Kind | Verdict | Workloads |', '|:--|:--|:--|:--|');
  for (const t of report.tenants) lines.push(`| ${md(t.tenant.name)} | ${KIND_WORDS[t.tenant.kind]} | ${md(t.summary.phrase)} | ${md(isolationText(t))} |`);
  lines.push('', l10n.t('## Guardrail matrix'), '', `| Check | ${report.tenants.map((t) => md(t.tenant.name)).join(' | ')} |`, `|:--|${report.tenants.map(() => ':--').join('|')}|`);
  for (const c of checkRows(report)) {
    lines.push(`| ${md(c.title)} | ${report.tenants.map((t) => { const r = find(t, c.id); return r ? VERDICT_WORDS[r.verdict] : 'n/a'; }).join(' | ')} |`);
  }
  for (const t of report.tenants) {
    lines.push('', `## ${md(t.tenant.name)} (${KIND_WORDS[t.tenant.kind]}): ${md(t.summary.phrase)}`, '');
    lines.push(`Namespaces: ${md(t.tenant.namespaces.join(', ') || 'none')}. Workloads: ${md(isolationText(t))}. ${md(t.summary.detail)}.`, '');
    lines.push('| Check | Verdict | Why | Reference |', '|:--|:--|:--|:--|');
    for (const r of t.checks) lines.push(`| ${md(r.title)} | ${VERDICT_WORDS[r.verdict]} | ${md(r.why)} | ${mdReference(r.reference)} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const h = escapeHtml;
const verdictCell = (v: Verdict) => l10n.t('<td class="verdict {0}">{1}</td>', v, VERDICT_WORDS[v]);

function htmlReference(r: Reference): string {
  return [...r.mtb.map((id) => `<code>${h(id)}</code>`), `<a href="${h(r.url)}">${h(r.standard)}</a>`].join(' ');
}

const STYLE = l10n.t('body{font-family:system-ui,sans-serif;margin:2em;color:#1f2328}table{border-collapse:collapse;margin:1em 0}\nth,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}\n.verdict.pass{background:#dafbe1}.verdict.warn{background:#fff8c5}.verdict.fail{background:#ffebe9;font-weight:600}\n.verdict.unknown{background:#eaeef2;font-style:italic}');

export function auditHtml(report: AuditReport): string {
  const title = l10n.t('Tenant isolation audit: {0}', report.cluster);
  const out = [l10n.t('<!DOCTYPE html>'), l10n.t('<html lang="en"><head><meta charset="utf-8"><title>{0}</title><style>{1}</style></head><body>', h(title), STYLE)];
  out.push(`<h1>${h(title)}</h1>`, `<p>Generated ${h(report.generatedAt)}.</p>`);
  out.push('<table><thead><tr><th>Tenant</th><th>Kind</th><th>Verdict</th><th>Workloads</th></tr></thead><tbody>');
  for (const t of report.tenants) {
    out.push(l10n.t('<tr><td>{0}</td><td>{1}</td><td class="verdict {2}">{3}</td><td>{4}</td></tr>', h(t.tenant.name), KIND_WORDS[t.tenant.kind], t.summary.worst, h(t.summary.phrase), h(isolationText(t))));
  }
  out.push('</tbody></table>', l10n.t('<h2>Guardrail matrix</h2>'), `<table><thead><tr><th>Check</th>${report.tenants.map((t) => `<th>${h(t.tenant.name)}</th>`).join('')}</tr></thead><tbody>`);
  for (const c of checkRows(report)) {
    out.push(`<tr><td>${h(c.title)}</td>${report.tenants.map((t) => { const r = find(t, c.id); return r ? verdictCell(r.verdict) : '<td>n/a</td>'; }).join('')}</tr>`);
  }
  out.push('</tbody></table>');
  for (const t of report.tenants) {
    out.push(`<h2>${h(t.tenant.name)} (${KIND_WORDS[t.tenant.kind]}): ${h(t.summary.phrase)}</h2>`);
    out.push(`<p>Namespaces: ${h(t.tenant.namespaces.join(', ') || 'none')}. Workloads: ${h(isolationText(t))}. ${h(t.summary.detail)}.</p>`);
    out.push('<table><thead><tr><th>Check</th><th>Verdict</th><th>Why</th><th>Reference</th></tr></thead><tbody>');
    for (const r of t.checks) out.push(`<tr><td>${h(r.title)}</td>${verdictCell(r.verdict)}<td>${h(r.why)}</td><td>${htmlReference(r.reference)}</td></tr>`);
    out.push('</tbody></table>');
  }
  out.push('</body></html>');
  return `${out.join('\n')}\n`;
}
