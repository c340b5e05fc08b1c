// Label selectors (equality- and set-based) and the field selectors kube-apiserver supports for lists/watches.
import { badRequest } from './api-error';
import type { KubeObject } from './store';

export interface Requirement {
  key: string;
  operator: 'in' | 'notin' | 'exists' | '!';
  values: string[];
}

export type LabelSelector = Requirement[];

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Splits on commas that are not inside `(…)`. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

/** Parses `app=web,tier!=db,env in (a,b),!legacy,team` into requirements; a syntax error is a 400. */
export function parseLabelSelector(text: string | null | undefined): LabelSelector {
  if (!text) return [];
  return splitTerms(text).map((term) => {
    const fail = (why: string) => badRequest(`unable to parse requirement: ${why}`);
    let m: RegExpMatchArray | null;
    let req: Requirement;
    if ((m = term.match(/^(\S+)\s+(in|notin)\s*\((.*)\)$/))) {
      const values = m[3].split(',').map((v) => v.trim()).filter((v) => v !== '');
      req = { key: m[1], operator: m[2] as 'in' | 'notin', values };
    } else if ((m = term.match(/^!\s*(\S+)$/))) {
      req = { key: m[1], operator: '!', values: [] };
    } else if ((m = term.match(/^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/))) {
      req = { key: m[1], operator: m[2] === '!=' ? 'notin' : 'in', values: [m[3]] };
    } else if ((m = term.match(/^([^=!\s()]+)$/))) {
      req = { key: m[1], operator: 'exists', values: [] };
    } else {
      throw fail(`found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
    }
    if (!LABEL_KEY.test(req.key)) throw fail(`invalid label key "${req.key}"`);
    for (const v of req.values) if (!LABEL_VALUE.test(v)) throw fail(`invalid label value: "${v}"`);
    return req;
  });
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  return selector.every(({ key, operator, values }) => {
    const has = labels !== undefined && Object.hasOwn(labels, key);
    switch (operator) {
      case 'in': return has && values.includes(labels[key]);
      case 'notin': return !has || !values.includes(labels[key]);
      case 'exists': return has;
      case '!': return !has;
    }
  });
}

export interface FieldRequirement {
  field: string;
  equal: boolean;
  value: string;
}

/** Field labels kube-apiserver accepts across the simulated kinds (pods, events, secrets, namespaces, nodes, CRDs). */
const FIELDS = new Set([
  'metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName',
  'spec.unschedulable', 'status.phase', 'status.podIP', 'status.nominatedNodeName', 'type', 'reason', 'reportingComponent', 'source',
  'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
  'involvedObject.resourceVersion', 'involvedObject.fieldPath',
]);

function fieldValue(object: KubeObject, field: string): unknown {
  if (field === 'source') return (object.source as { component?: string } | undefined)?.component;
  let value: unknown = object;
  for (const key of field.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** Parses `metadata.name=x,status.phase!=Running`; an unsupported field is a 400 like kube-apiserver's. */
export function parseFieldSelector(text: string | null | undefined): FieldRequirement[] {
  if (!text) return [];
  return splitTerms(text).map((term) => {
    const m = term.match(/^([^=!]+)(==|=|!=)(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = m[1].trim();
    if (!FIELDS.has(field)) throw badRequest(`field label not supported: ${field}`);
    return { field, equal: m[2] !== '!=', value: m[3].trim() };
  });
}

export function matchesFields(requirements: FieldRequirement[], object: KubeObject): boolean {
  return requirements.every(({ field, equal, value }) => (String(fieldValue(object, field) ?? '') === value) === equal);
}
