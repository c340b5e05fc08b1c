// Reduces KubeVirt's Swagger 2.0 document to the CompactSchema: the definitions reachable from the validated
// kinds, each with its properties (type, $ref by name, items, map values, enum, first sentence of description).
import * as l10n from '@vscode/l10n';
import type { CompactSchema, KindEntry, SchemaDefinition, SchemaProperty, ValueType } from './types';

interface SwaggerSchema {
  type?: string | string[];
  $ref?: string;
  items?: SwaggerSchema;
  additionalProperties?: SwaggerSchema | boolean;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, SwaggerSchema>;
  required?: string[];
}

export interface Swagger {
  definitions: Record<string, SwaggerSchema>;
}

/** CDI's DataVolume kind is not in KubeVirt's OpenAPI, only its spec: this name stands for the assembled kind. */
export const DATA_VOLUME_DEFINITION = 'cdi.DataVolume';

const KINDS: Record<string, KindEntry> = {
  VirtualMachine: { group: 'kubevirt.io', definition: 'v1.VirtualMachine' },
  VirtualMachineInstance: { group: 'kubevirt.io', definition: 'v1.VirtualMachineInstance' },
  VirtualMachineInstanceMigration: { group: 'kubevirt.io', definition: 'v1.VirtualMachineInstanceMigration' },
  VirtualMachineInstanceReplicaSet: { group: 'kubevirt.io', definition: 'v1.VirtualMachineInstanceReplicaSet' },
  VirtualMachineInstancePreset: { group: 'kubevirt.io', definition: 'v1.VirtualMachineInstancePreset' },
  VirtualMachinePool: { group: 'pool.kubevirt.io', definition: 'v1beta1.VirtualMachinePool' },
  VirtualMachineInstancetype: { group: 'instancetype.kubevirt.io', definition: 'v1beta1.VirtualMachineInstancetype' },
  VirtualMachineClusterInstancetype: { group: 'instancetype.kubevirt.io', definition: 'v1beta1.VirtualMachineClusterInstancetype' },
  VirtualMachinePreference: { group: 'instancetype.kubevirt.io', definition: 'v1beta1.VirtualMachinePreference' },
  VirtualMachineClusterPreference: { group: 'instancetype.kubevirt.io', definition: 'v1beta1.VirtualMachineClusterPreference' },
  DataVolume: { group: 'cdi.kubevirt.io', definition: DATA_VOLUME_DEFINITION },
};

// Definitions whose content is arbitrary JSON.
const FREE_FORM = new Set(['k8s.io.apimachinery.pkg.runtime.RawExtension', 'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1']);

const VALUE_TYPES = new Set<string>(['string', 'integer', 'number', 'boolean', 'object', 'array']);

export function compactSwagger(swagger: Swagger): CompactSchema {
  const source: Record<string, SwaggerSchema> = { ...swagger.definitions };
  if (source['v1beta1.DataVolumeSpec']) source[DATA_VOLUME_DEFINITION] = dataVolumeKind();
  const kinds = Object.fromEntries(Object.entries(KINDS).filter(([, k]) => source[k.definition]));
  const definitions: Record<string, SchemaDefinition> = {};
  const pending = Object.values(kinds).map((k) => k.definition);
  while (pending.length) {
    const name = pending.pop() as string;
    if (definitions[name] || !source[name]) continue;
    const refs: string[] = [];
    definitions[name] = compactDefinition(name, source[name], refs);
    pending.push(...refs);
  }
  return { definitions, kinds };
}

function dataVolumeKind(): SwaggerSchema {
  return {
    type: 'object',
    description: l10n.t('DataVolume is an abstraction on top of PersistentVolumeClaims to allow easy population of those PersistentVolumeClaims with relation to VirtualMachines.'),
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { $ref: '#/definitions/k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { $ref: '#/definitions/v1beta1.DataVolumeSpec', description: l10n.t('DataVolumeSpec defines the DataVolume type specification.') },
      status: { type: 'object', description: l10n.t('Status of the DataVolume, written by CDI.') },
    },
  };
}

function compactDefinition(name: string, schema: SwaggerSchema, refs: string[]): SchemaDefinition {
  const out: SchemaDefinition = {};
  const type = valueType(schema.type);
  if (type) out.type = type;
  const description = firstSentence(schema.description);
  if (description) out.description = description;
  if (FREE_FORM.has(name)) out.open = true;
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, p]) => [key, compactProperty(p, refs)]));
  }
  if (schema.required?.length) out.required = [...schema.required];
  return out;
}

function compactProperty(schema: SwaggerSchema, refs: string[]): SchemaProperty {
  const out: SchemaProperty = {};
  if (schema.$ref) {
    out.ref = schema.$ref.replace('#/definitions/', '');
    refs.push(out.ref);
  } else {
    const type = valueType(schema.type);
    if (type) out.type = type;
  }
  if (schema.items) out.items = compactProperty(schema.items, refs);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    out.values = compactProperty(schema.additionalProperties, refs);
  }
  if (schema.enum?.length) out.enum = schema.enum.map(String);
  const description = firstSentence(schema.description);
  if (description) out.description = description;
  return out;
}

function valueType(type: string | string[] | undefined): ValueType | ValueType[] | undefined {
  if (Array.isArray(type)) {
    const types = type.filter((t): t is ValueType => VALUE_TYPES.has(t));
    return types.length ? types : undefined;
  }
  return type && VALUE_TYPES.has(type) ? (type as ValueType) : undefined;
}

/** The first sentence: up to the first period followed by white space (so `e.g.` inside a URL survives). */
export function firstSentence(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.\s/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}
