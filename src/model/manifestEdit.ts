// Manifests as the editor shows them. An edit document drops `status` and `metadata.managedFields` (neither is
// the user's to change); a view keeps status. Updates carry the resourceVersion the text was loaded at, so a
// concurrent change is a conflict rather than a silent overwrite; an edit is then rebased field by field onto
// the live object, never written over it whole.
import * as l10n from '@vscode/l10n';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, parseAllDocuments, parseDocument, stringify } from 'yaml';
import type { KubeObject } from './kubeObject';
import { tooDeepAt } from './validation/yamlDepth';
import { unreadable, yamlSyntaxFindings } from './validation/yamlSyntax';

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
  if (syntax) throw new ManifestError(l10n.t('Invalid YAML at line {0}: {1}', syntax.range.start.line + 1, syntax.message));
  const doc = parseDocument(text, { merge: true });
  if (doc.errors.length) throw new ManifestError(l10n.t('Invalid YAML: {0}', doc.errors[0].message.split('\n')[0]));
  let object: Partial<KubeObject> | null;
  try {
    object = doc.toJS() as Partial<KubeObject> | null;
  } catch (error) {
    // An alias without its anchor, an alias bomb, a merge of something that is not a mapping.
    throw new ManifestError(l10n.t('Invalid YAML: {0}', unreadable(error)));
  }
  if (!object || typeof object !== 'object' || Array.isArray(object)) throw new ManifestError(l10n.t('The manifest is not a YAML mapping.'));
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') throw new ManifestError(l10n.t('The manifest needs apiVersion and kind.'));
  if (typeof object.metadata?.name !== 'string' || !object.metadata.name) throw new ManifestError(l10n.t('The manifest needs metadata.name.'));
  return object as KubeObject;
}

/**
 * The user's text with `metadata.resourceVersion` set to that of `live`: for a text whose own version was
 * replaced by the user's own save, so nobody else's change is in between. Comments and layout are kept.
 */
export function rebaseText(userText: string, live: KubeObject): string {
  const doc: Document = parseDocument(userText);
  if (!isMap(doc.contents)) throw new ManifestError(l10n.t('The manifest is not a YAML mapping.'));
  doc.setIn(['metadata', 'resourceVersion'], live.metadata.resourceVersion);
  return doc.toString({ lineWidth: 0 });
}

export interface Rebased {
  /** The live object with the user's changes on it, at the live resourceVersion. */
  object: KubeObject;
  /** Fields (`spec.runStrategy`) that both the user and someone else changed, to different values: the user's wins. */
  overlaps: string[];
}

/**
 * An edit rebased onto the live object: what the user changed from `base` (the version the text was loaded at)
 * to `mine` is applied to `live`, so what someone else changed elsewhere stays. Maps merge key by key; a list or a
 * value is taken whole. All three without status and managedFields.
 */
export function rebaseEdit(base: KubeObject, mine: KubeObject, live: KubeObject): Rebased {
  const overlaps: string[] = [];
  const strip = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  const merged = mergeChange(strip(base), strip(mine), strip(live), [], overlaps) as KubeObject;
  merged.metadata = { ...merged.metadata, resourceVersion: live.metadata.resourceVersion };
  return { object: merged, overlaps };
}

function mergeChange(base: unknown, mine: unknown, live: unknown, path: string[], overlaps: string[]): unknown {
  if (isDeepStrictEqual(mine, base)) return live; // the user did not touch it
  if (isDeepStrictEqual(live, base) || isDeepStrictEqual(live, mine)) return mine; // nobody else did, or the same way
  if (isRecord(base) && isRecord(mine) && isRecord(live)) {
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(live), ...Object.keys(mine)])) {
      const value = mergeChange(base[key], mine[key], live[key], [...path, key], overlaps);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  overlaps.push(path.join('.'));
  return mine;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * The text of an edit document held to the object it was opened for: a missing namespace is filled in; another
 * kind, API group, name or namespace is refused, so a save can only ever write the object the tab shows.
 */
export function pinIdentity(text: string, target: ObjectIdentity): string {
  const object = parseManifest(text);
  const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
  const shows = `${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name}`;
  const refuse = (what: string) => new ManifestError(l10n.t('This editor is for {0}; the text names {1}. Change it back, or use Apply to Cluster for another object.', shows, what));
  if (object.kind !== target.kind || group(object.apiVersion ?? '') !== group(target.apiVersion)) throw refuse(`${object.apiVersion} ${object.kind}`);
  if (object.metadata.name !== target.name) throw refuse(l10n.t('the name "{0}"', object.metadata.name));
  const namespace = object.metadata.namespace;
  if (namespace !== undefined && namespace !== (target.namespace ?? '')) throw refuse(l10n.t('the namespace "{0}"', namespace));
  if (namespace !== undefined || !target.namespace) return text;
  const doc = parseDocument(text);
  doc.setIn(['metadata', 'namespace'], target.namespace);
  return doc.toString({ lineWidth: 0 });
}

/** The `index`-th document of a multi-document text (as the CodeLens counts them), or the whole text. */
export function documentText(text: string, index: number | undefined): string {
  if (index === undefined || tooDeepAt(text) !== undefined) return text;
  const documents = parseAllDocuments(text, { merge: true });
  const document = Array.isArray(documents) ? documents[index] : undefined;
  if (!document) throw new ManifestError(l10n.t('The file has no document {0}.', index + 1));
  return document.toString({ lineWidth: 0 });
}

/** Each non-empty document of a text as a text of its own, in order (a document with syntax errors as written). */
export function documentTexts(text: string): string[] {
  // Too deep to parse safely: the text as written, for parseManifest to name the problem.
  if (tooDeepAt(text) !== undefined) return [text];
  const documents = parseAllDocuments(text, { merge: true });
  if (!Array.isArray(documents)) return [];
  return documents.filter((d) => !isEmpty(d.contents)).map((d) => {
    const written = () => text.slice(d.range[0], d.range[2]);
    if (d.errors.length) return written();
    try {
      return d.toString({ lineWidth: 0 });
    } catch {
      // An alias without its anchor cannot be written back: the text as written, for parseManifest to name the problem.
      return written();
    }
  });
}

/** No document, or one with only comments or `---` (an empty plain scalar), as a trailing `---` leaves. */
function isEmpty(contents: unknown): boolean {
  return contents === null || (isScalar(contents) && contents.value === null && !contents.source);
}

export function documentCount(text: string): number {
  return documentTexts(text).length;
}
