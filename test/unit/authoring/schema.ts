// The compact schema for unit tests: the one the repository keeps and `npm run schema` ships.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompactSchema } from '../../../src/model/schema/types';

/** From out/test/unit/authoring to the source file in the repository. */
const SCHEMA = path.resolve(__dirname, '../../../../src/authoring/schema/kubevirt-schema.json');

let cached: CompactSchema | undefined;

export function kubevirtSchema(): CompactSchema {
  cached ??= JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as CompactSchema;
  return cached;
}
