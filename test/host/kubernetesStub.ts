// A stand-in for the Kubernetes extension (ms-kubernetes-tools.vscode-kubernetes-tools), handed to KubeVirt
// Workbench's interop in place of VS Code's extension lookup: the real extension cannot be installed in the test
// host (no marketplace, no kubectl), and code-server loads only one development extension. It serves what the
// interop uses of the published API, behaving as the real extension's source does: an API broker from
// activate(), Cluster Explorer v1 (contributors asked for every node's children, their nodes wrapped as
// 'extension' nodes with the id 'dummy', a leaf made expandable when a contributor has children for it,
// resolveCommandTarget) and Configuration v1_1 (kubeconfig path, context changes). Unlike the real one it runs
// no kubectl: the test tells it the kubeconfig, the current context and the namespaces to list.
import * as vscode from 'vscode';
import type { ClusterExplorerV1 } from 'vscode-kubernetes-tools-api';
import { KUBERNETES_EXTENSION_ID } from '../../src/contributions';

const NODE_CATEGORY = 'kubernetes-explorer-node';

export interface StubNode {
  readonly nodeCategory: typeof NODE_CATEGORY;
  readonly nodeType: 'context' | 'folder.resource' | 'resource' | 'extension';
  getChildren(): Promise<StubNode[]>;
  getTreeItem(): vscode.TreeItem;
}

export interface StubSetup {
  kubeconfig: string;
  context: string;
  namespaces: string[];
}

const NAMESPACE_KIND: ClusterExplorerV1.ResourceKind = { manifestKind: 'Namespace', abbreviation: 'ns' };

class Explorer implements vscode.TreeDataProvider<StubNode> {
  readonly contributors: ClusterExplorerV1.NodeContributor[] = [];
  private readonly changed = new vscode.EventEmitter<StubNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  refreshes = 0;
  setup?: StubSetup;

  getTreeItem(node: StubNode): vscode.TreeItem {
    const item = node.getTreeItem();
    // As the real explorer: a leaf becomes expandable when a contributor has children for it.
    if (item.collapsibleState === vscode.TreeItemCollapsibleState.None && this.contributors.some((c) => c.contributesChildren(apiNode(node)))) {
      item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    }
    return item;
  }

  async getChildren(node?: StubNode): Promise<StubNode[]> {
    const base = node ? await node.getChildren() : this.roots();
    const parent = node && apiNode(node);
    const contributed = await Promise.all(this.contributors.filter((c) => c.contributesChildren(parent)).map((c) => c.getChildren(parent)));
    return [...base, ...contributed.flat().map(contributedNode)];
  }

  refresh(): void {
    this.refreshes++;
    this.changed.fire(undefined);
  }

  private roots(): StubNode[] {
    const setup = this.setup;
    return setup ? [contextNode(setup)] : [];
  }
}

function contextNode(setup: StubSetup): StubNode & { name: string } {
  return {
    nodeCategory: NODE_CATEGORY,
    nodeType: 'context',
    name: setup.context,
    getTreeItem: () => new vscode.TreeItem(setup.context, vscode.TreeItemCollapsibleState.Collapsed),
    getChildren: async () => [namespacesFolder(setup)],
  };
}

function namespacesFolder(setup: StubSetup): StubNode {
  return {
    nodeCategory: NODE_CATEGORY,
    nodeType: 'folder.resource',
    getTreeItem: () => new vscode.TreeItem('Namespaces', vscode.TreeItemCollapsibleState.Collapsed),
    getChildren: async () => setup.namespaces.map(namespaceNode),
  };
}

function namespaceNode(name: string): StubNode & { name: string; metadata: { name: string } } {
  return {
    nodeCategory: NODE_CATEGORY,
    nodeType: 'resource',
    name,
    metadata: { name },
    getTreeItem: () => {
      const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
      item.contextValue = 'vsKubernetes.resource.namespace';
      return item;
    },
    getChildren: async () => [],
  };
}

