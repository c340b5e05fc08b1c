// Host layer on code-server: the workbench page runs out/test/host/index.js in the server-side
// (Node) extension host and hands back its exit code; the counts come from the results file.
import * as path from 'node:path';
import { launchBrowser } from './browser';
import { CodeServer } from './codeServer';
import { MochaCounts, NO_COLOR_ENV, readCounts, RESULTS_FILE_ENV } from './mocha';
import { hostTestsEntry } from './paths';
import { RunDir } from './runDir';
import { openWorkbench } from './workbench';

export interface HostTestOptions {
  run: RunDir;
  /** Workspace folder opened by the host. */
  folder: string;
  /** Extra environment for the extension host, e.g. KUBECONFIG of a simulated cluster. */
  extensionEnv?: Record<string, string>;
}

/** For the whole host suite (each test has its own mocha timeout): generous, as it keeps growing and machines are shared. */
const TIMEOUT_MS = 900_000;

function hostResultsFile(run: RunDir): string {
  return path.join(run.root, 'host-results.json');
}

export function hostEnv(options: HostTestOptions): Record<string, string> {
  return { ...NO_COLOR_ENV, ...options.extensionEnv, [RESULTS_FILE_ENV]: hostResultsFile(options.run) };
}

/** Counts from the tests module, cross-checked against the exit code the host reported. */
export function hostCounts(run: RunDir, exitCode: number): MochaCounts {
  const counts = readCounts(hostResultsFile(run));
  if (!counts) {
    throw new Error(`the host tests reported no results (exit code ${exitCode}); see the log above`);
  }
  if (exitCode !== 0 && counts.failed === 0) {
    throw new Error(`the extension host exited with code ${exitCode} although no test failed`);
  }
  return counts;
}

export async function runHostTestsInCodeServer(server: CodeServer, options: HostTestOptions): Promise<MochaCounts> {
  const context = await launchBrowser(options.run, 'host');
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const { exit } = await openWorkbench(page, server, {
      folder: options.folder,
      extensionTestsPath: hostTestsEntry,
      extensionEnv: hostEnv(options),
      onLog: (line) => console.log(line),
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no exit code from the extension host within ${TIMEOUT_MS / 1000}s`)), TIMEOUT_MS);
    });
    const code = await Promise.race([exit, timeout]).finally(() => clearTimeout(timer));
    return hostCounts(options.run, code);
  } finally {
    await context.close();
  }
}
