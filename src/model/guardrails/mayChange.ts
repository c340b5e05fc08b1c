// May a tenant subject change an admin-owned object (its namespace's labels, its quota, LimitRange or default-
// deny NetworkPolicy)? RBAC answers first (SubjectAccessReviews); where RBAC allows, a dry-run patch made as the
// tenant shows whether an admission webhook or policy still stops it (MTB-PL1-BC-CPI-2's audit).
import * as l10n from '@vscode/l10n';
import { reviewAnswer, type ResourceAttributes } from './accessReviews';
import { listNames, part, type FixHint, type Part } from './check';
import type { Subject } from './kinds';
import { probeActor, probeAnswer, probeKey, refusedBy, type ProbeKind } from './probePlan';
import type { TenantSnapshot } from './snapshot';
import { subjectLabel } from './subjects';

export interface ChangeQuestion {
  namespace: string;
  /** "namespace team-a's labels", "ResourceQuota tenant-quota". */
  object: string;
  /** The verbs to review, e.g. update/patch/delete on the object. */
  attributes: ResourceAttributes[];
  /** The dry run that tests admission: its kind, the patch attributes that choose the actor, the target name. */
  probe: { kind: ProbeKind; patch: ResourceAttributes; name: string };
  fix: FixHint[];
}

/** How a pass begins, so callers can fold several into one line. */
export const NOBODY_MAY_CHANGE = l10n.t('no tenant subject may change ');

export function mayChange(s: TenantSnapshot, subjects: readonly Subject[], q: ChangeQuestion): Part {
  const allowed: string[] = [];
  const unsure: string[] = [];
  let reason = '';
  for (const subject of subjects) {
    const answers = q.attributes.map((a) => reviewAnswer(s, subject, a));
    const verbs = q.attributes.filter((_, i) => { const a = answers[i]; return a.known && a.value; }).map((a) => a.verb);
    const missing = answers.find((a) => !a.known);
    if (verbs.length) allowed.push(`${subjectLabel(subject)} may ${verbs.join('/')}`);
    else if (missing && !missing.known) {
      unsure.push(subjectLabel(subject));
      reason ||= missing.reason;
    }
  }
  if (allowed.length) {
    const actor = probeActor(s, subjects, q.probe.patch);
    const answer = actor ? probeAnswer(s, probeKey(q.probe.kind, q.namespace, actor, q.probe.name)) : undefined;
    const rbac = `${listNames(allowed, 2)} ${q.object}`;
    if (answer?.known && answer.value.outcome === 'refused' && refusedBy(answer.value.message) !== 'quota') {
      return part('pass', l10n.t('RBAC says {0}, but {1} refused a dry-run patch', rbac, refusedBy(answer.value.message)));
    }
    if (answer?.known && answer.value.outcome === 'admitted') return part('fail', l10n.t('{0} (a dry-run patch was admitted)', rbac), q.fix);
    return part('fail', rbac, q.fix);
  }
  if (unsure.length) return part('unknown', l10n.t('cannot tell whether {0} may change {1} ({2})', listNames(unsure, 2), q.object, reason));
  return part('pass', `${NOBODY_MAY_CHANGE}${q.object}`);
}
