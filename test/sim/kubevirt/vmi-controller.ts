// virt-controller + virt-handler for one VMI: Pending → Scheduling (launcher pod) → Scheduled (node) →
// Running (pod IP) → guest agent connected; deletion shuts the guest down (Succeeded) and removes the pod. A launcher
// pod the API refuses (on a real control plane: a LimitRange or quota) leaves the VMI Pending with Synchronized=False
// (FailedCreate) and a Warning event, and is tried again later and later, as virt-controller's rate-limited queue does.
import { HELD_POLL_MS, type KubeObject, type Store } from '../store';
import { withCondition, withoutCondition, isTrue } from '../common/conditions';
import { recordEvent } from '../common/events';
import { runningStatus, scheduledStatus, unschedulableStatus } from '../common/pod-status';
import { assignPodIp, pickNode } from '../common/scheduling';
import { timestamp } from '../common/time';
import { interfacesFor, launcherPodFor, runningVmiStatus, vmiSpecOf, withNodeLabel } from './builders';
import { hasGuestAgent } from './guest-agent';
import { reconcileHotplug } from './hotplug-status';
import { guestOsFor } from './guest-os';
import { LABEL_CREATED_BY, PIN_ANNOTATION, PODS, PVCS, VMI_FINALIZER, VMIS } from './keys';
import { isMigrating } from './printable-status';
import { isFinal, vmiStatus, type VmiStatus } from './status-types';

const CONTROLLER = 'virtualmachine-controller';
const FAILED_CREATE = 'FailedCreate';
/** virt-controller's per-item backoff, from its first retry up to its longest wait. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 300_000;

/** Refused launcher pods per VMI uid: how many in a row, and when the next may be tried. */
const refusals = new Map<string, { count: number; retryAt: number }>();

/** The VMI's virt-launcher pods (more than one during a migration). */
export function launcherPods(store: Store, vmi: KubeObject): KubeObject[] {
  return store.list(PODS, vmi.metadata.namespace, (p) => p.metadata.labels?.[LABEL_CREATED_BY] === vmi.metadata.uid);
}

function withPhase(vmi: KubeObject, phase: string, extra: Partial<VmiStatus> = {}): KubeObject {
  const status = vmiStatus(vmi);
  const transitions = [...(status.phaseTransitionTimestamps ?? []), { phase, phaseTransitionTimestamp: timestamp() }];
  return { ...vmi, status: { ...status, ...extra, phase, phaseTransitionTimestamps: transitions } };
}

/** One step for the VMI; returns in how many milliseconds to look again (a launcher pod's retry), if at all. */
export function reconcileVmi(store: Store, namespace: string, name: string): number | undefined {
  const vmi = store.get(VMIS, namespace, name);
  if (!vmi || vmi.metadata.annotations?.[PIN_ANNOTATION]) return;
  const status = vmiStatus(vmi);
  if (vmi.metadata.deletionTimestamp) {
    refusals.delete(vmi.metadata.uid!);
    shutDown(store, vmi);
    return;
  }
  switch (status.phase ?? '') {
    case '':
      store.update(VMIS, withPhase(vmi, 'Pending'));
      return;
    case 'Pending':
      return createLauncherPod(store, vmi);
    case 'Scheduling':
      return schedule(store, vmi);
    case 'Scheduled':
      boot(store, vmi);
      return;
    case 'Running':
      if (!connectAgent(store, vmi)) reconcileHotplug(store, vmi);
      return;
    default:
      return;
  }
}

