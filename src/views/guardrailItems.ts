// The Guardrails rows of a tenant: the folder (its verdict counts) and one row per check, the verdict in words
// at the start of the label (so a narrow side bar never cuts it off), an icon and colour per verdict, and the
// why, every finding and the reference in the tooltip. Server text in tooltips is escaped.
import * as vscode from 'vscode';
import type { TenantAudit } from '../model/guardrails/audit';
import { categoryTitle } from '../model/guardrails/catalog';
import type { CheckResult, Verdict } from '../model/guardrails/check';
import { code, escapeMarkdown } from '../model/markdown';

export const VERDICT_LABELS: Record<Verdict, string> = { pass: vscode.l10n.t('Pass'), warn: vscode.l10n.t('Warning'), fail: vscode.l10n.t('Fail'), unknown: vscode.l10n.t('Unknown') };

const VERDICT_ICONS: Record<Verdict, [string, string | undefined]> = {
  pass: ['pass', 'testing.iconPassed'],
  warn: ['warning', 'list.warningForeground'],
  fail: ['error', 'errorForeground'],
  unknown: ['question', undefined],
};

export function verdictIcon(verdict: Verdict): vscode.ThemeIcon {
  const [id, colour] = VERDICT_ICONS[verdict];
  return new vscode.ThemeIcon(id, colour ? new vscode.ThemeColor(colour) : undefined);
}

/** Whether Harden Tenant… can generate something for the check (not only advice). */
export const fixable = (c: CheckResult): boolean => c.verdict !== 'pass' && c.fixes.some((f) => f.kind !== 'manual');

export function guardrailsItem(audit: TenantAudit | undefined, started: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Guardrails'), vscode.TreeItemCollapsibleState.Collapsed);
  if (!audit) {
    item.description = started ? vscode.l10n.t('loading…') : vscode.l10n.t('expand to audit');
    item.iconPath = new vscode.ThemeIcon('shield');
  } else {
    item.description = audit.summary.detail;
    const [, colour] = VERDICT_ICONS[audit.summary.worst];
    item.iconPath = new vscode.ThemeIcon('shield', colour ? new vscode.ThemeColor(colour) : undefined);
  }
  item.contextValue = 'kind:guardrails';
  return item;
}

export function guardrailItem(check: CheckResult | undefined, title: string): vscode.TreeItem {
  if (!check) {
    const gone = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.None);
    gone.description = vscode.l10n.t('does not apply');
    return gone;
  }
  const verdict = VERDICT_LABELS[check.verdict];
  const item = new vscode.TreeItem(`${verdict} · ${check.title}`, vscode.TreeItemCollapsibleState.None);
  item.description = check.why;
  item.iconPath = verdictIcon(check.verdict);
  item.contextValue = `kind:guardrail verdict:${check.verdict}${fixable(check) ? ' fixable' : ''}`;
  item.accessibilityInformation = { label: `${verdict}: ${check.title}. ${check.why}` };
  return item;
}

const MAX_DETAILS = 12;

export function guardrailTooltip(check: CheckResult): vscode.MarkdownString {
  const r = check.reference;
  const details = check.details.slice(0, MAX_DETAILS).map((d) => `- ${escapeMarkdown(d)}`);
  if (check.details.length > MAX_DETAILS) details.push(`- and ${check.details.length - MAX_DETAILS} more`);
  const manual = check.fixes.flatMap((f) => (f.kind === 'manual' ? [`- ${escapeMarkdown(f.text)}`] : []));
  const tooltip = new vscode.MarkdownString(
    [
      `**${VERDICT_LABELS[check.verdict]}** · ${escapeMarkdown(check.title)} · ${categoryTitle(check.category)}`,
      escapeMarkdown(check.why),
      details.join('\n'),
      manual.length ? vscode.l10n.t('To do by hand:\n\n{0}', manual.join('\n')) : '',
      `Reference: ${[...r.mtb.map(code), `[${escapeMarkdown(r.standard)}](${r.url})`].join(' · ')}`,
      fixable(check) ? vscode.l10n.t('_Harden Tenant… generates what fixes it._') : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  return tooltip;
}

/** The tenant's tooltip lines about its guardrails. */
export function auditTooltipLine(audit: TenantAudit): string {
  const failing = audit.checks.filter((c) => c.verdict === 'fail').map((c) => escapeMarkdown(c.title));
  return [`Guardrails: ${escapeMarkdown(audit.summary.detail)}`, failing.length ? `Failing: ${failing.join('; ')}` : ''].filter(Boolean).join('\n\n');
}
