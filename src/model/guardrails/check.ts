// What every guardrail check returns: a verdict, a one-line why in plain words, the reference it follows and
// machine-readable fix hints that Harden Tenant… turns into manifests. Checks that look at several namespaces
// judge each one and combine the parts here.
import * as l10n from '@vscode/l10n';
import type { CheckDefinition } from './catalog';

export type Verdict = 'pass' | 'warn' | 'fail' | 'unknown';

/** Severity order for "the worst verdict": a failure is certain, an unknown could hide one, a warning cannot. */
const RANK: Record<Verdict, number> = { pass: 0, warn: 1, unknown: 2, fail: 3 };

export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'pass';
  for (const v of verdicts) if (RANK[v] > RANK[worst]) worst = v;
  return worst;
}

export const VERDICT_WORDS: Record<Verdict, string> = { pass: l10n.t('pass'), warn: l10n.t('warning'), fail: l10n.t('fail'), unknown: l10n.t('unknown') };

export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

/** Hints Harden Tenant… can act on; `manual` ones are shown as advice (deleting bindings or pods is never automatic). */
export type FixHint =
  | { kind: 'namespaceLabels'; namespace: string; labels: Record<string, string> }
  | { kind: 'defaultDenyPolicy'; namespace: string }
  | { kind: 'dnsEgressPolicy'; namespace: string }
  /** Set these quota keys; `quota` names an existing ResourceQuota whose values are too low (raise it), else add ours. */
  | { kind: 'resourceQuota'; namespace: string; keys: string[]; quota?: string }
  | { kind: 'limitRange'; namespace: string }
  /** Allow only these RuntimeClasses: a Capsule Tenant rule when `capsule`, else an admission policy over `namespaces`. */
  | { kind: 'runtimeClassRule'; tenant: string; namespaces: string[]; allowed: string[]; capsule: boolean }
  | { kind: 'manual'; text: string; objects: ObjectRef[] };

export interface CheckResult extends CheckDefinition {
  verdict: Verdict;
  /** One line, naming the objects involved. */
  why: string;
  /** One line per finding (per namespace, pod, binding…), for tooltips and the export. */
  details: string[];
  fixes: FixHint[];
}

/** A check's judgement of one part (a namespace, a binding…) before the parts are combined. */
export interface Part {
  verdict: Verdict;
  why: string;
  details?: string[];
  fixes?: FixHint[];
}

export const part = (verdict: Verdict, why: string, fixes: FixHint[] = [], details: string[] = []): Part => ({ verdict, why, fixes, details });

/**
 * One result from the parts: the worst verdict, the whys of the parts that have it (two at most, then "+N
 * more"), every part's details, and the fixes of every part that is not a pass. No parts at all is unknown.
 */
export function combine(definition: CheckDefinition, parts: readonly Part[], nothingToJudge: string): CheckResult {
  if (parts.length === 0) return { ...definition, verdict: 'unknown', why: nothingToJudge, details: [], fixes: [] };
  const verdict = worstVerdict(parts.map((p) => p.verdict));
  const worst = parts.filter((p) => p.verdict === verdict);
  const shown = worst.slice(0, 2).map((p) => p.why);
  const why = worst.length > 2 ? `${shown.join('; ')}; +${worst.length - 2} more` : shown.join('; ');
  return {
    ...definition,
    verdict,
    why,
    details: parts.flatMap((p) => p.details ?? []),
    fixes: parts.filter((p) => p.verdict !== 'pass').flatMap((p) => p.fixes ?? []),
  };
}

/** "1 pod", "3 pods". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The verb form that agrees with a count: agree(1, 'breaks', 'break'). */
export const agree = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/** "a, b and c", "a, b, c and 2 more" past `max` names. */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= 1) return names.join('');
  if (names.length > max) return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
