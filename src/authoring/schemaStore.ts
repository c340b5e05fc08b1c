// The compact schema shipped in dist/, read on first use (the first KubeVirt document), not at activation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompactSchema } from '../model/schema/types';

export class SchemaStore {
  private schema: CompactSchema | undefined;

  constructor(private readonly extensionPath: string) {}

  get(): CompactSchema {
    this.schema ??= JSON.parse(fs.readFileSync(path.join(this.extensionPath, 'dist', 'kubevirt-schema.json'), 'utf8')) as CompactSchema;
    return this.schema;
  }
}
