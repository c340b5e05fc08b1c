// Validates open YAML documents: syntax errors (duplicate keys…) in every Kubernetes manifest, and KubeVirt's
// schema and rules in those that hold KubeVirt objects; publishes the findings as diagnostics.
import * as vscode from 'vscode';
import { mayHoldKubeVirt, validateText } from '../model/validation/validate';
import { looksLikeKubernetes, yamlSyntaxFindings } from '../model/validation/yamlSyntax';
import type { Finding } from '../model/validation/findings';
import { toRange, toSeverity } from './convert';
import type { SchemaStore } from './schemaStore';

export const DIAGNOSTIC_SOURCE = 'KubeVirt';

/** Findings of a YAML document: syntax for any Kubernetes manifest; the schema (loaded then) only for KubeVirt ones. */
export function findingsOf(document: vscode.TextDocument, schema: SchemaStore): Finding[] {
  if (document.languageId !== 'yaml') return [];
  const text = document.getText();
  const syntax = looksLikeKubernetes(text) ? yamlSyntaxFindings(text) : [];
  return [...syntax, ...(mayHoldKubeVirt(text) ? validateText(text, schema.get()) : [])];
}

/**
 * Validation waits this long after a document opens (its editor shows first: parsing and the schema's first load
 * would hold up the extension host while the workbench opens it) and after each edit (until typing pauses).
 */
const VALIDATION_DELAY_MS = 250;

export function registerDiagnostics(schema: SchemaStore): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('kubevirt');
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const refresh = (document: vscode.TextDocument) => {
    const findings = findingsOf(document, schema);
    if (!findings.length) {
      collection.delete(document.uri);
      return;
    }
    collection.set(
      document.uri,
      findings.map((f) => {
        const diagnostic = new vscode.Diagnostic(toRange(f.range), f.message, toSeverity(f.severity));
        diagnostic.source = DIAGNOSTIC_SOURCE;
        diagnostic.code = f.code;
        return diagnostic;
      }),
    );
  };
  const cancel = (document: vscode.TextDocument) => {
    clearTimeout(pending.get(document.uri.toString()));
    pending.delete(document.uri.toString());
  };
  const schedule = (document: vscode.TextDocument) => {
    if (document.languageId !== 'yaml') return;
    cancel(document);
    pending.set(
      document.uri.toString(),
      setTimeout(() => {
        pending.delete(document.uri.toString());
        refresh(document);
      }, VALIDATION_DELAY_MS),
    );
  };
  vscode.workspace.textDocuments.forEach(schedule);
  return [
    collection,
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      cancel(d);
      collection.delete(d.uri);
    }),
    { dispose: () => [...pending.values()].forEach((timer) => clearTimeout(timer)) },
  ];
}
