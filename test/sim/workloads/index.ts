// Ordinary workloads in the simulator: RuntimeClass admission for pods, a scheduler/kubelet with pod logs,
// and the Deployment and ReplicaSet controllers.
import type { Change } from '../store';
import type { ClusterHooks } from '../types';
import { WorkQueue, splitKey } from '../common/queue';
import { DEPLOYMENTS, REPLICASETS, reconcileDeployment, reconcileReplicaSet } from './deployments';
import { isLauncherPod, reconcilePod } from './kubelet';
import { podLogHandler } from './logs';
import { applyRuntimeClass } from './runtime-class';

export function installWorkloads(hooks: ClusterHooks): () => void {
  const { store, stepDelayMs } = hooks;
  hooks.addSubresource('', 'pods', 'log', 'GET', podLogHandler(store, stepDelayMs));
  hooks.addAdmission('pods', (pod, old) => {
    if (!old) applyRuntimeClass(store, pod);
  });

  const onError = (key: string, error: unknown) => console.error(`workloads controller ${key}:`, error);
  const queue = (work: (ns: string, name: string) => void) => new WorkQueue((key) => work(...splitKey(key)), onError);
  const pods = queue((ns, name) => reconcilePod(store, ns, name));
  const replicaSets = queue((ns, name) => reconcileReplicaSet(store, ns, name));
  const deployments = queue((ns, name) => reconcileDeployment(store, ns, name));

  const key = (ns: string | undefined, name: string | undefined) => `${ns ?? ''}/${name ?? ''}`;
  const owners = (change: Change, kind: string) => (change.object.metadata.ownerReferences ?? []).filter((o) => o.kind === kind).map((o) => key(change.object.metadata.namespace, o.name));
  const onChange = (change: Change) => {
    const here = key(change.object.metadata.namespace, change.object.metadata.name);
    switch (change.resource) {
      case 'pods':
        if (change.type !== 'DELETED' && !isLauncherPod(change.object)) pods.enqueue(here, stepDelayMs);
        for (const rs of owners(change, 'ReplicaSet')) replicaSets.enqueue(rs, 0);
        return;
      case REPLICASETS:
        if (change.type !== 'DELETED') replicaSets.enqueue(here, stepDelayMs);
        for (const d of owners(change, 'Deployment')) deployments.enqueue(d, 0);
        return;
      case DEPLOYMENTS:
        return change.type !== 'DELETED' && deployments.enqueue(here, stepDelayMs);
      case 'nodes':
        // A new or relabelled node may fit a pod that could not be scheduled.
        for (const pod of store.list('pods')) if (!(pod.spec as { nodeName?: string } | undefined)?.nodeName) pods.enqueue(key(pod.metadata.namespace, pod.metadata.name), stepDelayMs);
        return;
      default:
        return;
    }
  };
  const unsubscribe = store.subscribe(onChange);
  for (const pod of store.list('pods')) pods.enqueue(key(pod.metadata.namespace, pod.metadata.name), stepDelayMs);
  for (const rs of store.list(REPLICASETS)) replicaSets.enqueue(key(rs.metadata.namespace, rs.metadata.name), stepDelayMs);
  for (const d of store.list(DEPLOYMENTS)) deployments.enqueue(key(d.metadata.namespace, d.metadata.name), stepDelayMs);

  return () => {
    unsubscribe();
    for (const q of [pods, replicaSets, deployments]) q.dispose();
  };
}
