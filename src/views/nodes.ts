// The Fleet tree's nodes. Ids are stable strings so VS Code keeps expansion and selection across refreshes,
// and every node knows its parent so `TreeView.reveal` can walk up from a VM found elsewhere. An id names the
// kind of every step (a Capsule Tenant and a namespace may share a name) and escapes the context name (a
// kubeconfig context may contain any character).
import type { CheckId } from '../model/guardrails/catalog';
import type { WorkloadFolder } from '../model/tenantWorkloads';

export type FolderCategory = WorkloadFolder;

export type WorkloadKind = 'VirtualMachine' | 'VirtualMachineInstance' | 'Pod';

interface Base {
  id: string;
  parent?: FleetNode;
}

export type FleetNode =
  | (Base & { type: 'problem'; file: string; message: string })
  | (Base & { type: 'cluster'; context: string })
  /** A row standing in for children: why a cluster is not connected (`retry`), or why nothing is listed. */
  | (Base & { type: 'message'; context: string; text: string; detail?: string; tooltip?: string; icon: string; retry?: boolean })
  | (Base & { type: 'tenant'; context: string; name: string; capsule: boolean; namespaces: string[] })
  | (Base & { type: 'namespace'; context: string; namespace: string })
  /** A tenant's Guardrails folder, and one row per check under it; both name the tenant they audit. */
  | (Base & { type: 'guardrails'; context: string; name: string; capsule: boolean; namespaces: string[] })
  | (Base & { type: 'guardrail'; context: string; name: string; capsule: boolean; namespaces: string[]; check: CheckId })
  | (Base & { type: 'folder'; context: string; namespaces: string[]; category: FolderCategory })
  | (Base & { type: 'workload'; context: string; namespace: string; kind: WorkloadKind; name: string })
  /** A VM's (or lone VMI's) Snapshots or Disks row, and one row per snapshot or disk under it. */
  | (Base & { type: 'vmPart'; context: string; namespace: string; vm: string; vmKind: WorkloadKind; part: VmPart })
  | (Base & { type: 'snapshot'; context: string; namespace: string; vm: string; name: string })
  | (Base & { type: 'disk'; context: string; namespace: string; vm: string; vmKind: WorkloadKind; name: string });

export type VmPart = 'snapshots' | 'disks';

export type NodeOf<T extends FleetNode['type']> = Extract<FleetNode, { type: T }>;

const ctx = (context: string) => encodeURIComponent(context);

/** `context/namespace/kind/name`: a workload keeps its id wherever the tree files it. */
export function workloadId(context: string, namespace: string, kind: WorkloadKind, name: string): string {
  return `${ctx(context)}/${namespace}/${kind}/${name}`;
}

export const clusterId = (context: string) => ctx(context);
export const tenantId = (context: string, tenant: string, capsule: boolean) => `${ctx(context)}//${capsule ? 'tenant' : 'namespace'}/${tenant}`;
export const namespaceId = (parent: string, namespace: string) => `${parent}/ns/${namespace}`;
export const folderId = (parent: string, category: FolderCategory) => `${parent}/${category}`;
export const guardrailsId = (tenant: string) => `${tenant}//guardrails`;
export const guardrailId = (tenant: string, check: CheckId) => `${tenant}//guardrails/${check}`;
export const vmPartId = (workload: string, part: VmPart) => `${workload}//${part}`;
export const vmPartItemId = (part: string, name: string) => `${part}/${name}`;
export const messageId = (parent: string, key: string) => `${parent}//message/${key}`;

/**
 * Keeps one node object per id, so refreshes fire for the very objects VS Code holds and a node's data
 * (counts, namespaces) is updated in place. Children a parent no longer has are dropped with their descendants,
 * so the registry holds what the tree shows, not everything it ever showed.
 */
export class NodeRegistry {
  private readonly nodes = new Map<string, FleetNode>();
  private readonly children = new Map<string, Set<string>>();

  put<T extends FleetNode>(node: T): T {
    const existing = this.nodes.get(node.id);
    const kept = existing && existing.type === node.type ? (Object.assign(existing, node) as T) : node;
    if (kept !== existing) this.nodes.set(node.id, kept);
    const parent = node.parent?.id ?? '';
    let siblings = this.children.get(parent);
    if (!siblings) this.children.set(parent, (siblings = new Set()));
    siblings.add(node.id);
    return kept;
  }

  /** `parent` (undefined: the root) now has exactly `children`: the others go, with everything below them (returned). */
  keepChildren(parent: FleetNode | undefined, children: readonly FleetNode[]): string[] {
    const key = parent?.id ?? '';
    const keep = new Set(children.map((c) => c.id));
    const removed: string[] = [];
    for (const id of this.children.get(key) ?? []) if (!keep.has(id)) this.remove(id, removed);
    this.children.set(key, keep);
    return removed;
  }

  get(id: string): FleetNode | undefined {
    return this.nodes.get(id);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** Nodes below `ancestor`, at any depth. */
  *below(ancestor: FleetNode): Iterable<FleetNode> {
    for (const id of this.children.get(ancestor.id) ?? []) {
      const node = this.nodes.get(id);
      if (!node) continue;
      yield node;
      yield* this.below(node);
    }
  }

  clear(): void {
    this.nodes.clear();
    this.children.clear();
  }

  private remove(id: string, removed: string[]): void {
    this.nodes.delete(id);
    removed.push(id);
    for (const child of this.children.get(id) ?? []) this.remove(child, removed);
    this.children.delete(id);
  }
}
