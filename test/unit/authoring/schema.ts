// The compact schema for unit tests, built in-process from the shared OpenAPI the way `npm run schema` does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compactSwagger, type Swagger } from '../../../src/model/schema/compact';
import type { CompactSchema } from '../../../src/model/schema/types';
import { fixturesDir } from '../fixtures';

let cached: CompactSchema | undefined;

export function kubevirtSchema(): CompactSchema {
  cached ??= compactSwagger(JSON.parse(fs.readFileSync(path.join(fixturesDir, 'kubevirt-openapi/swagger.json'), 'utf8')) as Swagger);
  return cached;
}
