// Completion and hover content from the compact schema for the place a cursor path names.
import * as l10n from '@vscode/l10n';
import { enumValues } from './enums';
import { definitionOf, schemaAt } from './lookup';
import type { CursorPath } from './cursorPath';
import type { CompactSchema, SchemaProperty } from './types';

export interface Suggestion {
  label: string;
  detail?: string;
  documentation?: string;
  /** 'key': a field name; 'value': an allowed value. */
  role: 'key' | 'value';
}

export function suggestions(schema: CompactSchema, cursor: CursorPath): Suggestion[] {
  if (!cursor.kind) return [];
  if (cursor.at === 'key') {
    const place = schemaAt(schema, cursor.kind, cursor.path);
    const properties = definitionOf(schema, place?.definition)?.properties ?? {};
    return Object.entries(properties).map(([label, p]) => ({ label, detail: typeLabel(p), documentation: p.description, role: 'key' }));
  }
  const place = schemaAt(schema, cursor.kind, [...cursor.path, cursor.key]);
  if (!place?.property || !place.owner || !place.name) return [];
  const values = enumValues(place.owner, place.name, place.property.enum) ?? (place.property.type === 'boolean' ? ['true', 'false'] : []);
  return values.map((label) => ({ label, detail: l10n.t('{0} value', String(place.name)), role: 'value' }));
}

/** Markdown for the key under the cursor: its type and description. */
export function hoverText(schema: CompactSchema, cursor: CursorPath): string | undefined {
  if (!cursor.kind) return undefined;
  const place = schemaAt(schema, cursor.kind, [...cursor.path, cursor.key]);
  if (!place?.property || !place.owner) return undefined;
  const values = enumValues(place.owner, cursor.key, place.property.enum);
  const description = place.property.description ?? definitionOf(schema, place.definition)?.description;
  return [
    `**${cursor.key}** \`${typeLabel(place.property)}\``,
    description,
    values ? `Values: ${values.map((v) => `\`${v}\``).join(', ')}` : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
}

function typeLabel(property: SchemaProperty): string {
  if (property.items) return `${typeLabel(property.items)}[]`;
  if (property.values) return l10n.t('map of {0}', typeLabel(property.values));
  if (property.ref) return property.ref.replace(/^.*\./, '');
  return Array.isArray(property.type) ? property.type.join(' | ') : (property.type ?? 'any');
}
