// Quick fixes for the validator's findings, and "Run in a MicroVM" on workload documents.
import * as vscode from 'vscode';
import { RUN_IN_MICROVM_KIND } from '../contributions';
import { COMMON_RUNTIME_CLASSES } from '../model/generators/microVmWorkload';
import { podSpecTargets } from '../model/generators/runtimeClassEdit';
import { toRange, toWorkspaceEdit } from './convert';
import { DIAGNOSTIC_SOURCE, findingsOf } from './diagnostics';
import type { AuthoringProviders } from './providers';
import type { SchemaStore } from './schemaStore';

/** Run after a quick fix's edit: completes the walkthrough's authoring step (an `onCommand` completion event). */
export const QUICK_FIX_APPLIED = 'kubevirtWorkbench.quickFixApplied';

export class AuthoringCodeActions implements vscode.CodeActionProvider {
  constructor(
    private readonly schema: SchemaStore,
    private readonly providers: AuthoringProviders,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    return [...this.quickFixes(document, context), ...(await this.runInMicroVm(document, range, context))];
  }

  private quickFixes(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (!ours.length) return [];
    const findings = findingsOf(document, this.schema);
    return ours.flatMap((diagnostic) => {
      const finding = findings.find((f) => f.fix && f.code === diagnostic.code && toRange(f.range).isEqual(diagnostic.range));
      if (!finding?.fix) return [];
      const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = toWorkspaceEdit(document.uri, finding.fix.edits);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.command = { command: QUICK_FIX_APPLIED, title: finding.fix.title };
      return [action];
    });
  }

  private async runInMicroVm(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (document.languageId !== 'yaml' || (context.only && !RUN_IN_MICROVM_KIND.intersects(context.only))) return [];
    const target = podSpecTargets(document.getText()).find((t) => toRange(t.range).contains(range.start));
    if (!target) return [];
    const classes = (await this.providers.runtimeClasses()) ?? COMMON_RUNTIME_CLASSES;
    return classes
      .filter((c) => c.name !== target.runtimeClassName)
      .map((c) => {
        const action = new vscode.CodeAction(vscode.l10n.t('Run in a MicroVM: {0} ({1})', c.name, c.isolation.label), RUN_IN_MICROVM_KIND);
        action.edit = toWorkspaceEdit(document.uri, [target.edit(c.name)]);
        return action;
      });
  }
}
