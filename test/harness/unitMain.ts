// Child-process entry for the mocha layers outside VS Code: plain mocha over the folder the parent names
// (out/test/unit by default), no VS Code.
import { findTestFiles, runMocha, writeCounts } from './mocha';
import { unitTestsDir } from './paths';
import { TESTS_DIR_ENV } from './unitTests';

// Exits explicitly: a test that leaves a socket or timer open must not hang the whole run.
runMocha(findTestFiles(process.env[TESTS_DIR_ENV] ?? unitTestsDir), 10_000).then(
  (counts) => {
    writeCounts(counts);
    process.exit(counts.failed > 0 ? 1 : 0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
