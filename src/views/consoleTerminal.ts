// A serial console session as a VS Code Pseudoterminal: keystrokes go to the guest, guest bytes to the
// terminal. When the session ends the terminal stays open with a line saying so, until a key is pressed.
import * as vscode from 'vscode';
import type { ConsoleSession } from '../cluster/console';

export class SerialConsoleTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private ended = false;

  constructor(
    private readonly session: ConsoleSession,
    private readonly title: string,
  ) {}

  open(): void {
    const decoder = new TextDecoder('utf-8');
    this.written.fire(`\x1b[2m${vscode.l10n.t('Connected to the serial console of {0}. Press Enter for a prompt.', this.title)}\x1b[0m\r\n`);
    this.session.onData((bytes) => this.written.fire(decoder.decode(bytes, { stream: true })));
    this.session.onClose((code, reason) => {
      this.ended = true;
      const why = reason ? vscode.l10n.t('{0}: {1}', code, reason) : String(code);
      this.written.fire(`\r\n\x1b[2m${vscode.l10n.t('The console of {0} closed ({1}). Press any key to close this terminal.', this.title, why)}\x1b[0m\r\n`);
    });
  }

  handleInput(data: string): void {
    if (this.ended) this.closed.fire();
    else this.session.write(data);
  }

  close(): void {
    this.ended = true;
    this.session.close();
    this.written.dispose();
    this.closed.dispose();
  }
}
