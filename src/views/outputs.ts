// The extension's output channels. In the extension's test mode every line written to any of them is also kept,
// so host tests can check that no credential ever reaches one.
import * as vscode from 'vscode';

const WRITERS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

export class Outputs {
  /** Every line written, as `channel: text` (test mode only). */
  readonly lines?: string[];

  constructor(record: boolean) {
    if (record) this.lines = [];
  }

  log(name: string): vscode.LogOutputChannel {
    return this.recorded(name, vscode.window.createOutputChannel(name, { log: true }));
  }

  channel(name: string): vscode.OutputChannel {
    return this.recorded(name, vscode.window.createOutputChannel(name));
  }

  private recorded<T extends object>(name: string, channel: T): T {
    const lines = this.lines;
    if (!lines) return channel;
    return new Proxy(channel, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        if (typeof property === 'string' && WRITERS.has(property)) {
          return (...args: unknown[]) => {
            lines.push(`${name}: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
  }
}