function shutDown(store: Store, vmi: KubeObject): void {
  if (!isFinal(vmi)) {
    const conditions = withCondition(withoutCondition(withoutCondition(vmiStatus(vmi).conditions, 'AgentConnected'), 'Paused'), { type: 'Ready', status: 'False', reason: 'PodTerminating' });
    store.update(VMIS, withPhase(vmi, 'Succeeded', { conditions }));
    for (const pod of launcherPods(store, vmi)) store.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
    if (vmiStatus(vmi).phase === 'Running') {
      recordEvent(store, vmi, { reason: 'Stopped', message: 'The VirtualMachineInstance was shut down.', component: 'virt-handler', host: vmiStatus(vmi).nodeName });
    }
    return;
  }
  store.update(VMIS, { ...vmi, metadata: { ...vmi.metadata, finalizers: (vmi.metadata.finalizers ?? []).filter((f) => f !== VMI_FINALIZER) } });
}

function createLauncherPod(store: Store, vmi: KubeObject): number | undefined {
  const refused = refusals.get(vmi.metadata.uid!);
  if (refused && refused.retryAt > Date.now()) return refused.retryAt - Date.now();
  const missing = (vmiSpecOf(vmi).volumes ?? []).find((v) => v.persistentVolumeClaim && !store.get(PVCS, vmi.metadata.namespace, v.persistentVolumeClaim.claimName));
  if (missing) {
    const message = `PVC ${vmi.metadata.namespace}/${missing.persistentVolumeClaim!.claimName} does not exist, waiting for it to appear`;
    const conditions = withCondition(vmiStatus(vmi).conditions, { type: 'Synchronized', status: 'False', reason: 'FailedPvcNotFound', message });
    if (JSON.stringify(conditions) !== JSON.stringify(vmiStatus(vmi).conditions)) store.update(VMIS, { ...vmi, status: { ...vmiStatus(vmi), conditions } });
    return;
  }
  const pod = store.create(PODS, launcherPodFor(vmi));
  // A FailedCreate stays until a pod is scheduled: the server may refuse this one too.
  const conditions = vmiStatus(vmi).conditions?.find((c) => c.type === 'Synchronized')?.reason === FAILED_CREATE ? vmiStatus(vmi).conditions : withoutCondition(vmiStatus(vmi).conditions, 'Synchronized');
  store.update(VMIS, withPhase(vmi, 'Scheduling', { conditions }));
  recordEvent(store, vmi, { reason: 'SuccessfulCreate', message: `Created virtual machine pod ${pod.metadata.name}`, component: CONTROLLER });
}

