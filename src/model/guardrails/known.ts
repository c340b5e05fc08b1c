// A piece of a tenant snapshot that the user may or may not have been able to read. "Unknown" is explicit,
// with the reason in words, so that a check can never read a missing list as an empty one.
import * as l10n from '@vscode/l10n';

export type Known<T> = { known: true; value: T } | { known: false; reason: string };

export const known = <T>(value: T): Known<T> => ({ known: true, value });

export const unknown = <T = never>(reason: string): Known<T> => ({ known: false, reason });

/** What was being read, for a reason such as "Forbidden (403): you may not list networkpolicies in team-a". */
export interface ReadAttempt {
  verb: string;
  /** Plural resource, with its group when it has one: `networkpolicies.networking.k8s.io`. */
  resource: string;
  namespace?: string;
}

/**
 * The reason a failed read leaves a piece unknown. 403 and 401 are the usual ones; the integrator maps a 404 on
 * an optional API (KubeVirt, Capsule) to a known empty list instead, because the resource does not exist.
 */
export function unknownFromStatus<T = never>(code: number, attempt: ReadAttempt, message?: string): Known<T> {
  const where = attempt.namespace ? ` in ${attempt.namespace}` : l10n.t(' across the cluster');
  const what = `${attempt.verb} ${attempt.resource}${where}`;
  if (code === 403) return unknown(l10n.t('Forbidden (403): you may not {0}', what));
  if (code === 401) return unknown(l10n.t('Unauthorized (401): the cluster did not accept your credentials to {0}', what));
  return unknown(l10n.t('Could not {0} ({1}{2})', what, code, message ? `: ${message}` : ''));
}

/** Not loaded yet: the cache has not finished its first list. */
export const notLoaded = <T = never>(resource: string): Known<T> => unknown(l10n.t('{0} not loaded yet', resource));

