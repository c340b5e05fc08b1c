// Finding the schema of a place in a manifest: the definition a map is checked against, the property a value is.
import type { CompactSchema, SchemaDefinition, SchemaProperty } from './types';

/** Where a path leads: the property that holds the value (absent at the root) and its definition, if any. */
export interface SchemaPlace {
  /** Definition owning `property` (the map the value sits in). */
  owner?: string;
  /** Name of the property in `owner`. */
  name?: string;
  property?: SchemaProperty;
  /** Definition of the value itself when it is an object described by one. */
  definition?: string;
}

/** The schema place of `path` in a document of `kind`; undefined when the path leaves the schema. */
export function schemaAt(schema: CompactSchema, kind: string, path: readonly (string | number)[]): SchemaPlace | undefined {
  const root = schema.kinds[kind]?.definition;
  if (!root) return undefined;
  let place: SchemaPlace = { definition: root };
  for (const step of path) {
    const next = stepInto(schema, place, step);
    if (!next) return undefined;
    place = next;
  }
  return place;
}

function stepInto(schema: CompactSchema, place: SchemaPlace, step: string | number): SchemaPlace | undefined {
  if (typeof step === 'number') {
    const items = place.property?.items;
    return items ? { owner: place.owner, name: place.name, property: items, definition: items.ref } : undefined;
  }
  if (place.definition) {
    const property = definitionOf(schema, place.definition)?.properties?.[step];
    return property ? { owner: place.definition, name: step, property, definition: property.ref } : undefined;
  }
  const values = place.property?.values;
  return values ? { owner: place.owner, name: place.name, property: values, definition: values.ref } : undefined;
}

export function definitionOf(schema: CompactSchema, name: string | undefined): SchemaDefinition | undefined {
  return name === undefined ? undefined : schema.definitions[name];
}
