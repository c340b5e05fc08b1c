// Structural OpenAPI v3 schemas for KubeVirt's CRDs, from KubeVirt's published OpenAPI (Swagger 2.0).
// `reduceSwagger` keeps what a CRD schema needs of the definitions reachable from the CRD kinds (types, formats,
// properties, items, maps, required, enums, list and map types; no descriptions) — that reduction is what the
// repository carries (kubevirt-structural.json). `structuralSchema` then resolves `$ref`s inline, cuts recursion
// with x-kubernetes-preserve-unknown-fields, and maps Kubernetes' own types as kube-apiserver expects them:
// quantities and int-or-strings as x-kubernetes-int-or-string, ObjectMeta inside a spec as a free object.
// Defaults are dropped: openapi-gen writes `default: {}` / `""` on every struct and string, which a CRD would
// apply to every object.

export interface SwaggerSchema {
  type?: string | string[];
  format?: string;
  $ref?: string;
  items?: SwaggerSchema;
  additionalProperties?: SwaggerSchema | boolean;
  properties?: Record<string, SwaggerSchema>;
  required?: string[];
  enum?: unknown[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  [other: string]: unknown;
}

export interface ReducedDefinitions {
  origin: Record<string, string>;
  definitions: Record<string, SwaggerSchema>;
}

/** The definitions of KubeVirt's CRD kinds in its OpenAPI, by kind. */
export const KIND_DEFINITIONS: Record<string, string> = {
  VirtualMachine: 'v1.VirtualMachine',
  VirtualMachineInstance: 'v1.VirtualMachineInstance',
  VirtualMachineInstanceMigration: 'v1.VirtualMachineInstanceMigration',
  VirtualMachineInstanceReplicaSet: 'v1.VirtualMachineInstanceReplicaSet',
  VirtualMachineInstancePreset: 'v1.VirtualMachineInstancePreset',
  KubeVirt: 'v1.KubeVirt',
  VirtualMachinePool: 'v1beta1.VirtualMachinePool',
  VirtualMachineInstancetype: 'v1beta1.VirtualMachineInstancetype',
  VirtualMachineClusterInstancetype: 'v1beta1.VirtualMachineClusterInstancetype',
  VirtualMachinePreference: 'v1beta1.VirtualMachinePreference',
  VirtualMachineClusterPreference: 'v1beta1.VirtualMachineClusterPreference',
  VirtualMachineSnapshot: 'v1beta1.VirtualMachineSnapshot',
  VirtualMachineSnapshotContent: 'v1beta1.VirtualMachineSnapshotContent',
  VirtualMachineRestore: 'v1beta1.VirtualMachineRestore',
  VirtualMachineClone: 'v1beta1.VirtualMachineClone',
  MigrationPolicy: 'v1alpha1.MigrationPolicy',
};

/** CDI's DataVolume is not in KubeVirt's OpenAPI, only its spec (VMs embed it in dataVolumeTemplates). */
export const DATA_VOLUME_SPEC = 'v1beta1.DataVolumeSpec';

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1.';
const INT_OR_STRING = new Set(['k8s.io.apimachinery.pkg.api.resource.Quantity', 'k8s.io.apimachinery.pkg.util.intstr.IntOrString']);
const DATE_TIME = new Set([`${META}Time`, `${META}MicroTime`]);
const FREE_OBJECT = new Set([`${META}ObjectMeta`, 'k8s.io.apimachinery.pkg.runtime.RawExtension', `${META}FieldsV1`]);
const FORMATS = new Set(['int32', 'int64', 'float', 'double', 'date-time', 'byte']);
const KEPT = ['type', 'format', 'required', 'enum', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type'] as const;

const refName = (ref: string) => ref.replace('#/definitions/', '');

function reduceNode(schema: SwaggerSchema, refs: string[]): SwaggerSchema {
  const out: SwaggerSchema = {};
  if (schema.$ref) {
    out.$ref = refName(schema.$ref);
    refs.push(out.$ref);
    return out;
  }
  for (const key of KEPT) if (schema[key] !== undefined) (out as Record<string, unknown>)[key] = schema[key];
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, reduceNode(v, refs)]));
  if (schema.items) out.items = reduceNode(schema.items, refs);
  if (schema.additionalProperties !== undefined) {
    out.additionalProperties = typeof schema.additionalProperties === 'object' ? reduceNode(schema.additionalProperties, refs) : schema.additionalProperties;
  }
  return out;
}

/** The definitions reachable from the CRD kinds, reduced to what structural schemas use. */
export function reduceSwagger(definitions: Record<string, SwaggerSchema>, origin: Record<string, string>): ReducedDefinitions {
  const out: Record<string, SwaggerSchema> = {};
  const pending = [...Object.values(KIND_DEFINITIONS), DATA_VOLUME_SPEC];
  while (pending.length) {
    const name = pending.pop() as string;
    if (out[name] || !definitions[name]) continue;
    const refs: string[] = [];
    // Kubernetes' own types mapped by name need no content.
    out[name] = INT_OR_STRING.has(name) || DATE_TIME.has(name) || FREE_OBJECT.has(name) ? {} : reduceNode(definitions[name], refs);
    pending.push(...refs);
  }
  const sorted = Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
  return { origin, definitions: sorted };
}

