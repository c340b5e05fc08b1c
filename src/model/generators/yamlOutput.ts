// Manifests to YAML text the way people write them: two-space indentation, sequences flush with their key.
import { stringify } from 'yaml';

export function toYaml(objects: readonly object[]): string {
  return objects.map((o) => stringify(o, { indentSeq: false, lineWidth: 0 })).join('---\n');
}
