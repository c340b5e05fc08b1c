// Live migration: a VirtualMachineInstanceMigration walks its phases while a target virt-launcher pod starts on
// another node; at the end the VMI runs there and the source pod goes away.
import type { KubeObject, Store } from '../store';
import { recordEvent } from '../common/events';
import { nodeAddress, runningStatus, scheduledStatus, unschedulableStatus } from '../common/pod-status';
import { assignPodIp, pickNode } from '../common/scheduling';
import { timestamp } from '../common/time';
import { interfacesFor, launcherPodFor, withNodeLabel } from './builders';
import { KUBEVIRTS, LABEL_MIGRATION_UID, LABEL_MIGRATION_VMI, MIGRATIONS, PIN_ANNOTATION, PODS, VMIS } from './keys';
import { isFinal, vmiStatus, type MigrationState } from './status-types';
import { launcherPods } from './vmi-controller';

type MigrationSpec = { vmiName?: string; addedNodeSelector?: Record<string, string> };
type MigrationStatus = { phase?: string; phaseTransitionTimestamps?: { phase: string; phaseTransitionTimestamp: string }[]; migrationState?: MigrationState };

const COMPONENT = 'migration-controller';

export function migrationFor(namespace: string, vmiName: string, addedNodeSelector?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceMigration',
    metadata: { generateName: 'kubevirt-migrate-vm-', namespace },
    spec: { vmiName, ...(addedNodeSelector ? { addedNodeSelector } : {}) },
  };
}

export function reconcileMigration(store: Store, namespace: string, name: string): void {
  const migration = store.get(MIGRATIONS, namespace, name);
  if (!migration || migration.metadata.annotations?.[PIN_ANNOTATION]) return;
  const spec = (migration.spec ?? {}) as MigrationSpec;
  const status = (migration.status ?? {}) as MigrationStatus;
  if (['Succeeded', 'Failed'].includes(status.phase ?? '')) return;
  const vmi = spec.vmiName ? store.get(VMIS, namespace, spec.vmiName) : undefined;
  // The migration's status.migrationState mirrors the VMI's, as virt-controller keeps it.
  const setPhase = (phase: string, state?: MigrationState) => {
    const transitions = [...(status.phaseTransitionTimestamps ?? []), { phase, phaseTransitionTimestamp: timestamp() }];
    const labels = { ...migration.metadata.labels, [LABEL_MIGRATION_VMI]: spec.vmiName ?? '' };
    const current = spec.vmiName ? store.get(VMIS, namespace, spec.vmiName) : undefined;
    const mirrored = state ?? (current && vmiStatus(current).migrationState?.migrationUid === migration.metadata.uid ? vmiStatus(current).migrationState : undefined);
    store.update(MIGRATIONS, { ...migration, metadata: { ...migration.metadata, labels }, status: { ...status, phase, phaseTransitionTimestamps: transitions, ...(mirrored ? { migrationState: mirrored } : {}) } });
  };
  const uid = migration.metadata.uid!;
  const state = vmi && vmiStatus(vmi).migrationState?.migrationUid === uid ? vmiStatus(vmi).migrationState! : undefined;
  const setState = (next: MigrationState, extra: Record<string, unknown> = {}) =>
    store.update(VMIS, { ...vmi!, ...extra, status: { ...vmiStatus(vmi!), ...(extra.status as object), migrationState: next } });
  if (!vmi || vmi.metadata.deletionTimestamp || isFinal(vmi) || (status.phase && status.phase !== 'Pending' && !state)) {
    return fail(store, migration, vmi, state, setPhase);
  }
  const target = launcherPods(store, vmi).find((p) => p.metadata.labels?.[LABEL_MIGRATION_UID] === uid);
  switch (status.phase ?? '') {
    case '':
      return setPhase('Pending');
    case 'Pending': {
      const source = launcherPods(store, vmi).find((p) => (p.spec as { nodeName?: string }).nodeName === vmiStatus(vmi).nodeName);
      const pod = store.create(PODS, launcherPodFor(vmi, uid));
      setState({ migrationUid: uid, sourceNode: vmiStatus(vmi).nodeName, sourcePod: source?.metadata.name, targetPod: pod.metadata.name, mode: 'PreCopy' });
      recordEvent(store, vmi, { reason: 'SuccessfulCreate', message: `Created migration target pod ${pod.metadata.name}`, component: COMPONENT });
      return setPhase('Scheduling');
    }
    case 'Scheduling': {
      if (!target) return fail(store, migration, vmi, state, setPhase);
      const selector = { ...(target.spec as { nodeSelector?: Record<string, string> }).nodeSelector, ...spec.addedNodeSelector };
      const placement = pickNode(store, selector, vmiStatus(vmi).nodeName);
      if (!placement.node) {
        if (!(target.status as { conditions?: unknown[] } | undefined)?.conditions) store.update(PODS, { ...target, status: unschedulableStatus(target, placement.reason!) });
        return;
      }
      const scheduled = { ...target, spec: { ...(target.spec as object), nodeName: placement.node } };
      store.update(PODS, { ...scheduled, status: scheduledStatus(scheduled) });
      setState({ ...state!, targetNode: placement.node });
      return setPhase('Scheduled');
    }
    case 'Scheduled': {
      if (!target) return fail(store, migration, vmi, state, setPhase);
      store.update(PODS, { ...target, status: runningStatus(store, target, assignPodIp(store, state!.targetNode!)) });
      setState({ ...state!, targetNodeAddress: nodeAddress(store, state!.targetNode!) });
      return setPhase('PreparingTarget');
    }
    case 'PreparingTarget':
      return setPhase('TargetReady');
    case 'TargetReady':
      setState({ ...state!, startTimestamp: timestamp(), targetNodeDomainDetected: true, targetNodeDomainReadyTimestamp: timestamp() });
      return setPhase('Running');
    case 'Running':
      // With post-copy allowed, a migration that has not converged switches to it before completing.
      if (state!.mode === 'PreCopy' && postCopyAllowed(store)) {
        setState({ ...state!, mode: 'PostCopy' });
        return void store.update(MIGRATIONS, { ...migration, status: { ...status, migrationState: { ...state!, mode: 'PostCopy' } } });
      }
      return complete(store, vmi, target, state!, setPhase);
    default:
      return;
  }
}

