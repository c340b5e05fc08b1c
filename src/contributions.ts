// What VS Code must find registered from the moment the extension activates, before the workbench bundle loads:
// the Fleet view, the document schemes, the YAML providers' metadata, and the Kubernetes extension whose presence
// loads the workbench at once. This module belongs to the activation bundle (dist/extension.js); the workbench
// bundle reaches it through that bundle's exports (esbuild.mjs), so both share one copy.
import * as vscode from 'vscode';
import { MS_KUBERNETES_EXTENSION_ID } from 'vscode-kubernetes-tools-api/js/constants';

export const FLEET_VIEW = 'kubevirtWorkbench.fleet';

/** Read-only manifests from the Fleet's caches. */
export const MANIFEST_SCHEME = 'kubevirt-manifest';
/** Manifests fetched live from a cluster. */
export const LIVE_SCHEME = 'kubevirt-live';
/** Markdown reports (Diagnose VM, Show Guest Details). */
export const REPORT_SCHEME = 'kubevirt-report';
/** Editable objects, saved back to their cluster. */
export const EDIT_SCHEME = 'kubevirt-edit';

export const RUN_IN_MICROVM_KIND = vscode.CodeActionKind.RefactorRewrite.append('runInMicroVm');
/** The kinds of code action the YAML documents get. */
export const AUTHORING_CODE_ACTION_KINDS = [vscode.CodeActionKind.QuickFix, RUN_IN_MICROVM_KIND];
export const COMPLETION_TRIGGERS = [' ', ':'];

export const KUBERNETES_EXTENSION_ID = MS_KUBERNETES_EXTENSION_ID;
