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
import type { AuthoringServices } from './services';
import { SchemaStore } from './schemaStore';

export function registerAuthoring(context: vscode.ExtensionContext, services: AuthoringServices): void {
  const providers = services.providers;
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
    // From the palette, or from a cluster, tenant or namespace row of the Fleet view (which then is the place).
    vscode.commands.registerCommand('kubevirtWorkbench.newVirtualMachine', (node?: unknown) => newVirtualMachine(services, services.node(node))),
    vscode.commands.registerCommand('kubevirtWorkbench.newMicroVmWorkload', (node?: unknown) => newMicroVmWorkload(services, services.node(node))),
    vscode.commands.registerCommand('kubevirtWorkbench.newTenant', () => newTenant(services)),
  );
}
