// Label selectors as the API server evaluates them: every matchLabels pair and every matchExpressions
// requirement must hold. An empty selector ({}) selects everything.
import * as l10n from '@vscode/l10n';
import type { LabelSelector } from './kinds';

export function isEmptySelector(selector: LabelSelector | undefined | null): boolean {
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

export function selectorMatches(selector: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  const have = labels ?? {};
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) if (have[k] !== v) return false;
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    const present = Object.hasOwn(have, key);
    switch (operator) {
      case 'In':
        if (!present || !values.includes(have[key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** `app=web, tier in (a,b)`, for whys. */
export function describeSelector(selector: LabelSelector | undefined | null): string {
  if (isEmptySelector(selector)) return l10n.t('all pods');
  const pairs = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const exprs = (selector?.matchExpressions ?? []).map((e) => (e.values?.length ? `${e.key} ${e.operator} (${e.values.join(',')})` : `${e.key} ${e.operator}`));
  return [...pairs, ...exprs].join(', ');
}
