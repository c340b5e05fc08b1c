// The Isolation Overview's rows, pure: per tenant its kind, verdict, how its workloads are isolated and, per
// category of checks, the worst verdict with every check's verdict and why (for the cell's tooltip). Posted to
// the webview as plain JSON; the webview only renders it.
import * as l10n from '@vscode/l10n';
import type { TenantAudit } from './audit';
import { CHECKS, type Category } from './catalog';
import { VERDICT_WORDS, worstVerdict, type Verdict } from './check';
import { describeIsolation, type IsolationSummary } from './summary';

export const CATEGORIES: readonly Category[] = [...new Set(CHECKS.map((c) => c.category))];

export interface OverviewCell {
  category: Category;
  /** Undefined when no check of the category applies to the tenant. */
  verdict?: Verdict;
  /** "fail", "2 of 3 pass"…: the words the cell shows. */
  words: string;
  /** One line per check: `fail · title: why`. */
  lines: string[];
}

export interface OverviewRow {
  tenant: string;
  kind: string;
  verdict: Verdict;
  phrase: string;
  detail: string;
  isolation?: IsolationSummary;
  /** Why the workloads cannot be counted, or their description. */
  isolationText: string;
  cells: OverviewCell[];
}

export interface OverviewData {
  cluster: string;
  generatedAt: string;
  rows: OverviewRow[];
  /** Why there is nothing to show yet (connecting, not connected). */
  note?: string;
  /** The page's words, translated by the extension host (the webview has no l10n of its own). */
  words: OverviewWords;
}

export interface OverviewWords {
  heading: string;
  exportMarkdown: string;
  exportHtml: string;
  meta: string;
  columns: { tenant: string; guardrails: string; containers: string; microvms: string; vms: string };
  /** Per category, in the order of the cells. */
  categories: string[];
  verdicts: Record<Verdict, string>;
  notApplicable: string;
  doesNotApply: string;
  unknown: string;
  gvisor: string;
  legend: string;
}

const KIND_WORDS: Record<TenantAudit['tenant']['kind'], string> = { namespace: l10n.t('namespace'), capsule: l10n.t('Capsule Tenant'), 'virtual-cluster': l10n.t('virtual cluster') };

export function overviewRow(a: TenantAudit): OverviewRow {
  const cells = CATEGORIES.map((category): OverviewCell => {
    const checks = a.checks.filter((c) => c.category === category);
    if (!checks.length) return { category, words: 'n/a', lines: [] };
    const verdict = worstVerdict(checks.map((c) => c.verdict));
    const passing = checks.filter((c) => c.verdict === 'pass').length;
    const words = verdict === 'pass' ? 'pass' : `${VERDICT_WORDS[verdict]} · ${passing}/${checks.length} pass`;
    return { category, verdict, words, lines: checks.map((c) => `${VERDICT_WORDS[c.verdict]} · ${c.title}: ${c.why}`) };
  });
  return {
    tenant: a.tenant.name,
    kind: KIND_WORDS[a.tenant.kind],
    verdict: a.summary.worst,
    phrase: a.summary.phrase,
    detail: a.summary.detail,
    ...(a.isolation.known ? { isolation: a.isolation.value } : {}),
    isolationText: a.isolation.known ? describeIsolation(a.isolation.value) : `unknown (${a.isolation.reason})`,
    cells,
  };
}
