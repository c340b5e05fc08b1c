// Child-process helpers: argument arrays only, never a shell.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ExecOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** stdout and stderr are written here (also on failure) instead of being returned. */
  logFile?: string;
}

/** Runs a program to completion; rejects with the tail of its output when it fails. */
export function execToLog(file: string, args: string[], options: ExecOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: options.env, cwd: options.cwd, timeout: options.timeoutMs, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (options.logFile) {
          fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
          fs.writeFileSync(options.logFile, output);
        }
        if (!error) {
          resolve();
          return;
        }
        const tail = output.trim().split('\n').slice(-15).join('\n');
        const where = options.logFile ? ` (full log: ${path.relative(process.cwd(), options.logFile)})` : '';
        reject(new Error(`${file} ${args.join(' ')} failed: ${error.message.split('\n')[0]}${where}\n${tail}`));
      },
    );
  });
}

/** Finds an executable on PATH the way execvp would, without spawning a shell. */
export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export function seconds(sinceMs: number): string {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)}s`;
}
