// The shared real-world fixtures beside the repository (../shared/fixtures, never copied into it): an optional
// extra corpus. Tests over it run when it is there and are skipped (pending) in a clone without it; no test needs it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const fixturesDir = path.resolve(__dirname, '../../../../shared/fixtures');

/** True when ../shared/fixtures is present. */
export const fixturesPresent = fs.existsSync(fixturesDir);

/** `describe` for suites over the shared fixtures: skipped when they are absent. */
export const describeFixtures = (title: string, body: (this: Mocha.Suite) => void): Mocha.Suite | void =>
  (fixturesPresent ? describe : describe.skip)(`${title} (over ../shared/fixtures)`, body);

/** The fixture files of a folder; none without the fixtures (a skipped suite's body still runs to list its tests). */
export function fixtureFiles(folder: string, pattern = /\.ya?ml$/): string[] {
  if (!fixturesPresent) return [];
  const dir = path.join(fixturesDir, folder);
  return fs.readdirSync(dir).filter((f) => pattern.test(f)).sort().map((f) => path.join(dir, f));
}

/** Every non-empty YAML document of a fixture file. */
export function fixtureDocuments(file: string): Record<string, unknown>[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as Record<string, unknown> | null)
    .filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object');
}
