// Finds user-facing strings in src/ that do not go through l10n.t (vscode.l10n.t in the adapters, @vscode/l10n's in
// the model and cluster layers), with the TypeScript compiler API. A string counts as user-facing when it is
// prose (two words or more) or when it sits where the UI shows it (a message, a pick item's label, a tree row's
// description, a progress title, a value of a `…_WORDS`/`…_LABELS` table…), whatever its length. Log lines,
// comparisons, keys and types are not text a user reads in the UI and are left alone, and so is a string on (or
// under) a line commented `// l10n-ignore: why` (identifiers that read like words). Used by the unit test that
// fails on a new literal.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface Finding {
  file: string;
  line: number;
  text: string;
  why: string;
}

/** Calls whose string arguments VS Code shows as they are. */
const SINK_CALLS = new Set([
  'showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'showInputBox', 'showQuickPick', 'notify', 'confirm',
  'createWebviewPanel', 'TreeItem', 'MarkdownString', 'appendMarkdown', 'markdownTable', 'setStatusBarMessage', 'CodeAction', 'Diagnostic', 'CompletionItem', 'Hover',
]);
/** Properties VS Code shows: pick items, tree items, input boxes, progress, dialogs, diagnostics. */
const SINK_PROPS = new Set(['label', 'description', 'detail', 'tooltip', 'title', 'placeHolder', 'prompt', 'message', 'openLabel', 'saveLabel', 'validationMessage']);
/** Calls whose string arguments are not UI text: log lines (technical, kept in English like VS Code's own logs), matching, keys. */
const NOT_UI_CALLS = new Set([
  'log', 'appendLine', 'append', 'debug', 'trace', 'includes', 'startsWith', 'endsWith', 'indexOf', 'split', 'replace', 'replaceAll', 'match',
  'test', 'RegExp', 'require', 'get', 'getConfiguration', 'executeCommand', 'registerCommand', 'setContext', 'createOutputChannel', 'has', 'delete', 'set',
]);
/** Properties that hold identifiers, not text. */
const NOT_UI_PROPS = new Set(['contextValue', 'id', 'viewType', 'command', 'language', 'scheme', 'kind', 'type']);
/** Arguments that are identifiers: notify's severity, a webview panel's view type. */
const NOT_UI_ARGUMENTS: Record<string, number> = { notify: 0, createWebviewPanel: 0 };
const PROSE = /[A-Za-z]{2,}[,.:;!?…)'’]*\s+[A-Za-z(“'"]{2,}/;
const COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.InKeyword]);

const calleeName = (expression: ts.Expression): string | undefined =>
  ts.isIdentifier(expression) ? expression.text : ts.isPropertyAccessExpression(expression) ? expression.name.text : undefined;

/** Whether a call is l10n.t (vscode.l10n.t or @vscode/l10n's t imported as l10n). */
export const isL10nCall = (node: ts.Node): node is ts.CallExpression =>
  ts.isCallExpression(node) && /(^|\.)l10n\.t$/.test(node.expression.getText());

/** The literal text of a string node, placeholders as {0}, {1}… (what its l10n.t key would be). */
export function messageOf(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  if (!ts.isTemplateExpression(node)) return node.text;
  return node.head.text + node.templateSpans.map((span, i) => `{${i}}${span.literal.text}`).join('');
}

/** Steps up through what does not change where a string ends up: parentheses, ?:, +, ??, ||, arrays, `as`. */
function climb(node: ts.Node): ts.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (
      ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent) ||
      (ts.isConditionalExpression(parent) && parent.condition !== current) ||
      (ts.isBinaryExpression(parent) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(parent.operatorToken.kind))
    ) {
      current = parent;
      continue;
    }
    return current;
  }
}

type Verdict = 'sink' | 'skip' | 'neutral';

/** A log line (an output channel's or a logger's): technical, kept in English like VS Code's own logs. */
function isLogCall(node: ts.Node): boolean {
  if (!ts.isCallExpression(node)) return false;
  const name = calleeName(node.expression);
  if (name === 'log' || name === 'appendLine') return true;
  return ts.isPropertyAccessExpression(node.expression) && /log$/i.test(node.expression.expression.getText());
}

