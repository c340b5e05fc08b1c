// Hands VS Code's translation of l10n/bundle.l10n.json to @vscode/l10n, which words the model and cluster layers
// (they import no vscode). workbench.ts imports this first, so even word tables built when a module loads are
// translated. Without a translation for the display language, both l10n.t return the English message.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
