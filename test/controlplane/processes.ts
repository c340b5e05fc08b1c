// Child processes of the control plane: each in a process group of its own with its output in a log file,
// stopped with SIGTERM then SIGKILL, and killed synchronously if the parent exits first (Ctrl-C, SIGTERM, a
// test runner's process.exit). A parent killed with SIGKILL cannot clean up; for that case the binaries built
// here exit by themselves once their parent is gone (internal/parentwatch).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { onExit } from '../harness/cleanup';

export class ManagedProcess {
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  readonly exited: Promise<number | string>;
  private exitedWith: number | string | undefined;
  private readonly unregister: () => void;

  private constructor(readonly name: string, readonly logFile: string, private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      this.exitedWith = code ?? signal ?? 'unknown';
      resolve(this.exitedWith);
    }));
    this.unregister = onExit(() => this.killGroup('SIGKILL'));
    void this.exited.then(() => this.unregister());
  }

  static start(name: string, binary: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = {}): ManagedProcess {
    const out = fs.openSync(logFile, 'a');
    try {
      const child = spawn(binary, args, {
        detached: true,
        stdio: ['ignore', out, out],
        env: { ...process.env, ...env, KUBEVIRT_WORKBENCH_EXIT_WITH_PARENT: '1' },
      });
      // An exec failure (ENOENT, EACCES) arrives as 'error' and then 'exit'.
      child.on('error', (e) => fs.appendFileSync(logFile, `\n${name}: ${e.message}\n`));
      return new ManagedProcess(name, logFile, child);
    } finally {
      fs.closeSync(out);
    }
  }

  get running(): boolean {
    return this.exitedWith === undefined;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** How it ended, for error messages; undefined while it runs. */
  get exitDescription(): string | undefined {
    return this.exitedWith === undefined ? undefined : `${this.name} exited (${this.exitedWith})`;
  }

  /** The last lines of its log. */
  tail(lines = 20): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the process has exited. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.killGroup('SIGTERM');
    const timer = setTimeout(() => this.killGroup('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    // Anything it forked (nothing, for these binaries) goes with it.
    this.killGroup('SIGKILL');
  }

  private killGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // the group is already gone
    }
  }
}
