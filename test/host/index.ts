// Tests module loaded by the VS Code extension host (through code-server's workbench or
// @vscode/test-electron); the host awaits run() and fails the run when it rejects. On the real backend only the
// suites marked onRealToo run.
import { findTestFiles, runMocha, writeCounts } from '../harness/mocha';
import { keepRealSuites } from './demoFleet';

export async function run(): Promise<void> {
  const counts = await runMocha(findTestFiles(__dirname), 20_000, keepRealSuites);
  writeCounts(counts);
  if (counts.failed > 0) {
    throw new Error(`${counts.failed} host test(s) failed`);
  }
}