export type JsonSchemaProps = Record<string, unknown>;

const FREE: JsonSchemaProps = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

function isScalar(schema: JsonSchemaProps): boolean {
  return ['string', 'integer', 'number', 'boolean'].includes(schema.type as string) || schema['x-kubernetes-int-or-string'] === true;
}

/** One node, resolved. `stack` holds the definitions being expanded, to cut recursion. */
function convert(schema: SwaggerSchema, defs: Record<string, SwaggerSchema>, stack: string[]): JsonSchemaProps {
  if (schema.$ref) {
    const name = schema.$ref;
    if (INT_OR_STRING.has(name)) return { 'x-kubernetes-int-or-string': true };
    if (DATE_TIME.has(name)) return { type: 'string', format: 'date-time' };
    if (FREE_OBJECT.has(name)) return { ...FREE };
    if (stack.includes(name) || !defs[name]) return { ...FREE };
    return convert(defs[name], defs, [...stack, name]);
  }
  const out: JsonSchemaProps = {};
  let type = schema.type;
  if (Array.isArray(type)) {
    if (type.includes('null')) out.nullable = true;
    type = type.find((t) => t !== 'null');
  }
  if (type) out.type = type;
  if (schema.format && FORMATS.has(schema.format)) out.format = schema.format;
  if (schema.enum?.length) out.enum = schema.enum;
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, convert(v, defs, stack)]));
    if (schema.required?.length) out.required = schema.required;
  }
  if (schema.items) out.items = convert(schema.items, defs, stack);
  if (typeof schema.additionalProperties === 'object') out.additionalProperties = convert(schema.additionalProperties, defs, stack);
  else if (schema.additionalProperties === true) out['x-kubernetes-preserve-unknown-fields'] = true;
  if (!out.type) {
    // No type: anything goes (structural schemas allow that only with preserve-unknown-fields).
    return { ...out, ...(out.properties ? { type: 'object' } : {}), 'x-kubernetes-preserve-unknown-fields': true };
  }
  if (out.type === 'object' && !out.properties && !out.additionalProperties) out['x-kubernetes-preserve-unknown-fields'] = true;
  listAndMapTypes(schema, out);
  return out;
}

/** List and map types, where kube-apiserver accepts them (map keys must be required scalars; set items scalar). */
function listAndMapTypes(schema: SwaggerSchema, out: JsonSchemaProps): void {
  const listType = schema['x-kubernetes-list-type'];
  const items = out.items as JsonSchemaProps | undefined;
  if (out.type === 'array' && items) {
    if (listType === 'atomic') out['x-kubernetes-list-type'] = 'atomic';
    else if (listType === 'set' && isScalar(items)) out['x-kubernetes-list-type'] = 'set';
    else if (listType === 'map') {
      const keys = schema['x-kubernetes-list-map-keys'] ?? [];
      const required = (items.required as string[] | undefined) ?? [];
      const props = (items.properties as Record<string, JsonSchemaProps> | undefined) ?? {};
      if (items.type === 'object' && keys.length && keys.every((k) => required.includes(k) && props[k] && isScalar(props[k]))) {
        out['x-kubernetes-list-type'] = 'map';
        out['x-kubernetes-list-map-keys'] = keys;
      }
    }
  }
  const mapType = schema['x-kubernetes-map-type'];
  if (out.type === 'object' && (mapType === 'atomic' || mapType === 'granular')) out['x-kubernetes-map-type'] = mapType;
}

/** The openAPIV3Schema of a kind's CRD: apiVersion, kind and a bare metadata, then its spec, status… resolved. */
export function structuralSchema(defs: Record<string, SwaggerSchema>, definition: string): JsonSchemaProps {
  const root = defs[definition];
  if (!root) throw new Error(`KubeVirt's OpenAPI has no definition ${definition}`);
  const resolved = convert(root, defs, [definition]);
  const properties = { ...(resolved.properties as Record<string, JsonSchemaProps>), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
  return { ...resolved, type: 'object', properties };
}

/** DataVolume: CDI's spec as KubeVirt's OpenAPI has it, status left open (CDI writes it). */
export function dataVolumeSchema(defs: Record<string, SwaggerSchema>): JsonSchemaProps {
  return {
    type: 'object', required: ['spec'],
    properties: {
      apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' },
      spec: convert({ $ref: DATA_VOLUME_SPEC }, defs, []),
      status: { ...FREE },
    },
  };
}

/** A kind whose schema the project does not carry (Capsule's Tenant): spec and status kept as written. */
export function openSchema(): JsonSchemaProps {
  return { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { ...FREE }, status: { ...FREE } } };
}