function contributedNode(node: ClusterExplorerV1.Node): StubNode & { id: string } {
  return {
    nodeCategory: NODE_CATEGORY,
    nodeType: 'extension',
    // The real wrapper's id, the same for every contributed node.
    id: 'dummy',
    getTreeItem: () => node.getTreeItem(),
    getChildren: async () => (await node.getChildren()).map(contributedNode),
  };
}

/** What the API shows of a node, as the real adaptKubernetesExplorerNode does. */
function apiNode(node: StubNode): ClusterExplorerV1.ClusterExplorerNode {
  const named = node as StubNode & { name?: string; metadata?: { name: string; namespace?: string } };
  switch (node.nodeType) {
    case 'context':
      return { nodeType: 'context', name: named.name ?? '' };
    case 'folder.resource':
      return { nodeType: 'folder.resource', resourceKind: NAMESPACE_KIND };
    case 'resource':
      return { nodeType: 'resource', name: named.name ?? '', namespace: named.metadata?.namespace ?? null, resourceKind: NAMESPACE_KIND, metadata: named.metadata };
    case 'extension':
      return { nodeType: 'extension' };
  }
}

/**
 * The Kubernetes extension as VS Code's extension lookup would return it: its id, and activate() resolving with
 * the API broker. `explorer` is its Clusters tree as VS Code reads it.
 */
export function kubernetesExtensionStub() {
  const explorer = new Explorer();
  const contextChanged = new vscode.EventEmitter<string | null>();
  const pathChanged = new vscode.EventEmitter<{ pathType: 'host'; hostPath: string }>();
  let activations = 0;
  const clusterExplorer: ClusterExplorerV1 = {
    resolveCommandTarget: (target?: unknown) => ((target as Partial<StubNode> | undefined)?.nodeCategory === NODE_CATEGORY ? apiNode(target as StubNode) : undefined),
    registerNodeContributor: (contributor) => {
      explorer.contributors.push(contributor);
    },
    registerNodeUICustomizer: () => undefined,
    get nodeSources(): ClusterExplorerV1.NodeSources {
      throw new Error('node sources are not part of the stub');
    },
    refresh: () => explorer.refresh(),
  };
  const configuration = {
    getKubeconfigPath: () => ({ pathType: 'host' as const, hostPath: explorer.setup?.kubeconfig ?? '' }),
    onDidChangeKubeconfigPath: pathChanged.event,
    onDidChangeContext: contextChanged.event,
    onDidChangeNamespace: new vscode.EventEmitter<string>().event,
  };
  const broker = {
    get(component: string, version: string) {
      if (component === 'clusterexplorer' && version === 'v1') return { available: true, api: clusterExplorer };
      if (component === 'configuration' && version === 'v1_1') return { available: true, api: configuration };
      return { available: false, reason: 'version-unknown' };
    },
  };
  const extension = {
    id: KUBERNETES_EXTENSION_ID,
    get isActive() {
      return activations > 0;
    },
    exports: broker,
    activate: async () => {
      activations++;
      return broker;
    },
  } as unknown as vscode.Extension<unknown>;
  return {
    extension,
    explorer,
    /** What the real extension would read from kubectl: the kubeconfig, its current context, the namespaces. */
    configure(setup: StubSetup) {
      const pathMoved = setup.kubeconfig !== explorer.setup?.kubeconfig;
      const switched = setup.context !== explorer.setup?.context;
      explorer.setup = setup;
      if (pathMoved) pathChanged.fire({ pathType: 'host', hostPath: setup.kubeconfig });
      else if (switched) contextChanged.fire(setup.context);
      explorer.refresh();
    },
    /** As `kubectl config use-context` through the Kubernetes extension. */
    switchContext(name: string) {
      if (explorer.setup) explorer.setup = { ...explorer.setup, context: name };
      contextChanged.fire(name);
      explorer.refresh();
    },
  };
}
