// YAML documents with the positions of their nodes: parses every document of a text and turns the yaml
// library's offsets into zero-based line/character ranges.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Position, Range } from './findings';
import { tooDeepAt } from './yamlDepth';

export interface ParsedText {
  documents: Document.Parsed[];
  lineCounter: LineCounter;
}

export function parseText(text: string): ParsedText {
  const lineCounter = new LineCounter();
  // Too deep to parse safely: yamlSyntaxFindings says so, and there is nothing to check or decorate.
  if (tooDeepAt(text) !== undefined) return { documents: [], lineCounter };
  // Merge keys (`<<`) as Kubernetes' YAML decoder (YAML 1.1) reads them.
  const parsed = parseAllDocuments(text, { lineCounter, keepSourceTokens: false, merge: true });
  return { documents: Array.isArray(parsed) ? parsed : [], lineCounter };
}

export function position(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line: line - 1, character: col - 1 };
}

/** The range of a node's value (without trailing comments or line breaks). */
export function nodeRange(lineCounter: LineCounter, node: Node): Range {
  const [start, end] = node.range ?? [0, 0];
  return { start: position(lineCounter, start), end: position(lineCounter, end) };
}

/** The pair of `map` whose key is the plain scalar `key`. */
export function pairOf(map: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap<Node, Node | null>).items.find((p) => isScalar(p.key) && p.key.value === key);
}

/** The node at `path` below `node` (string steps into maps, number steps into sequences). */
export function nodeAt(node: unknown, path: readonly (string | number)[]): Node | undefined {
  let current: unknown = node;
  for (const step of path) {
    if (typeof step === 'number') {
      current = isSeq(current) ? current.items[step] : undefined;
    } else {
      current = pairOf(current, step)?.value ?? undefined;
    }
    if (current === undefined || current === null) return undefined;
  }
  return current as Node;
}

/** The string value of a scalar node, or undefined. */
export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** `apiVersion` group (`kubevirt.io` of `kubevirt.io/v1`; '' for the core group) and `kind` of a document. */
export function typeOf(document: Document.Parsed): { group: string; version: string; kind: string } | undefined {
  const apiVersion = stringValue(nodeAt(document.contents, ['apiVersion']));
  const kind = stringValue(nodeAt(document.contents, ['kind']));
  if (!apiVersion || !kind) return undefined;
  const slash = apiVersion.indexOf('/');
  return { group: slash === -1 ? '' : apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
}
