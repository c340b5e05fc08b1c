// The field selectors kube-apiserver supports for lists/watches (label selectors are in label-selector.ts).
import { badRequest } from './api-error';
import type { KubeObject } from './store';

export { matchesLabels, parseLabelSelector, type LabelSelector, type Requirement } from './label-selector';

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
  return text.split(',').map((t) => t.trim()).filter((t) => t !== '').map((term) => {
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
