// Manifests as the editor shows them. An edit document drops `status` and `metadata.managedFields` (neither is
// the user's to change); a view keeps status. Updates carry the resourceVersion the text was loaded at, so a
// concurrent change is a conflict rather than a silent overwrite.
import { Document, isMap, parseAllDocuments, parseDocument, stringify } from 'yaml';
import type { KubeObject } from './kubeObject';
import { yamlSyntaxFindings } from './validation/yamlSyntax';

/** A deep copy without managedFields, and without status unless `keepStatus`. */
export function cleanObject(object: KubeObject, keepStatus: boolean): KubeObject {
  const copy = structuredClone(object);
  delete copy.metadata.managedFields;
  if (!keepStatus) delete copy.status;
  return copy;
}

export function toYaml(object: unknown): string {
  return stringify(object, { lineWidth: 0 });
}

export class ManifestError extends Error {}

/** The object in a single-document manifest; rejects text without apiVersion, kind and metadata.name. */
export function parseManifest(text: string): KubeObject {
  const [syntax] = yamlSyntaxFindings(text).filter((f) => f.severity === 'error');
  if (syntax) throw new ManifestError(`Invalid YAML at line ${syntax.range.start.line + 1}: ${syntax.message}`);
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ManifestError(`Invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  const object = doc.toJS() as Partial<KubeObject> | null;
  if (!object || typeof object !== 'object' || Array.isArray(object)) throw new ManifestError('The manifest is not a YAML mapping.');
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') throw new ManifestError('The manifest needs apiVersion and kind.');
  if (typeof object.metadata?.name !== 'string' || !object.metadata.name) throw new ManifestError('The manifest needs metadata.name.');
  return object as KubeObject;
}

/**
 * The user's text with `metadata.resourceVersion` set to the live object's: re-applying an edit after a
 * conflict, once the user has seen the diff. Comments and layout of the text are kept.
 */
export function rebaseText(userText: string, live: KubeObject): string {
  const doc: Document = parseDocument(userText);
  if (!isMap(doc.contents)) throw new ManifestError('The manifest is not a YAML mapping.');
  doc.setIn(['metadata', 'resourceVersion'], live.metadata.resourceVersion);
  return doc.toString({ lineWidth: 0 });
}

/** The `index`-th document of a multi-document text (as the CodeLens counts them), or the whole text. */
export function documentText(text: string, index: number | undefined): string {
  if (index === undefined) return text;
  const documents = parseAllDocuments(text);
  const document = Array.isArray(documents) ? documents[index] : undefined;
  if (!document) throw new ManifestError(`The file has no document ${index + 1}.`);
  return document.toString({ lineWidth: 0 });
}

/** Each non-empty document of a text as a text of its own, in order (a document with syntax errors as written). */
export function documentTexts(text: string): string[] {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return [];
  return documents
    .filter((d) => d.contents !== null)
    .map((d) => (d.errors.length ? text.slice(d.range[0], d.range[2]) : d.toString({ lineWidth: 0 })));
}

export function documentCount(text: string): number {
  return documentTexts(text).length;
}