/** A table of words by key (`VERDICT_WORDS`, `VERDICT_LABELS`…): each value is shown, however short. */
function inWordTable(object: ts.Node): boolean {
  let holder = object.parent;
  while (holder && (ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder) || ts.isParenthesizedExpression(holder))) holder = holder.parent;
  return !!holder && ts.isVariableDeclaration(holder) && /_(WORDS|LABELS|TITLES)$/.test(holder.name.getText());
}

function context(node: ts.Node): Verdict {
  const top = climb(node);
  const parent = top.parent;
  if (ts.isTaggedTemplateExpression(parent) || ts.isLiteralTypeNode(parent) || ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) ||
    ts.isExternalModuleReference(parent) || ts.isCaseClause(parent) || ts.isElementAccessExpression(parent) || ts.isImportTypeNode(parent)) return 'skip';
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isEnumMember(parent)) && parent.name === top) return 'skip';
  if (ts.isBinaryExpression(parent) && COMPARISONS.has(parent.operatorToken.kind)) return 'skip';
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const name = calleeName(parent.expression);
    if (name && NOT_UI_CALLS.has(name)) return 'skip';
    if (name && NOT_UI_ARGUMENTS[name] !== undefined && parent.arguments?.[NOT_UI_ARGUMENTS[name]] === top) return 'skip';
    if (name && SINK_CALLS.has(name)) return 'sink';
  }
  const propName = ts.isPropertyAssignment(parent) && parent.initializer === top ? parent.name.getText()
    : ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === top && ts.isPropertyAccessExpression(parent.left) ? parent.left.name.text
    : undefined;
  if (propName && NOT_UI_PROPS.has(propName)) return 'skip';
  if (ts.isPropertyAssignment(parent) && parent.initializer === top && inWordTable(parent.parent)) return 'sink';
  if (propName && SINK_PROPS.has(propName.replace(/['"]/g, ''))) return 'sink';
  return 'neutral';
}

export type StringNode = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression;

/** The user-facing string nodes of a parsed file not wrapped in l10n.t, and the l10n.t calls whose message is no literal. */
export function unlocalized(source: ts.SourceFile): { node: StringNode | ts.CallExpression; why: string }[] {
  const found: { node: StringNode | ts.CallExpression; why: string }[] = [];
  const lines = source.text.split('\n');
  const ignored = (node: ts.Node) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
    return /l10n-ignore/.test(lines[line]) || /l10n-ignore/.test(lines[line - 1] ?? '');
  };
  const visit = (node: ts.Node): void => {
    if (isLogCall(node)) return;
    if (isL10nCall(node)) {
      const first = node.arguments[0];
      if (!first || !(ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) found.push({ node, why: 'l10n.t needs a literal message (placeholders {0}, {1}…), or the bundle cannot list it' });
      for (const arg of node.arguments.slice(1)) visit(arg);
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const message = messageOf(node);
      const where = ignored(node) ? 'skip' : context(node);
      const letters = /[A-Za-z]{2,}/.test(message.replace(/\{\d+\}/g, ''));
      if (where === 'sink' && letters && !/^\$\([\w-]+\)$/.test(message)) found.push({ node, why: 'shown in the UI' });
      else if (where === 'neutral' && (PROSE.test(message) || /^[A-Za-z]{3,}…$/.test(message))) found.push({ node, why: 'prose' });
      if (ts.isTemplateExpression(node)) for (const span of node.templateSpans) visit(span.expression);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The findings of one source file, by line. */
export function scanSource(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  return unlocalized(source).map(({ node, why }) => ({
    file,
    line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
    text: ts.isCallExpression(node) ? node.getText(source).slice(0, 60) : messageOf(node),
    why,
  }));
}

/** Every .ts file under a folder. */
export function sourceFiles(root: string): string[] {
  return fs.readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
