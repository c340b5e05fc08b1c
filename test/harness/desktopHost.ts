// Host layer on desktop VS Code through @vscode/test-electron, for contributors who have it:
// VSCODE_EXECUTABLE names an installed VS Code, otherwise one bounded download attempt is made.
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests, SilentReporter, TestRunFailedError } from '@vscode/test-electron';
import { hostCounts, hostEnv, HostTestOptions } from './hostTests';
import { MochaCounts } from './mocha';
import { cacheDir, hostTestsEntry, repoRoot } from './paths';

/** Path of a desktop VS Code executable, or undefined (after saying why) when none can be had. */
export async function findDesktopVSCode(): Promise<string | undefined> {
  if (process.env.VSCODE_EXECUTABLE) {
    return process.env.VSCODE_EXECUTABLE;
  }
  try {
    // Without a version the newest stable release matching engines.vscode is picked, or a cached one offline.
    return await downloadAndUnzipVSCode({
      cachePath: path.join(cacheDir, 'vscode-test'),
      extensionDevelopmentPath: repoRoot,
      reporter: new SilentReporter(),
      timeout: 10_000,
    });
  } catch (error) {
    console.log(`host: no desktop VS Code (${(error as Error).message.split('\n')[0]}); using code-server instead`);
    return undefined;
  }
}

export async function runHostTestsInDesktop(executable: string, options: HostTestOptions): Promise<MochaCounts> {
  let code: number;
  try {
    code = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: hostTestsEntry,
      extensionTestsEnv: hostEnv(options),
      // The first launch argument is the folder to open.
      launchArgs: [
        options.folder,
        '--disable-extensions',
        `--user-data-dir=${options.run.userData}`,
        `--extensions-dir=${options.run.extensions}`,
      ],
    });
  } catch (error) {
    // runTests rejects on a non-zero exit; the counts still tell what happened.
    if (!(error instanceof TestRunFailedError)) {
      throw error;
    }
    code = error.code ?? 1;
  }
  return hostCounts(options.run, code);
}
