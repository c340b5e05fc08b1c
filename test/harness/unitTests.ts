// Mocha layers outside VS Code (unit, real): mocha over a folder of out/test in a child Node process, isolated
// from the runner.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onExit } from './cleanup';
import { findTestFiles, MochaCounts, NO_COLOR_ENV, readCounts, RESULTS_FILE_ENV } from './mocha';
import { realTestsDir, unitTestsDir } from './paths';
import { RunDir } from './runDir';

/** Environment variable naming the folder of compiled tests the child runs. */
export const TESTS_DIR_ENV = 'KUBEVIRT_WORKBENCH_TESTS_DIR';

async function runMochaChild(run: RunDir, name: string, dir: string, env: NodeJS.ProcessEnv = {}): Promise<{ counts: MochaCounts; note?: string }> {
  if (findTestFiles(dir).length === 0) {
    return { counts: { passed: 0, failed: 0, pending: 0 }, note: `no ${name} tests found` };
  }
  const resultsFile = path.join(run.root, `${name}-results.json`);
  const child = spawn(process.execPath, [path.join(__dirname, 'unitMain.js')], {
    env: { ...process.env, ...env, ...NO_COLOR_ENV, [RESULTS_FILE_ENV]: resultsFile, [TESTS_DIR_ENV]: dir },
    stdio: 'inherit',
  });
  const unregister = onExit(() => child.kill('SIGKILL'));
  const code = await new Promise<number>((resolve) => child.once('exit', (exitCode) => resolve(exitCode ?? 1)));
  unregister();
  const counts = readCounts(resultsFile);
  if (!counts) {
    throw new Error(`${name} tests reported no results (exit code ${code}); see the output above`);
  }
  return { counts };
}

export function runUnitTests(run: RunDir): Promise<{ counts: MochaCounts; note?: string }> {
  return runMochaChild(run, 'unit', unitTestsDir);
}

/** The tests against real control planes; their data and logs go under the run folder (kept when a test fails). */
export function runRealTests(run: RunDir): Promise<{ counts: MochaCounts; note?: string }> {
  const tmp = path.join(run.root, 'real');
  fs.mkdirSync(tmp, { recursive: true });
  return runMochaChild(run, 'real', realTestsDir, { TMPDIR: tmp });
}
