// Unit layer: mocha over out/test/unit in a child Node process, isolated from the runner.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { onExit } from './cleanup';
import { findTestFiles, MochaCounts, NO_COLOR_ENV, readCounts, RESULTS_FILE_ENV } from './mocha';
import { unitTestsDir } from './paths';
import { RunDir } from './runDir';

export async function runUnitTests(run: RunDir): Promise<{ counts: MochaCounts; note?: string }> {
  if (findTestFiles(unitTestsDir).length === 0) {
    return { counts: { passed: 0, failed: 0, pending: 0 }, note: 'no unit tests found' };
  }
  const resultsFile = path.join(run.root, 'unit-results.json');
  const child = spawn(process.execPath, [path.join(__dirname, 'unitMain.js')], {
    env: { ...process.env, ...NO_COLOR_ENV, [RESULTS_FILE_ENV]: resultsFile },
    stdio: 'inherit',
  });
  const unregister = onExit(() => child.kill('SIGKILL'));
  const code = await new Promise<number>((resolve) => child.once('exit', (exitCode) => resolve(exitCode ?? 1)));
  unregister();
  const counts = readCounts(resultsFile);
  if (!counts) {
    throw new Error(`unit tests reported no results (exit code ${code}); see the output above`);
  }
  return { counts };
}
