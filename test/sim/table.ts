// `meta.k8s.io/v1 Table` responses, which kubectl asks for (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`)
// to print `kubectl get` with the server's columns: NAME, the resource's printer columns, AGE.
import type { Column, ResourceDef } from './resources';
import type { KubeObject } from './store';

/** kube's `duration.HumanDuration`: 45s, 5m30s, 2h10m, 3d4h, 2y… */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (hours < 24 * 365 * 8) return Math.floor(hours / 24) % 365 === 0 ? `${years}y` : `${years}y${Math.floor(hours / 24) % 365}d`;
  return `${years}y`;
}

const ageOf = (o: KubeObject) => (o.metadata.creationTimestamp ? humanDuration(Date.now() - Date.parse(o.metadata.creationTimestamp)) : '<unknown>');

/** True when the Accept header asks for a Table (kubectl get's human-readable output). */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && accept.split(',')[0].includes('as=Table');
}

function columnsOf(def: ResourceDef): Column[] {
  const name: Column = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', priority: 0, cell: (o) => o.metadata.name };
  const cols = def.columns ?? [];
  const age: Column = { name: 'Age', type: 'date', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0, cell: (o) => o.metadata.creationTimestamp };
  // A CRD shows exactly its columns (Age alone when it declares none); built-in kinds end with Age.
  const withAge = def.crd ? (cols.length ? cols : [age]) : cols.some((c) => c.name === 'Age') ? cols : [...cols, { ...age, type: 'string' as const, cell: ageOf }];
  // Date columns hold timestamps; the server renders them as ages, as the CRD table convertor does.
  return [name, ...withAge.map((c) => (c.type === 'date' ? { ...c, cell: (o: KubeObject) => { const t = c.cell(o); return typeof t === 'string' ? humanDuration(Date.now() - Date.parse(t)) : null; } } : c))];
}

/** `includeObject`: None, Metadata (default) or Object, as in kube's TableOptions. */
export function toTable(def: ResourceDef, objects: KubeObject[], listMeta: Record<string, unknown>, includeObject: string | null): Record<string, unknown> {
  const columns = columnsOf(def);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type === 'date' ? 'date' : c.type, format: c.format ?? '', description: c.description, priority: c.priority })),
    rows: objects.map((o) => {
      const row: Record<string, unknown> = { cells: columns.map((c) => c.cell(o) ?? (c.type === 'string' && !c.jsonPath ? '' : null)) };
      if (includeObject === 'Object') row.object = o;
      else if (includeObject !== 'None') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
      return row;
    }),
  };
}
