// Small helpers for the multi-step "New …" flows: numbered step titles, and cancel (Escape) at any step.
import * as vscode from 'vscode';

export class Cancelled extends Error {}

export class Steps {
  private step = 0;

  constructor(
    private readonly title: string,
    private readonly total: number,
  ) {}

  private next(): string {
    this.step++;
    return `${this.title} (${this.step}/${this.total})`;
  }

  async pick<T extends vscode.QuickPickItem>(items: T[], placeHolder: string): Promise<T> {
    const picked = await vscode.window.showQuickPick(items, { title: this.next(), placeHolder, ignoreFocusOut: true, matchOnDetail: true });
    if (!picked) throw new Cancelled();
    return picked;
  }

  async input(prompt: string, value: string, validate?: (v: string) => string | undefined): Promise<string> {
    const text = await vscode.window.showInputBox({ title: this.next(), prompt, value, ignoreFocusOut: true, validateInput: validate });
    if (text === undefined) throw new Cancelled();
    return text.trim();
  }
}

export const dnsLabel = (v: string) => (/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(v) ? undefined : 'A lowercase DNS label: letters, digits and "-".');

/** Runs a flow and opens its YAML in an untitled editor; Escape at any step ends it quietly. */
export async function openGenerated(flow: () => Promise<string>): Promise<void> {
  try {
    const content = await flow();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'yaml', content }));
  } catch (error) {
    if (!(error instanceof Cancelled)) throw error;
  }
}