/** Binds the launcher pod to a node; returns when to look again while the server has not admitted the pod yet. */
function schedule(store: Store, vmi: KubeObject): number | undefined {
  const pod = launcherPods(store, vmi)[0];
  if (!pod) return void store.update(VMIS, withPhase(vmi, 'Pending'));
  // A scheduler only sees pods the API server admitted; one it refuses comes back as FailedCreate.
  if (!store.held(pod)) return HELD_POLL_MS;
  const placement = pickNode(store, (pod.spec as { nodeSelector?: Record<string, string> }).nodeSelector);
  if (!placement.node) {
    const message = placement.reason!;
    const conditions = withCondition(vmiStatus(vmi).conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message });
    if (JSON.stringify(conditions) === JSON.stringify(vmiStatus(vmi).conditions)) return;
    store.update(PODS, { ...pod, status: unschedulableStatus(pod, message) });
    store.update(VMIS, { ...vmi, status: { ...vmiStatus(vmi), conditions } });
    recordEvent(store, pod, { reason: 'FailedScheduling', message, type: 'Warning', component: 'default-scheduler' });
    return;
  }
  const node = placement.node;
  const scheduled = { ...pod, spec: { ...(pod.spec as object), nodeName: node } };
  store.update(PODS, { ...scheduled, status: scheduledStatus(scheduled) });
  recordEvent(store, pod, { reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`, component: 'default-scheduler' });
  refusals.delete(vmi.metadata.uid!);
  const conditions = withoutCondition(withoutCondition(vmiStatus(vmi).conditions, 'PodScheduled'), 'Synchronized');
  store.update(VMIS, withPhase(withNodeLabel(vmi, node), 'Scheduled', { nodeName: node, conditions }));
}

function boot(store: Store, vmi: KubeObject): void {
  const pod = launcherPods(store, vmi)[0];
  const node = vmiStatus(vmi).nodeName;
  if (!pod || !node) return void store.update(VMIS, withPhase(vmi, 'Pending'));
  const ip = assignPodIp(store, node);
  const running = store.update(PODS, { ...pod, status: runningStatus(store, pod, ip) });
  const status = runningVmiStatus(vmi, node, ip, running.metadata.uid);
  store.update(VMIS, { ...vmi, status });
  recordEvent(store, vmi, { reason: 'Started', message: 'VirtualMachineInstance started.', component: 'virt-handler', host: node });
}

/** A step after boot the guest agent connects (AgentConnected, guestOSInfo, guest-reported interfaces); true if it did. */
function connectAgent(store: Store, vmi: KubeObject): boolean {
  const status = vmiStatus(vmi);
  if (isTrue(status.conditions, 'AgentConnected') || isMigrating(vmi) || !hasGuestAgent(vmi)) return false;
  const ip = status.interfaces?.[0]?.ipAddress;
  store.update(VMIS, {
    ...vmi,
    status: {
      ...status,
      conditions: withCondition(status.conditions, { type: 'AgentConnected', status: 'True' }),
      guestOSInfo: guestOsFor(vmi),
      ...(ip ? { interfaces: interfacesFor(vmi, ip, true) } : {}),
    },
  });
  return true;
}

/**
 * The API refused the launcher pod of a VMI (a real control plane's admission: a LimitRange whose default limit is
 * below the pod's request, a quota): the VMI goes back to Pending with `Synchronized=False` reason FailedCreate and
 * the server's message, a Warning event says so, and the next pod waits 1 s, 2 s, 4 s… up to 5 minutes.
 */
export function launcherPodRefused(store: Store, pod: KubeObject, message: string): void {
  const [vmi] = store.list(VMIS, pod.metadata.namespace, (v) => v.metadata.uid === pod.metadata.labels?.[LABEL_CREATED_BY]);
  if (!vmi || vmi.metadata.deletionTimestamp || !['Pending', 'Scheduling'].includes(vmiStatus(vmi).phase ?? '')) return;
  const count = (refusals.get(vmi.metadata.uid!)?.count ?? 0) + 1;
  refusals.set(vmi.metadata.uid!, { count, retryAt: Date.now() + Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (count - 1)) });
  const conditions = withCondition(vmiStatus(vmi).conditions, { type: 'Synchronized', status: 'False', reason: FAILED_CREATE, message });
  store.update(VMIS, withPhase(vmi, 'Pending', { conditions }));
  recordEvent(store, vmi, { reason: FAILED_CREATE, message: `Error creating pod: ${message}`, type: 'Warning', component: CONTROLLER });
}

/** A launcher pod vanished under a running VMI (not by migration): the VMI fails, as when virt-launcher dies. */
export function failIfPodLost(store: Store, namespace: string, name: string): void {
  const vmi = store.get(VMIS, namespace, name);
  if (!vmi || vmi.metadata.deletionTimestamp || vmiStatus(vmi).phase !== 'Running' || isMigrating(vmi)) return;
  if (vmi.metadata.annotations?.[PIN_ANNOTATION] || launcherPods(store, vmi).length) return;
  const conditions = withCondition(vmiStatus(vmi).conditions, { type: 'Ready', status: 'False', reason: 'PodTerminating', message: 'virt-launcher pod has been deleted' });
  store.update(VMIS, withPhase(vmi, 'Failed', { conditions: withoutCondition(conditions, 'AgentConnected'), reason: 'PodDeleted' }));
  recordEvent(store, vmi, { reason: 'Stopped', message: 'The VirtualMachineInstance crashed.', type: 'Warning', component: 'virt-handler', host: vmiStatus(vmi).nodeName });
}
