// The KubeVirt schemas the repository keeps (the compact one the extension ships, the structural definitions of the
// test control plane's CRDs) record their origin, and, where ../shared holds the OpenAPI they came from, equal
// what `npm run schema:regenerate` makes of it.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compactSwagger, type Swagger } from '../../../src/model/schema/compact';
import { reduceSwagger, type SwaggerSchema } from '../../controlplane/crds/structural';
import { COMPACT_SCHEMA, STRUCTURAL_DEFINITIONS } from '../../tools/regenerate-kubevirt-schema';
import { describeFixtures, fixturesDir } from '../fixtures';

const kept = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { origin: Record<string, string> } & Record<string, unknown>;

describe('authoring: the KubeVirt schemas kept in the repository', () => {
  it('name the repository, path and commit they were generated from', () => {
    for (const file of [COMPACT_SCHEMA, STRUCTURAL_DEFINITIONS]) {
      const { origin } = kept(file);
      assert.equal(origin.repository, 'kubevirt/kubevirt', file);
      assert.equal(origin.path, 'api/openapi-spec/swagger.json', file);
      assert.match(origin.commit, /^[0-9a-f]{40}$/, file);
      assert.match(origin.sha256, /^[0-9a-f]{64}$/, file);
    }
  });

  describeFixtures('regenerated from the OpenAPI they name', () => {
    const source = path.join(fixturesDir, 'kubevirt-openapi', 'swagger.json');
    it('are what the regeneration script makes of it', () => {
      const bytes = fs.readFileSync(source);
      const swagger = JSON.parse(bytes.toString('utf8')) as Swagger & { definitions: Record<string, SwaggerSchema> };
      const compact = kept(COMPACT_SCHEMA);
      assert.equal(compact.origin.sha256, createHash('sha256').update(bytes).digest('hex'));
      assert.deepEqual({ ...compact, origin: undefined }, { ...compactSwagger(swagger), origin: undefined });
      const structural = kept(STRUCTURAL_DEFINITIONS);
      assert.deepEqual(structural, JSON.parse(JSON.stringify(reduceSwagger(swagger.definitions, structural.origin))));
    });
  });
});
