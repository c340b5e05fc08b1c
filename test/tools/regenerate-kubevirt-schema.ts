// `npm run schema:regenerate -- --openapi <swagger.json> --commit <sha> [--repository kubevirt/kubevirt]
// [--path api/openapi-spec/swagger.json]`: regenerates, from KubeVirt's published OpenAPI, the two reductions the
// repository carries: the compact schema the extension ships (src/authoring/schema/kubevirt-schema.json) and the
// structural definitions the test control plane's CRDs are built from (test/controlplane/crds/kubevirt-structural.json).
// Both record where they came from; update src/authoring/schema/SOURCES.md to match.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { compactSwagger, type Swagger } from '../../src/model/schema/compact';
import { reduceSwagger, type SwaggerSchema } from '../controlplane/crds/structural';
import { repoRoot } from '../harness/paths';

export const COMPACT_SCHEMA = path.join(repoRoot, 'src', 'authoring', 'schema', 'kubevirt-schema.json');
export const STRUCTURAL_DEFINITIONS = path.join(repoRoot, 'test', 'controlplane', 'crds', 'kubevirt-structural.json');

function main(): void {
  const { values } = parseArgs({
    options: {
      openapi: { type: 'string' },
      commit: { type: 'string' },
      repository: { type: 'string', default: 'kubevirt/kubevirt' },
      path: { type: 'string', default: 'api/openapi-spec/swagger.json' },
    },
  });
  if (!values.openapi || !values.commit) {
    console.log('usage: npm run schema:regenerate -- --openapi <swagger.json> --commit <sha> [--repository kubevirt/kubevirt] [--path api/openapi-spec/swagger.json]');
    process.exitCode = 2;
    return;
  }
  const bytes = fs.readFileSync(values.openapi);
  const swagger = JSON.parse(bytes.toString('utf8')) as Swagger & { definitions: Record<string, SwaggerSchema> };
  const origin = { repository: values.repository, path: values.path, commit: values.commit, sha256: createHash('sha256').update(bytes).digest('hex') };
  const compact = { origin, ...compactSwagger(swagger) };
  fs.writeFileSync(COMPACT_SCHEMA, JSON.stringify(compact) + '\n');
  fs.writeFileSync(STRUCTURAL_DEFINITIONS, JSON.stringify(reduceSwagger(swagger.definitions, origin)) + '\n');
  for (const file of [COMPACT_SCHEMA, STRUCTURAL_DEFINITIONS]) console.log(`${path.relative(repoRoot, file)}: ${fs.statSync(file).size} bytes`);
}

if (require.main === module) main();
