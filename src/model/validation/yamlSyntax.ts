// YAML syntax problems of a Kubernetes manifest (duplicate keys, bad indentation, unclosed flow collections,
// aliases without an anchor, alias bombs, control characters…) as findings with their place, for the editor to flag
// while typing rather than a save failing with the parser's text.
import * as l10n from '@vscode/l10n';
import { parseAllDocuments, type Document, type YAMLError } from 'yaml';
import type { Finding } from './findings';
import { MAX_FLOW_DEPTH, tooDeepAt } from './yamlDepth';

/** Any document of the text has a top-level `apiVersion:` and `kind:`. */
export function looksLikeKubernetes(text: string): boolean {
  return /^(---\s*\n)?[ \t]*apiVersion[ \t]*:/m.test(text) && /^[ \t]*kind[ \t]*:/m.test(text);
}

const MESSAGES: Partial<Record<YAMLError['code'], (e: YAMLError, text: string) => string>> = {
  DUPLICATE_KEY: (e, text) => l10n.t('Duplicate key "{0}": a key may appear only once in a mapping.', keyAt(text, e.pos[0])),
};

export function yamlSyntaxFindings(text: string): Finding[] {
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    const at = position(text, deep);
    const message = l10n.t('The YAML nests more than {0} levels deep; it is not read.', MAX_FLOW_DEPTH);
    return [...controlCharacters(text), { range: { start: at, end: { line: at.line, character: at.character + 1 } }, severity: 'error', message, code: 'yaml-too-deep' }];
  }
  const parsed = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true, merge: true });
  const documents = Array.isArray(parsed) ? parsed : [];
  return [
    ...controlCharacters(text),
    ...documents.flatMap((d) => [...d.errors.map((e) => finding(text, e, 'error')), ...d.warnings.map((e) => finding(text, e, 'warning')), ...unresolvable(text, d)]),
  ];
}

/** What the parser only finds when it builds the values: an alias without its anchor, too many aliases, a bad merge. */
function unresolvable(text: string, document: Document.Parsed): Finding[] {
  if (document.errors.length) return [];
  try {
    document.toJS();
    return [];
  } catch (error) {
    const at = position(text, document.contents?.range?.[0] ?? 0);
    const message = unreadable(error);
    return [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, severity: 'error', message: `${message}.`.replace(/\.\.$/, '.'), code: 'yaml-unresolvable' }];
  }
}

/** The first line of what the parser threw; a stack overflow said as what it means. */
export function unreadable(error: unknown): string {
  if (error instanceof RangeError) return l10n.t('The YAML is nested too deeply to be read');
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** C0 control characters other than tab and line ends: Kubernetes' YAML decoder refuses them. */
function controlCharacters(text: string): Finding[] {
  const findings: Finding[] = [];
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  for (const match of text.matchAll(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g)) {
    const at = position(text, match.index);
    const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    findings.push({ range: { start: at, end: { line: at.line, character: at.character + 1 } }, severity: 'error', message: l10n.t('Control character U+{0} is not allowed in YAML.', code), code: 'yaml-control-character' });
    if (findings.length >= 10) break;
  }
  return findings;
}

/** Zero-based line and character of an offset. */
function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function finding(text: string, error: YAMLError, severity: 'error' | 'warning'): Finding {
  const [start, end] = error.linePos ?? [{ line: 1, col: 1 }];
  const message = MESSAGES[error.code]?.(error, text) ?? (/Maximum call stack size exceeded/.test(error.message) ? unreadable(new RangeError()) : firstLine(error.message));
  return {
    range: { start: { line: start.line - 1, character: start.col - 1 }, end: end ? { line: end.line - 1, character: end.col - 1 } : { line: start.line - 1, character: start.col } },
    severity,
    message,
    code: `yaml-${error.code.toLowerCase().replace(/_/g, '-')}`,
  };
}

/** The key written at `offset` (up to its colon). */
function keyAt(text: string, offset: number): string {
  return /^["']?([^:\n"']*)/.exec(text.slice(offset))?.[1].trim() ?? '';
}

/** The parser's message without its position suffix and source excerpt ("… at line 3, column 1:\n\n…"). */
function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
