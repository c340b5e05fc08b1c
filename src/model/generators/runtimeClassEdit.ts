// "Run in a MicroVM": sets `runtimeClassName` in the pod spec of a workload document, as a minimal text edit
// computed from the yaml library's node ranges so comments and formatting elsewhere stay as they are.
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { Range, TextEdit } from '../validation/findings';
import { nodeAt, nodeRange, pairOf, parseText, position, typeOf } from '../validation/yamlText';

/** Where each workload kind keeps its pod spec. */
export const POD_SPEC_PATHS: Record<string, readonly string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export interface PodSpecTarget {
  kind: string;
  name?: string;
  /** The whole document. */
  range: Range;
  /** The current runtimeClassName, if set. */
  runtimeClassName?: string;
  edit(runtimeClassName: string): TextEdit;
}

/** Every workload document of the text that has a pod spec map. */
export function podSpecTargets(text: string): PodSpecTarget[] {
  const { documents, lineCounter } = parseText(text);
  return documents.flatMap((document) => {
    const type = typeOf(document);
    const path = type && POD_SPEC_PATHS[type.kind];
    const spec = path && nodeAt(document.contents, path);
    if (!type || !isMap(spec) || !document.contents) return [];
    const existing = pairOf(spec, 'runtimeClassName');
    const current = isScalar(existing?.value) ? String(existing.value.value) : undefined;
    const name = nodeAt(document.contents, ['metadata', 'name']);
    const target: PodSpecTarget = {
      kind: type.kind,
      ...(isScalar(name) ? { name: String(name.value) } : {}),
      range: { start: position(lineCounter, document.range[0]), end: position(lineCounter, document.range[1]) },
      ...(current !== undefined ? { runtimeClassName: current } : {}),
      edit: (runtimeClassName) => {
        if (existing?.value) return { range: nodeRange(lineCounter, existing.value as Node), newText: runtimeClassName };
        return insertion(text, spec, runtimeClassName, (offset) => position(lineCounter, offset));
      },
    };
    return [target];
  });
}

function insertion(text: string, spec: YAMLMap, value: string, at: (offset: number) => { line: number; character: number }): TextEdit {
  const [start] = spec.range ?? [0];
  const first = spec.items[0]?.key as Node | undefined;
  if (spec.flow || !first?.range) {
    // `{…}` or `{}`: right after the opening brace.
    const p = at(start + 1);
    return { range: { start: p, end: p }, newText: `runtimeClassName: ${value}${spec.items.length ? ', ' : ''}` };
  }
  // Above the comment lines that introduce the first key, so they stay attached to it.
  const key = at(first.range[0]);
  const lines = text.split('\n');
  let line = key.line;
  while (line > 0 && lines[line - 1].startsWith(`${' '.repeat(key.character)}#`)) line--;
  const p = { line, character: key.character };
  return { range: { start: p, end: p }, newText: `runtimeClassName: ${value}\n${' '.repeat(p.character)}` };
}
