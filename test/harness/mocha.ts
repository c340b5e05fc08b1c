// Runs compiled mocha test files and records the counts as JSON, so a parent process can report them
// even when the tests ran in another process (a unit-test child or a VS Code extension host).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { outDir, repoRoot } from './paths';

export interface MochaCounts {
  passed: number;
  failed: number;
  pending: number;
  /** UI tests that passed only on their second attempt. */
  retried?: number;
}

/** Environment variable naming the JSON file that receives the MochaCounts of a run. */
export const RESULTS_FILE_ENV = 'KUBEVIRT_WORKBENCH_TEST_RESULTS';

/** Environment variable with a pattern: only tests whose full title matches it run (`npm test -- --grep …`). */
export const GREP_ENV = 'KUBEVIRT_WORKBENCH_TEST_GREP';

/** For the process running mocha: its pass/fail symbols are coloured whenever CI is set, despite `color: false`. */
export const NO_COLOR_ENV = { NO_COLOR: '1' };

/** Compiled tests under `dir` whose TypeScript source still exists: tsc never deletes stale output. */
export function findTestFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  const hasSource = (file: string) => fs.existsSync(path.join(repoRoot, path.relative(outDir, file)).replace(/\.js$/, '.ts'));
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .map((file) => path.join(dir, file))
    .filter(hasSource)
    .sort();
}

/** `prepare` sees the loaded suites before anything runs (to leave some out, say). */
export function runMocha(files: string[], timeoutMs: number, prepare?: (root: Mocha.Suite) => void): Promise<MochaCounts> {
  const grep = process.env[GREP_ENV];
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: timeoutMs, ...(grep ? { grep: new RegExp(grep) } : {}) });
  files.forEach((file) => mocha.addFile(file));
  return new Promise((resolve, reject) => {
    try {
      if (prepare) {
        // Mocha's own (CommonJS) loading, done before run() instead of inside it; not in its type definitions.
        const loader = mocha as unknown as { loadFiles(): void; lazyLoadFiles(enable: boolean): void };
        loader.loadFiles();
        loader.lazyLoadFiles(true);
        prepare(mocha.suite);
      }
      const runner = mocha.run(() => {
        const stats = runner.stats;
        resolve({ passed: stats?.passes ?? 0, failed: stats?.failures ?? 0, pending: stats?.pending ?? 0 });
      });
    } catch (error) {
      // A test file that throws while loading.
      reject(error);
    }
  });
}

export function writeCounts(counts: MochaCounts): void {
  const file = process.env[RESULTS_FILE_ENV];
  if (file) {
    fs.writeFileSync(file, JSON.stringify(counts));
  }
}

/** Undefined when the file is missing, i.e. the tests never got to report. */
export function readCounts(file: string): MochaCounts | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as MochaCounts) : undefined;
}
