// A tiny kube-scheduler: filters nodes by readiness and nodeSelector, prefers the least loaded one,
// and hands out pod IPs from the node's podCIDR (10.244.<n>.0/24 as with flannel/kindnet).
import type { KubeObject, Store } from '../store';
import { isTrue, type Condition } from './conditions';

type Taint = { key: string; value?: string; effect: string };
export type Toleration = { key?: string; operator?: string; value?: string; effect?: string };
type NodeSpec = { unschedulable?: boolean; podCIDR?: string; taints?: Taint[] };
type PodSpec = { nodeName?: string };

/** Node and IP of every pod, kept current from the store's changes (listing all pods per decision is slow). */
class PodIndex {
  private readonly pods = new Map<string, { node?: string; ip?: string }>();

  constructor(store: Store) {
    for (const pod of store.list('pods')) this.set(pod);
    store.subscribe((change) => {
      if (change.resource !== 'pods') return;
      if (change.type === 'DELETED') this.pods.delete(this.key(change.object));
      else this.set(change.object);
    });
  }

  private key(pod: KubeObject): string {
    return `${pod.metadata.namespace}/${pod.metadata.name}`;
  }

  private set(pod: KubeObject): void {
    this.pods.set(this.key(pod), { node: ((pod.spec ?? {}) as PodSpec).nodeName, ip: (pod.status as { podIP?: string } | undefined)?.podIP });
  }

  load(): Map<string, number> {
    const load = new Map<string, number>();
    for (const { node } of this.pods.values()) if (node) load.set(node, (load.get(node) ?? 0) + 1);
    return load;
  }

  ips(): Set<string | undefined> {
    return new Set([...this.pods.values()].map((p) => p.ip));
  }
}

const indexes = new WeakMap<Store, PodIndex>();
function podIndex(store: Store): PodIndex {
  let index = indexes.get(store);
  if (!index) indexes.set(store, (index = new PodIndex(store)));
  return index;
}

const tolerates = (tolerations: Toleration[], taint: Taint) => tolerations.some((t) =>
  (!t.effect || t.effect === taint.effect) && (t.operator === 'Exists' ? !t.key || t.key === taint.key : t.key === taint.key && (t.value ?? '') === (taint.value ?? '')));

function nodeFits(node: KubeObject, nodeSelector: Record<string, string> | undefined, tolerations: Toleration[] = []): boolean {
  const spec = (node.spec ?? {}) as NodeSpec;
  if ((spec.taints ?? []).some((t) => t.effect !== 'PreferNoSchedule' && !tolerates(tolerations, t))) return false;
  const conditions = (node.status as { conditions?: Condition[] } | undefined)?.conditions;
  if (spec.unschedulable || (conditions && !isTrue(conditions, 'Ready'))) return false;
  const labels = node.metadata.labels ?? {};
  return Object.entries(nodeSelector ?? {}).every(([key, value]) => labels[key] === value);
}

export interface Placement {
  node?: string;
  /** The scheduler's message when no node fits, e.g. `0/3 nodes are available: …`. */
  reason?: string;
}

export function pickNode(store: Store, nodeSelector: Record<string, string> | undefined, exclude?: string, tolerations?: Toleration[]): Placement {
  const nodes = store.list('nodes');
  const fitting = nodes.filter((n) => n.metadata.name !== exclude && nodeFits(n, nodeSelector, tolerations));
  if (!fitting.length) {
    const detail = nodeSelector && Object.keys(nodeSelector).length
      ? `${nodes.length} node(s) didn't match Pod's node affinity/selector`
      : `${nodes.length} node(s) were unschedulable`;
    return { reason: `0/${nodes.length} nodes are available: ${detail}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.` };
  }
  const load = podIndex(store).load();
  fitting.sort((a, b) => (load.get(a.metadata.name!) ?? 0) - (load.get(b.metadata.name!) ?? 0));
  return { node: fitting[0].metadata.name };
}

/** The node's podCIDR prefix (`10.244.2.`), or one derived from its position among nodes. */
function podNetwork(store: Store, nodeName: string): string {
  const nodes = store.list('nodes');
  const node = nodes.find((n) => n.metadata.name === nodeName);
  const cidr = (node?.spec as NodeSpec | undefined)?.podCIDR;
  const match = cidr && /^(\d+\.\d+\.\d+\.)0\/24$/.exec(cidr);
  if (match) return match[1];
  return `10.244.${Math.max(0, nodes.indexOf(node!)) + 1}.`;
}

/** The lowest free address of the node's pod network. */
export function assignPodIp(store: Store, nodeName: string): string {
  const prefix = podNetwork(store, nodeName);
  const used = podIndex(store).ips();
  for (let host = 2; host < 255; host++) if (!used.has(prefix + host)) return prefix + host;
  return prefix + '254';
}
