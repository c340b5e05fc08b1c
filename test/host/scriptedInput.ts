// Scripted answers for the extension's prompts (its UserInput, installed through the test-mode export): each
// expected prompt names what it must match and the answer; an unexpected prompt is recorded and cancelled.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { UserInput, UserInputHolder } from '../../src/commands/userInput';
import { activatedExtension } from './extension';

export interface Expected {
  kind: 'confirm' | 'input' | 'pick' | 'pickMany';
  /** Matched against the message (confirm), the title and prompt (input) or the title and placeholder (picks). */
  match: RegExp;
  /** The button, the text, the label of the item to pick, or the labels to pick joined by ", "; undefined dismisses. */
  answer: string | undefined;
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
  /** The same, with the items of each pick. */
  readonly prompts: Asked[] = [];

  /** Queues the next answers; `pick` answers with the label of an offered item. */
  expect(...answers: Expected[]): this {
    this.expected.push(...answers);
    return this;
  }

  async pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    const answer = this.next('pick', pickText(options), items);
    if (answer === undefined) return undefined;
    const found = items.find((i) => i.label === answer && i.kind !== -1);
    assert.ok(found, `"${answer}" is not offered: ${items.map((i) => i.label).join(', ')}`);
    return found;
  }

  async pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T[] | undefined> {
    const answer = this.next('pickMany', pickText(options), items);
    if (answer === undefined) return undefined;
    const labels = answer ? answer.split(', ') : [];
    return items.filter((i) => labels.includes(i.label));
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const answer = this.next('input', `${options.title ?? ''} ${options.prompt ?? ''}`.trim());
    // As the input box would: a text its validation rejects is never accepted.
    const problem = answer === undefined ? undefined : await options.validateInput?.(answer);
    assert.ok(!problem, `the input "${answer}" was rejected: ${typeof problem === 'string' ? problem : problem?.message}`);
    return answer;
  }

  async confirm(message: string): Promise<string | undefined> {
    return this.next('confirm', message);
  }

  /** Fails when a queued answer was never asked for. */
  assertDone(): void {
    assert.deepEqual(this.expected, [], `prompts never shown; asked: ${this.asked.join(' | ')}`);
  }

  private next(kind: Expected['kind'], text: string, items?: readonly vscode.QuickPickItem[]): string | undefined {
    this.asked.push(`${kind}: ${text}`);
    this.prompts.push({ kind, text, ...(items ? { items: items.map(itemText) } : {}) });
    const head = this.expected[0];
    if (head?.kind !== kind) return undefined;
    assert.match(text, head.match, `the ${kind} prompt did not match`);
    this.expected.shift();
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
