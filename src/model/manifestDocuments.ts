// The documents of a manifest text that the editor decorates: KubeVirt objects and Kata/gVisor workloads or
// RuntimeClasses, each with the line it starts on.
import { isolationOfHandler } from './isolation';
import { POD_SPEC_PATHS } from './generators/runtimeClassEdit';
import { nodeAt, parseText, position, stringValue, typeOf } from './validation/yamlText';

export interface ManifestDocument {
  index: number;
  kind: string;
  name?: string;
  /** Zero-based line of the document's first node. */
  line: number;
  /** 'kubevirt': a kind of a *.kubevirt.io group; 'isolated': a workload or RuntimeClass using Kata or gVisor. */
  family: 'kubevirt' | 'isolated';
}

export function decoratedDocuments(text: string): ManifestDocument[] {
  const { documents, lineCounter } = parseText(text);
  return documents.flatMap((document, index) => {
    const type = typeOf(document);
    if (!type || !document.contents) return [];
    const root = document.contents;
    const family = type.group === 'kubevirt.io' || type.group.endsWith('.kubevirt.io') ? 'kubevirt' : isolated(type.kind, root) ? 'isolated' : undefined;
    if (!family) return [];
    const name = stringValue(nodeAt(root, ['metadata', 'name']));
    const line = position(lineCounter, root.range?.[0] ?? 0).line;
    return [{ index, kind: type.kind, line, family, ...(name ? { name } : {}) }];
  });
}

function isolated(kind: string, root: unknown): boolean {
  if (kind === 'RuntimeClass') return isolationOfHandler(stringValue(nodeAt(root, ['handler']))).class !== 'container';
  const path = POD_SPEC_PATHS[kind];
  const runtimeClassName = path && stringValue(nodeAt(root, [...path, 'runtimeClassName']));
  // The RuntimeClass name stands in for its handler, as kata-deploy and gVisor name them.
  return !!runtimeClassName && isolationOfHandler(runtimeClassName).class !== 'container';
}
