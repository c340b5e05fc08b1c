// Build step (`npm run schema`): copies the compact KubeVirt schema kept in the repository (kubevirt-schema.json,
// generated from KubeVirt's OpenAPI, see SOURCES.md) to dist/kubevirt-schema.json, which ships in the vsix.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompactSchema } from '../../model/schema/types';

const repoRoot = path.resolve(__dirname, '../../../..');
const source = path.join(repoRoot, 'src/authoring/schema/kubevirt-schema.json');
const target = path.join(repoRoot, 'dist/kubevirt-schema.json');

const schema = JSON.parse(fs.readFileSync(source, 'utf8')) as CompactSchema;
if (!schema.definitions || !schema.kinds) throw new Error(`${source} is not a compact schema`);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(source, target);
console.log(`${path.relative(repoRoot, target)}: ${Object.keys(schema.definitions).length} definitions, ${fs.statSync(target).size} bytes`);
