// Ordinary workloads in the simulator: RuntimeClass admission for pods, a scheduler/kubelet with pod logs,
// and the Deployment and ReplicaSet controllers. On a real control plane only the scheduler/kubelet runs
// (`installKubelet`): kube-apiserver does the admission and kube-controller-manager the Deployments.
import type { Change } from '../store';
import type { ClusterHooks } from '../types';
import { WorkQueue, splitKey } from '../common/queue';
import { DEPLOYMENTS, REPLICASETS, reconcileDeployment, reconcileReplicaSet } from './deployments';
import { isLauncherPod, reconcilePod } from './kubelet';
import { podLogHandler } from './logs';
import { applyRuntimeClass } from './runtime-class';

const key = (ns: string | undefined, name: string | undefined) => `${ns ?? ''}/${name ?? ''}`;
const onError = (queueKey: string, error: unknown) => console.error(`workloads controller ${queueKey}:`, error);
const queue = (work: (ns: string, name: string) => void) => new WorkQueue((k) => work(...splitKey(k)), onError);

/** The scheduler and kubelet for pods that are not virt-launcher pods: bind to a node, then start the containers. */
export function installKubelet(hooks: Pick<ClusterHooks, 'store' | 'stepDelayMs'>): () => void {
  const { store, stepDelayMs } = hooks;
  const pods = queue((ns, name) => reconcilePod(store, ns, name));
  const unsubscribe = store.subscribe((change: Change) => {
    if (change.resource === 'pods' && change.type !== 'DELETED' && !isLauncherPod(change.object)) {
      pods.enqueue(key(change.object.metadata.namespace, change.object.metadata.name), stepDelayMs);
    }
    // A new or relabelled node may fit a pod that could not be scheduled.
    if (change.resource === 'nodes') {
      for (const pod of store.scan('pods')) if (!(pod.spec as { nodeName?: string } | undefined)?.nodeName) pods.enqueue(key(pod.metadata.namespace, pod.metadata.name), stepDelayMs);
    }
  });
  for (const pod of store.scan('pods')) pods.enqueue(key(pod.metadata.namespace, pod.metadata.name), stepDelayMs);
  return () => {
    unsubscribe();
    pods.dispose();
  };
}

export function installWorkloads(hooks: ClusterHooks): () => void {
  const { store, stepDelayMs } = hooks;
  hooks.addSubresource('', 'pods', 'log', 'GET', podLogHandler(store, stepDelayMs));
  hooks.addAdmission('pods', (pod, old) => {
    if (!old) applyRuntimeClass(store, pod);
  });

  const replicaSets = queue((ns, name) => reconcileReplicaSet(store, ns, name));
  const deployments = queue((ns, name) => reconcileDeployment(store, ns, name));
  const owners = (change: Change, kind: string) => (change.object.metadata.ownerReferences ?? []).filter((o) => o.kind === kind).map((o) => key(change.object.metadata.namespace, o.name));
  const onChange = (change: Change) => {
    const here = key(change.object.metadata.namespace, change.object.metadata.name);
    switch (change.resource) {
      case 'pods':
        for (const rs of owners(change, 'ReplicaSet')) replicaSets.enqueue(rs, 0);
        return;
      case REPLICASETS:
        if (change.type !== 'DELETED') replicaSets.enqueue(here, stepDelayMs);
        for (const d of owners(change, 'Deployment')) deployments.enqueue(d, 0);
        return;
      case DEPLOYMENTS:
        return change.type !== 'DELETED' && deployments.enqueue(here, stepDelayMs);
      default:
        return;
    }
  };
  const unsubscribe = store.subscribe(onChange);
  const uninstallKubelet = installKubelet(hooks);
  for (const rs of store.list(REPLICASETS)) replicaSets.enqueue(key(rs.metadata.namespace, rs.metadata.name), stepDelayMs);
  for (const d of store.list(DEPLOYMENTS)) deployments.enqueue(key(d.metadata.namespace, d.metadata.name), stepDelayMs);

  return () => {
    unsubscribe();
    uninstallKubelet();
    for (const q of [replicaSets, deployments]) q.dispose();
  };
}
