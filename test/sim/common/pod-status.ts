// Pod status blocks as the scheduler and kubelet write them.
import { randomBytes } from 'node:crypto';
import type { KubeObject, Store } from '../store';
import { withCondition, type Condition } from './conditions';
import { timestamp } from './time';

interface Container { name: string; image?: string }
type PodSpec = { containers?: Container[]; initContainers?: Container[]; nodeName?: string };
export type PodStatus = {
  phase?: string;
  conditions?: Condition[];
  podIP?: string;
  podIPs?: { ip: string }[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  startTime?: string;
  containerStatuses?: unknown[];
  qosClass?: string;
  [field: string]: unknown;
};

export const podStatus = (pod: KubeObject) => (pod.status ?? {}) as PodStatus;
const containers = (pod: KubeObject) => ((pod.spec ?? {}) as PodSpec).containers ?? [];

/** `Guaranteed`, `Burstable` or `BestEffort` from the containers' requests and limits. */
export function qosClass(pod: KubeObject): string {
  type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };
  const all = containers(pod).map((c) => ((c as { resources?: Resources }).resources ?? {}));
  if (all.every((r) => !r.requests && !r.limits)) return 'BestEffort';
  const guaranteed = all.every((r) => r.limits?.cpu && r.limits?.memory && (!r.requests || (r.requests.cpu === r.limits.cpu && r.requests.memory === r.limits.memory)));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function nodeAddress(store: Store, nodeName: string): string | undefined {
  const addresses = (store.get('nodes', undefined, nodeName)?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses;
  return addresses?.find((a) => a.type === 'InternalIP')?.address;
}

export function pendingStatus(pod: KubeObject): PodStatus {
  return { phase: 'Pending', qosClass: qosClass(pod) };
}

export function unschedulableStatus(pod: KubeObject, message: string): PodStatus {
  return { ...pendingStatus(pod), conditions: withCondition(podStatus(pod).conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }) };
}

export function scheduledStatus(pod: KubeObject): PodStatus {
  return { ...podStatus(pod), phase: 'Pending', conditions: withCondition(podStatus(pod).conditions, { type: 'PodScheduled', status: 'True' }) };
}

/** A pod on its node whose containers wait, e.g. `ContainerCreating` or `ErrImagePull`. */
export function waitingStatus(store: Store, pod: KubeObject, reason: string, message?: string): PodStatus {
  const node = ((pod.spec ?? {}) as PodSpec).nodeName ?? '';
  const hostIP = nodeAddress(store, node);
  let conditions = withCondition(podStatus(pod).conditions, { type: 'PodScheduled', status: 'True' });
  conditions = withCondition(conditions, { type: 'Initialized', status: 'True' });
  for (const type of ['ContainersReady', 'Ready']) {
    conditions = withCondition(conditions, { type, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${containers(pod).map((c) => c.name).join(' ')}]` });
  }
  return {
    ...pendingStatus(pod),
    conditions,
    ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
    startTime: podStatus(pod).startTime ?? timestamp(),
    containerStatuses: containers(pod).map((c) => ({
      name: c.name, image: c.image, imageID: '', ready: false, started: false, restartCount: 0,
      state: { waiting: message ? { reason, message } : { reason } },
    })),
  };
}

export function runningStatus(store: Store, pod: KubeObject, podIP: string): PodStatus {
  const node = ((pod.spec ?? {}) as PodSpec).nodeName ?? '';
  const hostIP = nodeAddress(store, node);
  const now = timestamp();
  let conditions = podStatus(pod).conditions;
  for (const type of ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']) {
    conditions = withCondition(conditions, { type, status: 'True' });
  }
  return {
    phase: 'Running',
    conditions,
    ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: podStatus(pod).startTime ?? now,
    qosClass: qosClass(pod),
    containerStatuses: containers(pod).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: `${(c.image ?? '').split(':')[0]}@sha256:${randomBytes(32).toString('hex')}`,
      containerID: `containerd://${randomBytes(32).toString('hex')}`,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
    })),
  };
}
