// Manifests to YAML text the way people write them: two-space indentation, sequences flush with their key.
import { Document, stringify } from 'yaml';

export function toYaml(objects: readonly object[]): string {
  return objects.map((o) => stringify(o, { indentSeq: false, lineWidth: 0 })).join('---\n');
}

/** Like toYaml, with a comment above each document (lines of text, without the `#`). */
export function toCommentedYaml(entries: readonly { object: object; comment: readonly string[] }[]): string {
  return entries
    .map(({ object, comment }) => {
      const document = new Document(object);
      if (comment.length) document.commentBefore = comment.map((line) => ` ${line}`).join('\n');
      return document.toString({ indentSeq: false, lineWidth: 0 });
    })
    .join('---\n');
}