/** `spec.configuration.migrations.allowPostCopy` of the KubeVirt CR. */
function postCopyAllowed(store: Store): boolean {
  const kubevirt = store.list(KUBEVIRTS)[0];
  return (kubevirt?.spec as { configuration?: { migrations?: { allowPostCopy?: boolean } } } | undefined)?.configuration?.migrations?.allowPostCopy === true;
}

function complete(store: Store, vmi: KubeObject, target: KubeObject | undefined, state: MigrationState, setPhase: (phase: string, state?: MigrationState) => void): void {
  const node = state.targetNode!;
  const ip = (target?.status as { podIP?: string } | undefined)?.podIP ?? '';
  const done = { ...state, completed: true, endTimestamp: timestamp() };
  const moved = withNodeLabel(vmi, node);
  const status = vmiStatus(vmi);
  const agent = (status.conditions ?? []).some((c) => c.type === 'AgentConnected' && c.status === 'True');
  store.update(VMIS, { ...moved, status: { ...status, nodeName: node, interfaces: interfacesFor(vmi, ip, agent), activePods: target ? { [target.metadata.uid!]: node } : {}, migrationState: done } });
  for (const pod of launcherPods(store, vmi)) if (pod.metadata.name !== target?.metadata.name) store.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
  recordEvent(store, vmi, { reason: 'Migrated', message: `The VirtualMachineInstance migrated to node ${node}.`, component: 'virt-handler', host: state.sourceNode });
  setPhase('Succeeded', done);
}

function fail(store: Store, migration: KubeObject, vmi: KubeObject | undefined, state: MigrationState | undefined, setPhase: (phase: string, state?: MigrationState) => void): void {
  if (vmi && state) {
    for (const pod of launcherPods(store, vmi)) if (pod.metadata.name === state.targetPod) store.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
    const current = store.get(VMIS, vmi.metadata.namespace, vmi.metadata.name!);
    if (current) store.update(VMIS, { ...current, status: { ...vmiStatus(current), migrationState: { ...state, failed: true, completed: false, endTimestamp: timestamp(), failureReason: 'Live migration failed: the target virt-launcher pod went away' } } });
  }
  recordEvent(store, migration, { reason: 'FailedMigration', message: vmi ? 'VMI migration failed' : `VMI ${(migration.spec as MigrationSpec).vmiName} not found`, type: 'Warning', component: COMPONENT });
  setPhase('Failed');
}
