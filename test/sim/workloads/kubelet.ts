// Scheduler + kubelet for ordinary pods: bind a pending pod to a fitting node, then start its containers.
// A pod may pin a failure with the pin-status annotation: ErrImagePull, ImagePullBackOff, CrashLoopBackOff,
// Unschedulable or Completed. virt-launcher pods are left to the KubeVirt controller.
import type { KubeObject, Store } from '../store';
import { withCondition } from '../common/conditions';
import { recordEvent } from '../common/events';
import { podStatus, runningStatus, scheduledStatus, unschedulableStatus, waitingStatus } from '../common/pod-status';
import { assignPodIp, pickNode, type Toleration } from '../common/scheduling';
import { timestamp } from '../common/time';
import { PIN_ANNOTATION } from '../kubevirt/keys';

type PodSpec = { nodeName?: string; nodeSelector?: Record<string, string>; tolerations?: Toleration[]; containers?: { name: string; image?: string }[] };

export const isLauncherPod = (pod: KubeObject) => pod.metadata.labels?.['kubevirt.io'] === 'virt-launcher';

export function reconcilePod(store: Store, namespace: string, name: string): void {
  const pod = store.get('pods', namespace, name);
  if (!pod || pod.metadata.deletionTimestamp || isLauncherPod(pod)) return;
  const spec = (pod.spec ?? {}) as PodSpec;
  const status = podStatus(pod);
  if (status.phase && status.phase !== 'Pending') return;
  const pin = pod.metadata.annotations?.[PIN_ANNOTATION];
  if (!spec.nodeName) return schedule(store, pod, spec, pin === 'Unschedulable');
  if (status.containerStatuses?.length) return;
  const image = spec.containers?.[0]?.image ?? '';
  switch (pin) {
    case 'ErrImagePull':
      store.update('pods', { ...pod, status: waitingStatus(store, pod, pin, `failed to pull and unpack image "${image}": failed to resolve reference "${image}": not found`) });
      return kubeletEvent(store, pod, 'Failed', `Failed to pull image "${image}": not found`, 'Warning');
    case 'ImagePullBackOff':
      store.update('pods', { ...pod, status: waitingStatus(store, pod, pin, `Back-off pulling image "${image}"`) });
      return kubeletEvent(store, pod, 'BackOff', `Back-off pulling image "${image}"`, 'Warning');
    case 'CrashLoopBackOff':
      store.update('pods', { ...pod, status: crashLooping(store, pod, assignPodIp(store, spec.nodeName)) });
      return kubeletEvent(store, pod, 'BackOff', 'Back-off restarting failed container', 'Warning');
    case 'Completed':
      store.update('pods', { ...pod, status: completed(store, pod, assignPodIp(store, spec.nodeName)) });
      return;
    default:
      store.update('pods', { ...pod, status: runningStatus(store, pod, assignPodIp(store, spec.nodeName)) });
      for (const c of spec.containers ?? []) kubeletEvent(store, pod, 'Started', `Started container ${c.name}`);
  }
}

function kubeletEvent(store: Store, pod: KubeObject, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): void {
  recordEvent(store, pod, { reason, message, type, component: 'kubelet', host: (pod.spec as PodSpec).nodeName });
}

function schedule(store: Store, pod: KubeObject, spec: PodSpec, pinned: boolean): void {
  const placement = pinned ? { node: undefined, reason: `0/${store.list('nodes').length} nodes are available: Insufficient cpu.` } : pickNode(store, spec.nodeSelector, undefined, spec.tolerations);
  if (!placement.node) {
    if (podStatus(pod).conditions?.some((c) => c.type === 'PodScheduled')) return;
    store.update('pods', { ...pod, status: unschedulableStatus(pod, placement.reason!) });
    recordEvent(store, pod, { reason: 'FailedScheduling', message: placement.reason!, type: 'Warning', component: 'default-scheduler' });
    return;
  }
  const bound = { ...pod, spec: { ...spec, nodeName: placement.node } };
  store.update('pods', { ...bound, status: scheduledStatus(bound) });
  recordEvent(store, pod, { reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${placement.node}`, component: 'default-scheduler' });
}

function crashLooping(store: Store, pod: KubeObject, ip: string) {
  const running = runningStatus(store, pod, ip);
  let conditions = running.conditions;
  for (const type of ['Ready', 'ContainersReady']) conditions = withCondition(conditions, { type, status: 'False', reason: 'ContainersNotReady' });
  const finishedAt = timestamp();
  return {
    ...running,
    conditions,
    containerStatuses: (running.containerStatuses as Record<string, unknown>[]).map((c) => ({
      ...c, ready: false, started: false, restartCount: 6,
      state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})` } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: finishedAt, finishedAt } },
    })),
  };
}

function completed(store: Store, pod: KubeObject, ip: string) {
  const running = runningStatus(store, pod, ip);
  let conditions = running.conditions;
  for (const type of ['Ready', 'ContainersReady']) conditions = withCondition(conditions, { type, status: 'False', reason: 'PodCompleted' });
  const finishedAt = timestamp();
  return {
    ...running,
    phase: 'Succeeded',
    conditions,
    containerStatuses: (running.containerStatuses as Record<string, unknown>[]).map((c) => ({ ...c, ready: false, started: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: finishedAt, finishedAt } } })),
  };
}
