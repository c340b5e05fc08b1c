// The Fleet tree's nodes. Ids are stable strings so VS Code keeps expansion and selection across refreshes,
// and every node knows its parent so `TreeView.reveal` can walk up from a VM found elsewhere. An id names the
// kind of every step (a Capsule Tenant and a namespace may share a name) and escapes the context name (a
// kubeconfig context may contain any character).
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
  | (Base & { type: 'folder'; context: string; namespaces: string[]; category: FolderCategory })
  | (Base & { type: 'workload'; context: string; namespace: string; kind: WorkloadKind; name: string });

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
export const messageId = (parent: string, key: string) => `${parent}//message/${key}`;

/**
 * Keeps one node object per id, so refreshes fire for the very objects VS Code holds and a node's data
 * (counts, namespaces) is updated in place.
 */
export class NodeRegistry {
  private readonly nodes = new Map<string, FleetNode>();

  put<T extends FleetNode>(node: T): T {
    const existing = this.nodes.get(node.id);
    if (existing && existing.type === node.type) {
      Object.assign(existing, node);
      return existing as T;
    }
    this.nodes.set(node.id, node);
    return node;
  }

  get(id: string): FleetNode | undefined {
    return this.nodes.get(id);
  }

  /** Nodes below `ancestor`, at any depth. */
  *below(ancestor: FleetNode): Iterable<FleetNode> {
    for (const node of this.nodes.values()) {
      for (let p = node.parent; p; p = p.parent) {
        if (p === ancestor) {
          yield node;
          break;
        }
      }
    }
  }

  clear(): void {
    this.nodes.clear();
  }
}
