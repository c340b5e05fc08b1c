// Status conditions as Kubernetes controllers write them: lastTransitionTime only moves when status flips.
import { timestamp } from './time';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

export function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isTrue(conditions: Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/** Returns a new list with `next` replacing the condition of the same type. */
export function withCondition(conditions: Condition[] | undefined, next: Omit<Condition, 'lastTransitionTime' | 'lastProbeTime'>): Condition[] {
  const list = conditions ?? [];
  const old = findCondition(list, next.type);
  const merged: Condition = {
    lastProbeTime: null,
    lastTransitionTime: old && old.status === next.status ? old.lastTransitionTime : timestamp(),
    ...next,
  };
  return old ? list.map((c) => (c === old ? merged : c)) : [...list, merged];
}

export function withoutCondition(conditions: Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}
