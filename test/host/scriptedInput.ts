// Scripted answers for the extension's prompts (its UserInput, installed through the test-mode export): each
// expected prompt names what it must match and the answer; an unexpected prompt is recorded and cancelled.
// Notifications are recorded; they take a queued answer only when one of kind 'notify' is next.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { Severity, UserInput, UserInputHolder } from '../../src/commands/userInput';
import { activatedExtension } from './extension';

export interface Expected {
  kind: 'confirm' | 'input' | 'pick' | 'pickMany' | 'notify' | 'save';
  /** Matched against the message (confirm, notify), the title and prompt (input) or the title and placeholder (picks). */
  match: RegExp;
  /** The button, the text, the label of the item to pick, the labels to pick joined by ", ", or a save dialog's file path; undefined dismisses. */
  answer: string | undefined;
  /** Runs before the answer is given, as a user acting while the prompt is open. */
  before?: () => Promise<void>;
}

/** A prompt as it was shown: what the script matched, and for picks the items offered. */
export interface Asked {
  kind: Expected['kind'];
  text: string;
  /** `label — description — detail` of each item offered (separators as `--- label`). */
  items?: string[];
}

export class ScriptedInput implements UserInput {
  private readonly expected: Expected[] = [];
  /** What was asked, in order, e.g. `confirm: Delete VirtualMachine …`. */
  readonly asked: string[] = [];
  /** Every confirmation's message and detail, and every notification, as shown. */
  readonly shown: { kind: 'confirm' | 'notify'; severity?: Severity; text: string }[] = [];
  /** What was asked, with the items of each pick. */
  readonly prompts: Asked[] = [];

  /** Queues the next answers; `pick` answers with the label of an offered item. */
  expect(...answers: Expected[]): this {
    this.expected.push(...answers);
    return this;
  }

  async pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    const answer = await this.next('pick', pickText(options), items);
    if (answer === undefined) return undefined;
    const found = items.find((i) => i.label === answer && i.kind !== -1);
    assert.ok(found, `"${answer}" is not offered: ${items.map((i) => i.label).join(', ')}`);
    return found;
  }

  async pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T[] | undefined> {
    const answer = await this.next('pickMany', pickText(options), items);
    if (answer === undefined) return undefined;
    const labels = answer ? answer.split(', ') : [];
    const missing = labels.filter((l) => !items.some((i) => i.label === l && i.kind !== -1));
    assert.deepEqual(missing, [], `not offered: ${missing.join(', ')}; offered: ${items.map((i) => i.label).join(', ')}`);
    return items.filter((i) => labels.includes(i.label));
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const answer = await this.next('input', `${options.title ?? ''} ${options.prompt ?? ''}`.trim());
    // As the input box would: a text its validation rejects is never accepted.
    const problem = answer === undefined ? undefined : await options.validateInput?.(answer);
    assert.ok(!problem, `the input "${answer}" was rejected: ${typeof problem === 'string' ? problem : problem?.message}`);
    return answer;
  }

  async confirm(message: string, detail: string): Promise<string | undefined> {
    this.shown.push({ kind: 'confirm', text: `${message}\n${detail}` });
    return this.next('confirm', message);
  }

  async notify(severity: Severity, message: string): Promise<string | undefined> {
    this.shown.push({ kind: 'notify', severity, text: message });
    if (this.expected[0]?.kind !== 'notify') return undefined;
    return this.next('notify', message);
  }

  async saveAs(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    const answer = await this.next('save', `${options.title ?? ''} ${options.defaultUri?.path ?? ''}`.trim());
    return answer === undefined ? undefined : (await import('vscode')).Uri.file(answer);
  }

  /** Fails when a queued answer was never asked for. */
  assertDone(): void {
    assert.deepEqual(this.expected, [], `prompts never shown; asked: ${this.asked.join(' | ')}; shown: ${this.shown.map((s) => s.text).join(' | ')}`);
  }

  private async next(kind: Expected['kind'], text: string, items?: readonly vscode.QuickPickItem[]): Promise<string | undefined> {
    this.asked.push(`${kind}: ${text}`);
    this.prompts.push({ kind, text, ...(items ? { items: items.map(itemText) } : {}) });
    const head = this.expected[0];
    if (head?.kind !== kind) return undefined;
    assert.match(text, head.match, `the ${kind} prompt did not match: ${text}`);
    this.expected.shift();
    await head.before?.();
    return head.answer;
  }
}

function pickText(options: vscode.QuickPickOptions): string {
  return [options.title, options.placeHolder].filter(Boolean).join(' — ');
}

function itemText(item: vscode.QuickPickItem): string {
  // QuickPickItemKind.Separator is -1.
  if (item.kind === -1) return `--- ${item.label}`;
  return [item.label, item.description, item.detail].filter(Boolean).join(' — ');
}

/** Installs a script for the duration of `body`, then checks it was used up. */
export async function withInput<T>(script: ScriptedInput, body: () => Promise<T>): Promise<T> {
  const holder = ((await activatedExtension()).exports as { userInput?: UserInputHolder }).userInput;
  assert.ok(holder, 'the extension exports no userInput: is the host running in test mode?');
  const restore = holder.use(script);
  try {
    return await body();
  } finally {
    restore();
  }
}
