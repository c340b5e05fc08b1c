// Child-process entry for the unit layer: plain mocha over out/test/unit, no VS Code.
import { findTestFiles, runMocha, writeCounts } from './mocha';
import { unitTestsDir } from './paths';

// Exits explicitly: a test that leaves a socket or timer open must not hang the whole run.
runMocha(findTestFiles(unitTestsDir), 10_000).then(
  (counts) => {
    writeCounts(counts);
    process.exit(counts.failed > 0 ? 1 : 0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
