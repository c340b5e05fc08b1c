// Build step (`npm run schema`): compacts KubeVirt's OpenAPI from the shared fixtures into
// dist/kubevirt-schema.json, which ships in the vsix. The extension itself never reads ../shared.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compactSwagger, type Swagger } from '../../model/schema/compact';

const repoRoot = path.resolve(__dirname, '../../../..');
const source = path.join(repoRoot, '../shared/fixtures/kubevirt-openapi/swagger.json');
const target = path.join(repoRoot, 'dist/kubevirt-schema.json');

const schema = compactSwagger(JSON.parse(fs.readFileSync(source, 'utf8')) as Swagger);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, JSON.stringify(schema));
console.log(`${path.relative(repoRoot, target)}: ${Object.keys(schema.definitions).length} definitions, ${fs.statSync(target).size} bytes`);
