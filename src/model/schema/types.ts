// The compact KubeVirt schema the extension ships (dist/kubevirt-schema.json), generated at build time from
// KubeVirt's OpenAPI: per definition only its properties, required names and first-sentence descriptions.

export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

export interface SchemaProperty {
  /** One type, or several (a Quantity is a string or a number). Absent when `ref` names the definition. */
  type?: ValueType | ValueType[];
  /** Name of a definition, e.g. `v1.Disk`. */
  ref?: string;
  /** Element schema of an array. */
  items?: SchemaProperty;
  /** Value schema of a map (`additionalProperties`). */
  values?: SchemaProperty;
  enum?: string[];
  description?: string;
}

export interface SchemaDefinition {
  type?: ValueType | ValueType[];
  description?: string;
  properties?: Record<string, SchemaProperty>;
  required?: string[];
  /** Free-form object (RawExtension, FieldsV1): any keys. */
  open?: boolean;
}

export interface KindEntry {
  /** API group the kind belongs to, e.g. `kubevirt.io`. */
  group: string;
  definition: string;
}

export interface CompactSchema {
  /** Where the OpenAPI it was generated from came from (repository, path, commit, sha256). */
  origin?: Record<string, string>;
  definitions: Record<string, SchemaDefinition>;
  /** Validated kinds by `kind`. */
  kinds: Record<string, KindEntry>;
}
