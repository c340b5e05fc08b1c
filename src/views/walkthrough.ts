// The Getting Started walkthrough: opened once, the first time the Fleet view of the installed extension shows
// (unless VS Code's own "open walkthroughs on install" setting is off), and again from **KubeVirt: Get Started**.
import * as vscode from 'vscode';

export const WALKTHROUGH_ID = 'kubevirtWorkbench.gettingStarted';
const SHOWN_KEY = 'kubevirtWorkbench.walkthroughShown';

export function openWalkthrough(extensionId: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH_ID}`, false);
}

/** Opens the walkthrough the first time this is called for `state`; says whether it opened it. */
export async function openWalkthroughOnFirstRun(extensionId: string, state: vscode.Memento): Promise<boolean> {
  if (state.get<boolean>(SHOWN_KEY)) return false;
  await state.update(SHOWN_KEY, true);
  if (!vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true)) return false;
  await openWalkthrough(extensionId);
  return true;
}

/**
 * Opens the walkthrough on the first run together with the Fleet view, never over a YAML file whose opening
 * activated the extension; only when installed, not in a development or test host, where it would cover the work.
 */
export function openWalkthroughWithFleet(context: vscode.ExtensionContext, view: vscode.TreeView<unknown>): vscode.Disposable {
  const nothing = new vscode.Disposable(() => undefined);
  if (context.extensionMode !== vscode.ExtensionMode.Production) return nothing;
  const open = () => void openWalkthroughOnFirstRun(context.extension.id, context.globalState);
  if (view.visible) {
    open();
    return nothing;
  }
  const shown = view.onDidChangeVisibility(({ visible }) => {
    if (!visible) return;
    shown.dispose();
    open();
  });
  return shown;
}
