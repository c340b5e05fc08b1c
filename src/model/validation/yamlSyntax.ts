// YAML syntax problems of a Kubernetes manifest (duplicate keys, bad indentation, unclosed flow collections…) as
// findings with their place, for the editor to flag while typing rather than a save failing with the parser's text.
import * as l10n from '@vscode/l10n';
import { parseAllDocuments, type YAMLError } from 'yaml';
import type { Finding } from './findings';

/** Any document of the text has a top-level `apiVersion:` and `kind:`. */
export function looksLikeKubernetes(text: string): boolean {
  return /^(---\s*\n)?[ \t]*apiVersion[ \t]*:/m.test(text) && /^[ \t]*kind[ \t]*:/m.test(text);
}

const MESSAGES: Partial<Record<YAMLError['code'], (e: YAMLError, text: string) => string>> = {
  DUPLICATE_KEY: (e, text) => l10n.t('Duplicate key "{0}": a key may appear only once in a mapping.', keyAt(text, e.pos[0])),
};

export function yamlSyntaxFindings(text: string): Finding[] {
  const parsed = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const documents = Array.isArray(parsed) ? parsed : [];
  return documents.flatMap((d) => [...d.errors.map((e) => finding(text, e, 'error')), ...d.warnings.map((e) => finding(text, e, 'warning'))]);
}

function finding(text: string, error: YAMLError, severity: 'error' | 'warning'): Finding {
  const [start, end] = error.linePos ?? [{ line: 1, col: 1 }];
  const message = MESSAGES[error.code]?.(error, text) ?? firstLine(error.message);
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
