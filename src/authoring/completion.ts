// Completion of keys and enumerated values, and hover descriptions, from the compact schema.
import * as vscode from 'vscode';
import { hoverText, suggestions } from '../model/schema/assist';
import { cursorPath } from '../model/schema/cursorPath';
import { mayHoldKubeVirt } from '../model/validation/validate';
import type { SchemaStore } from './schemaStore';

function cursorOf(document: vscode.TextDocument, position: vscode.Position) {
  const text = document.getText();
  return mayHoldKubeVirt(text) ? cursorPath(text, position.line, position.character) : undefined;
}

export class SchemaCompletion implements vscode.CompletionItemProvider {
  constructor(private readonly schema: SchemaStore) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const cursor = cursorOf(document, position);
    if (!cursor) return [];
    const range = document.getWordRangeAtPosition(position, /[\w./-]+/);
    return suggestions(this.schema.get(), cursor).map((s) => {
      const item = new vscode.CompletionItem(s.label, s.role === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember);
      if (s.role === 'key') item.insertText = `${s.label}: `;
      if (s.detail) item.detail = s.detail;
      if (s.documentation) item.documentation = new vscode.MarkdownString(s.documentation);
      if (range) item.range = range;
      return item;
    });
  }
}

export class SchemaHover implements vscode.HoverProvider {
  constructor(private readonly schema: SchemaStore) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const line = document.lineAt(position.line).text;
    const cursor = cursorOf(document, position);
    if (!cursor || position.character < cursor.keyStart || position.character > cursor.keyEnd || !line.trim()) return undefined;
    const text = hoverText(this.schema.get(), cursor);
    return text ? new vscode.Hover(new vscode.MarkdownString(text), new vscode.Range(position.line, cursor.keyStart, position.line, cursor.keyEnd)) : undefined;
  }
}
