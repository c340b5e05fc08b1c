// Offline validation of the KubeVirt documents in a YAML (or JSON) text, every document of it.
import type { CompactSchema } from '../schema/types';
import type { Finding } from './findings';
import { checkKubeVirtRules } from './kubevirtRules';
import { checkSchema } from './schemaCheck';
import { parseText, typeOf } from './yamlText';

const KUBEVIRT_API_VERSION = /^[\s{]*"?apiVersion"?\s*:\s*["']?[a-z0-9.-]*kubevirt\.io\//m;

/** Cheap test, before any parsing or schema loading, whether a text may hold a KubeVirt document. */
export function mayHoldKubeVirt(text: string): boolean {
  return KUBEVIRT_API_VERSION.test(text);
}

export function validateText(text: string, schema: CompactSchema): Finding[] {
  const { documents, lineCounter } = parseText(text);
  const findings: Finding[] = [];
  for (const document of documents) {
    const type = typeOf(document);
    const entry = type && schema.kinds[type.kind];
    if (!type || !entry || entry.group !== type.group || !document.contents) continue;
    findings.push(...checkSchema(schema, lineCounter, document.contents, entry.definition));
    findings.push(...checkKubeVirtRules(type.kind, document.contents, lineCounter));
  }
  return findings;
}
