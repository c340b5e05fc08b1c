// Checks a KubeVirt document against the compact schema: unknown fields (with a "did you mean" rename),
// value types, missing required fields and enumerations (OpenAPI enums and the ones only in prose).
import * as l10n from '@vscode/l10n';
import { isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import { enumValues } from '../schema/enums';
import type { CompactSchema, SchemaProperty, ValueType } from '../schema/types';
import { didYouMean } from './editDistance';
import type { Finding } from './findings';
import { nodeRange } from './yamlText';

const MERGE_KEY = '<<';

interface Context {
  schema: CompactSchema;
  lineCounter: LineCounter;
  findings: Finding[];
}

export function checkSchema(schema: CompactSchema, lineCounter: LineCounter, root: Node, definition: string): Finding[] {
  const context: Context = { schema, lineCounter, findings: [] };
  checkDefinition(context, root, definition, root);
  return context.findings;
}

function checkDefinition(context: Context, node: Node, name: string, anchor: Node): void {
  const definition = context.schema.definitions[name];
  if (!definition || definition.open) return;
  if (!definition.properties) {
    if (definition.type) checkType(context, node, definition.type);
    return;
  }
  if (!isMap(node)) {
    report(context, node, 'type', l10n.t('Expected an object ({0}), got {1}.', name, describe(node)));
    return;
  }
  const present = new Set<string>();
  let merged = false;
  for (const pair of node.items as Pair<Node, Node | null>[]) {
    // A merge key (`<<: *defaults`, parsed as a symbol) brings in the fields of another mapping, as kubectl's YAML decoder does.
    const raw: unknown = isScalar(pair.key) ? pair.key.value : undefined;
    if (raw === MERGE_KEY || (typeof raw === 'symbol' && raw.description === MERGE_KEY)) {
      merged = true;
      continue;
    }
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) continue;
    present.add(key);
    const property = definition.properties[key];
    if (!property) {
      unknownField(context, pair.key, key, Object.keys(definition.properties), name);
    } else if (pair.value) {
      checkProperty(context, pair.value, property, name, key, pair.key);
    }
  }
  const missing = merged ? [] : (definition.required ?? []).filter((r) => !present.has(r));
  if (missing.length) {
    report(context, anchor, 'required', l10n.t('Missing required field{0} {1} ({2}).', missing.length > 1 ? 's' : '', missing.map((m) => `"${m}"`).join(', '), name));
  }
}

function checkProperty(context: Context, node: Node, property: SchemaProperty, owner: string, name: string, anchor: Node): void {
  if (isAlias(node) || (isScalar(node) && node.value === null)) return;
  if (property.ref) {
    checkDefinition(context, node, property.ref, anchor);
    return;
  }
  if (property.items) {
    if (!isSeq(node)) {
      report(context, node, 'type', l10n.t('{0}: expected a list, got {1}.', name, describe(node)));
      return;
    }
    for (const item of node.items as Node[]) if (item) checkProperty(context, item, property.items, owner, name, item);
    return;
  }
  if (property.values) {
    if (!isMap(node)) {
      report(context, node, 'type', l10n.t('{0}: expected a map, got {1}.', name, describe(node)));
      return;
    }
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      if (pair.value) checkProperty(context, pair.value, property.values, owner, name, pair.value);
    }
    return;
  }
  if (property.type && !checkType(context, node, property.type, name)) return;
  const allowed = enumValues(owner, name, property.enum);
  if (allowed && isScalar(node) && typeof node.value === 'string' && !allowed.includes(node.value)) {
    report(context, node, 'enum', l10n.t('"{0}" is not a valid {1}; expected one of {2}.', node.value, name, allowed.join(', ')));
  }
}

/** Reports and returns false when the node does not have (one of) the type(s); the message names the field when known. */
function checkType(context: Context, node: Node, type: ValueType | ValueType[], field?: string): boolean {
  const types = Array.isArray(type) ? type : [type];
  if (isAlias(node) || types.some((t) => matches(node, t))) return true;
  report(context, node, 'type', `${field ? `${field}: expected` : 'Expected'} ${types.join(' or ')}, got ${describe(node)}.`);
  return false;
}

function matches(node: Node, type: ValueType): boolean {
  switch (type) {
    case 'object':
      return isMap(node);
    case 'array':
      return isSeq(node);
    case 'integer':
      return isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value);
    case 'number':
      return isScalar(node) && typeof node.value === 'number';
    case 'boolean':
      return isScalar(node) && typeof node.value === 'boolean';
    case 'string':
      return isScalar(node) && typeof node.value === 'string';
  }
}

function describe(node: Node): string {
  if (isMap(node)) return l10n.t('an object');
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return typeof node.value === 'string' ? 'a string' : `${typeof node.value} ${String(node.value)}`;
  return l10n.t('something else');
}

function unknownField(context: Context, keyNode: Node, key: string, known: string[], owner: string): void {
  const suggestion = didYouMean(key, known);
  const range = nodeRange(context.lineCounter, keyNode);
  context.findings.push({
    range,
    severity: 'error',
    code: 'unknown-field',
    message: l10n.t('Unknown field "{0}" in {1}.{2}', key, owner, suggestion ? l10n.t(' Did you mean "{0}"?', suggestion) : ''),
    ...(suggestion ? { fix: { title: l10n.t('Rename to "{0}"', suggestion), edits: [{ range, newText: suggestion }] } } : {}),
  });
}

function report(context: Context, node: Node, code: string, message: string): void {
  context.findings.push({ range: nodeRange(context.lineCounter, node), severity: 'error', code, message });
}
