// Reads the shared fixtures that sit beside the repository (never copied into it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const fixturesDir = path.resolve(__dirname, '../../../../shared/fixtures');

export function fixtureFiles(folder: string, pattern = /\.ya?ml$/): string[] {
  const dir = path.join(fixturesDir, folder);
  return fs.readdirSync(dir).filter((f) => pattern.test(f)).sort().map((f) => path.join(dir, f));
}

/** Every non-empty YAML document of a fixture file. */
export function fixtureDocuments(file: string): Record<string, unknown>[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as Record<string, unknown> | null)
    .filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object');
}
