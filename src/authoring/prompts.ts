// The multi-step "New …" flows: numbered step titles that stay true when an answer adds or skips steps, every
// question through the extension's UserInput, cancel (Escape) at any step, and the result opened as an untitled
// YAML document named after what it creates.
import * as vscode from 'vscode';
import type { UserInput } from '../commands/userInput';

/** Escape at a step: the flow ends quietly. */
export class Cancelled extends Error {}

/** The flow cannot go on (e.g. no namespace to create in): said to the user, nothing opened. */
export class Stopped extends Error {}

export class Steps {
  private step = 0;

  constructor(
    private readonly input: UserInput,
    private readonly title: string,
    private total: number,
  ) {}

  /** An answer that adds steps ahead (positive) or makes some unneeded (negative). */
  adjust(delta: number): void {
    this.total += delta;
  }

  /** The next question is the current step again (an answer that could not be used). */
  repeat(): void {
    this.step--;
  }

  private next(): string {
    this.step++;
    return `${this.title} (${this.step}/${this.total})`;
  }

  async pick<T extends vscode.QuickPickItem>(items: T[], placeHolder: string): Promise<T> {
    const picked = await this.input.pick(items, { title: this.next(), placeHolder, ignoreFocusOut: true, matchOnDescription: true, matchOnDetail: true });
    if (!picked) throw new Cancelled();
    return picked;
  }

  async pickMany<T extends vscode.QuickPickItem>(items: T[], placeHolder: string): Promise<T[]> {
    const picked = await this.input.pickMany(items, { title: this.next(), placeHolder, ignoreFocusOut: true, matchOnDescription: true, matchOnDetail: true });
    if (!picked) throw new Cancelled();
    return picked;
  }

  async text(prompt: string, value: string, validate?: (v: string) => string | undefined | Promise<string | undefined>): Promise<string> {
    const text = await this.input.input({ title: this.next(), prompt, value, ignoreFocusOut: true, validateInput: validate });
    if (text === undefined) throw new Cancelled();
    return text.trim();
  }

  /** A modal question that is not a step of its own; the chosen action, or undefined. */
  confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined> {
    return this.input.confirm(message, detail, ...actions);
  }
}

export const dnsLabel = (v: string) => (/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(v) ? undefined : vscode.l10n.t('A lowercase DNS label: letters, digits and "-".'));

export const quantity = (v: string) => (/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.test(v) ? undefined : vscode.l10n.t('A Kubernetes quantity, e.g. 8, 500m or 16Gi.'));

export interface Generated {
  /** Names the untitled document: `<name>.yaml`. */
  name: string;
  content: string;
  /** The cluster it was written for, so Apply does not ask again. */
  context?: string;
}

/** Which cluster each generated document was written for. */
export class DocumentTargets {
  private readonly targets = new Map<string, string>();

  set(uri: vscode.Uri, context: string): void {
    this.targets.set(uri.toString(), context);
  }

  get(uri: vscode.Uri): string | undefined {
    return this.targets.get(uri.toString());
  }
}

/**
 * Runs a flow and opens its YAML in an untitled editor named after it; Escape at any step ends it quietly.
 * Resolves with the document (undefined when cancelled or stopped).
 */
export async function openGenerated(input: UserInput, targets: DocumentTargets, flow: () => Promise<Generated>): Promise<vscode.TextDocument | undefined> {
  let generated: Generated;
  try {
    generated = await flow();
  } catch (error) {
    if (error instanceof Cancelled) return undefined;
    if (error instanceof Stopped) {
      void input.notify('warning', error.message);
      return undefined;
    }
    throw error;
  }
  const document = await emptyUntitled(generated.name);
  const uri = document.uri;
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), generated.content));
  if (document.languageId !== 'yaml') await vscode.languages.setTextDocumentLanguage(document, 'yaml');
  if (generated.context) targets.set(uri, generated.context);
  return document;
}

/**
 * `untitled:my-vm.yaml` as an empty document, or `my-vm-2.yaml` … when that one is open or holds text: an untitled
 * editor restored from an earlier session (hot exit) keeps its unsaved text under its name, never written over.
 */
async function emptyUntitled(name: string): Promise<vscode.TextDocument> {
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  for (let n = 1; ; n++) {
    const uri = vscode.Uri.from({ scheme: 'untitled', path: `${name}${n === 1 ? '' : `-${n}`}.yaml` });
    if (open.has(uri.toString())) continue;
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.getText() === '') return document;
  }
}
