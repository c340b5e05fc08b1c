// Authoring features for KubeVirt and microVM manifests: diagnostics, quick fixes, completion, hover, code
// lenses and the "New …" generators. Registering is cheap; the schema loads with the first KubeVirt document.
import * as vscode from 'vscode';
import { AuthoringCodeActions } from './codeActions';
import { ManifestCodeLenses } from './codeLens';
import { SchemaCompletion, SchemaHover } from './completion';
import { registerDiagnostics } from './diagnostics';
import { newMicroVmWorkload } from './newMicroVmWorkload';
import { newTenant } from './newTenant';
import { newVirtualMachine } from './newVirtualMachine';
import { offlineProviders, type AuthoringProviders } from './providers';
import { SchemaStore } from './schemaStore';

export function registerAuthoring(context: vscode.ExtensionContext, providers: AuthoringProviders = offlineProviders): void {
  const schema = new SchemaStore(context.extensionPath);
  const yaml: vscode.DocumentSelector = { language: 'yaml' };
  context.subscriptions.push(
    ...registerDiagnostics(schema),
    vscode.languages.registerCodeActionsProvider(yaml, new AuthoringCodeActions(schema, providers), {
      providedCodeActionKinds: AuthoringCodeActions.kinds,
    }),
    vscode.languages.registerCompletionItemProvider(yaml, new SchemaCompletion(schema), ' ', ':'),
    vscode.languages.registerHoverProvider(yaml, new SchemaHover(schema)),
    vscode.languages.registerCodeLensProvider(yaml, new ManifestCodeLenses()),
    vscode.commands.registerCommand('kubevirtWorkbench.newVirtualMachine', () => newVirtualMachine(providers)),
    vscode.commands.registerCommand('kubevirtWorkbench.newMicroVmWorkload', () => newMicroVmWorkload(providers)),
    vscode.commands.registerCommand('kubevirtWorkbench.newTenant', () => newTenant(providers)),
  );
}
