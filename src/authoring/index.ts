// Authoring features for KubeVirt and microVM manifests: diagnostics, quick fixes, completion, hover, code
// lenses and the "New …" generators. The schema loads with the first KubeVirt document.
import * as vscode from 'vscode';
import { AuthoringCodeActions, QUICK_FIX_APPLIED } from './codeActions';
import { ManifestCodeLenses } from './codeLens';
import { SchemaCompletion, SchemaHover } from './completion';
import { registerDiagnostics } from './diagnostics';
import { newMicroVmWorkload } from './newMicroVmWorkload';
import { newTenant } from './newTenant';
import { newVirtualMachine } from './newVirtualMachine';
import type { AuthoringServices } from './services';
import { SchemaStore } from './schemaStore';

/** The YAML language providers, registered at activation by extension.ts (which hands each call on to these). */
export interface YamlProviders {
  codeActions: AuthoringCodeActions;
  completion: SchemaCompletion;
  hover: SchemaHover;
  codeLens: ManifestCodeLenses;
}

/** Registers the diagnostics and the "New …" commands; returns the language providers. */
export function registerAuthoring(context: vscode.ExtensionContext, services: AuthoringServices): YamlProviders {
  const schema = new SchemaStore(context.extensionPath);
  context.subscriptions.push(
    ...registerDiagnostics(schema),
    // From the palette, or from a cluster, tenant or namespace row of the Fleet view (which then is the place).
    vscode.commands.registerCommand('kubevirtWorkbench.newVirtualMachine', (node?: unknown) => newVirtualMachine(services, services.node(node))),
    vscode.commands.registerCommand('kubevirtWorkbench.newMicroVmWorkload', (node?: unknown) => newMicroVmWorkload(services, services.node(node))),
    vscode.commands.registerCommand('kubevirtWorkbench.newTenant', () => newTenant(services)),
    vscode.commands.registerCommand(QUICK_FIX_APPLIED, () => undefined),
  );
  return {
    codeActions: new AuthoringCodeActions(schema, services.providers),
    completion: new SchemaCompletion(schema),
    hover: new SchemaHover(schema),
    codeLens: new ManifestCodeLenses(),
  };
}
