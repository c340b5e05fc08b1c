// Addresses of documents that show one cluster object: `/context/namespace/Kind/<file>`. The file name names the
// cluster too (`api-gateway (prod-east).yaml`, `api-gateway (prod-east, edit).yaml`), since an editor tab shows
// only the file name and the same object may be open from several clusters, read-only and for editing.
import type { WorkloadKind } from './nodes';

export interface ObjectRef {
  context: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
}

const KINDS = new Set<string>(['VirtualMachine', 'VirtualMachineInstance', 'Pod']);

/** A path for `vscode.Uri.from`, which escapes it; only `%` and `/` (a context may contain them) are escaped here. */
export function objectPath(ref: ObjectRef, mode: 'view' | 'edit'): string {
  const file = `${ref.name} (${ref.context}${mode === 'edit' ? ', edit' : ''}).yaml`;
  return `/${[ref.context, ref.namespace, ref.kind, file].map((s) => s.replace(/%/g, '%25').replace(/\//g, '%2F')).join('/')}`;
}

/** The object a path names; undefined for anything else. */
export function parseObjectPath(path: string): ObjectRef | undefined {
  const parts = path.split('/').slice(1).map(decodeURIComponent);
  if (parts.length !== 4 || !KINDS.has(parts[2])) return undefined;
  const [context, namespace, kind, file] = parts;
  // Kubernetes names have no spaces: the name ends where " (context…).yaml" begins.
  return { context, namespace, kind: kind as WorkloadKind, name: file.replace(/( \(.*\))?\.yaml$/, '') };
}
