// Finding virtctl (and ssh) and asking virtctl's version, without a shell: the PATH is searched here and the binary
// run with execFile and an argument array. On Windows only `<name>.exe` counts: PATHEXT would also pick a .cmd or
// .bat wrapper, which runs through cmd.exe and its quoting rules.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The first executable `virtctl` on PATH (`virtctl.exe` on Windows), or undefined. */
export function findVirtctl(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<string | undefined> {
  return findExecutable('virtctl', env, platform);
}

/** The first executable `command` on PATH (`command.exe` on Windows), or undefined. */
export async function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
  const name = platform === 'win32' ? `${command}.exe` : command;
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate, platform)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) return false;
    if (platform !== 'win32') await fs.promises.access(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `virtctl version --client`'s first line, to show which virtctl a session will use. */
export function virtctlVersion(file: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, ['version', '--client'], { timeout: timeoutMs }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout.split('\n')[0].trim());
    });
  });
}
