// Every question the extension asks (a pick, an input box, a modal confirmation, a save dialog) and every notification it shows
// goes through one UserInput, so host tests script the answers (instead of bypassing confirmations through public
// command arguments) and can read every message shown.
import * as vscode from 'vscode';

export interface UserInput {
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  /** A pick of any number of items (an empty choice is a choice; undefined when dismissed). */
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T[] | undefined>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  /** A modal warning with action buttons: the chosen button, or undefined when dismissed. */
  confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined>;
  /** A notification (not modal), with optional buttons: the chosen one, or undefined. */
  notify(severity: Severity, message: string, ...actions: string[]): Promise<string | undefined>;
  /** A save dialog: the file chosen, or undefined when dismissed. */
  saveAs(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
}

export type Severity = 'info' | 'warning' | 'error';

const SHOW: Record<Severity, (message: string, ...items: string[]) => Thenable<string | undefined>> = {
  info: (message, ...items) => vscode.window.showInformationMessage(message, ...items),
  warning: (message, ...items) => vscode.window.showWarningMessage(message, ...items),
  error: (message, ...items) => vscode.window.showErrorMessage(message, ...items),
};

const windowInput: UserInput = {
  pick: (items, options) => Promise.resolve(vscode.window.showQuickPick(items, options)),
  pickMany: (items, options) => Promise.resolve(vscode.window.showQuickPick(items, { ...options, canPickMany: true })),
  input: (options) => Promise.resolve(vscode.window.showInputBox(options)),
  confirm: (message, detail, ...actions) => Promise.resolve(vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions)),
  notify: (severity, message, ...actions) => Promise.resolve(SHOW[severity](message, ...actions)),
  saveAs: (options) => Promise.resolve(vscode.window.showSaveDialog(options)),
};

/** The UserInput in use: VS Code's own, or (in the extension's test mode only) a script a host test installs. */
export class UserInputHolder implements UserInput {
  private current: UserInput = windowInput;

  /** Installs `input` until the returned function restores VS Code's prompts. */
  use(input: UserInput): () => void {
    this.current = input;
    return () => {
      this.current = windowInput;
    };
  }

  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    return this.current.pick(items, options);
  }

  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T[] | undefined> {
    return this.current.pickMany(items, options);
  }

  input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    return this.current.input(options);
  }

  confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined> {
    return this.current.confirm(message, detail, ...actions);
  }

  notify(severity: Severity, message: string, ...actions: string[]): Promise<string | undefined> {
    return this.current.notify(severity, message, ...actions);
  }

  saveAs(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    return this.current.saveAs(options);
  }
}
