// virt-controller's clone controller (KubeVirt pkg/virt-controller/watch/clone): a VirtualMachineClone of a VM takes a
// temporary snapshot (`tmp-snapshot-<clone uid>`), restores it to the target name with JSON patches that apply the
// label and annotation filters and the new MAC addresses (`tmp-restore-<clone uid>`), waits for the target VM and its
// PVCs, then deletes the temporary snapshot and restore. Phases as KubeVirt's code moves them: SnapshotInProgress →
// RestoreInProgress → CreatingTargetVM → Succeeded (Failed when the snapshot content is unusable). A clone whose
// target VM was deleted after it succeeded is deleted too.
import { HELD_POLL_MS, type KubeObject, type Store } from '../store';
import { withCondition, type Condition } from '../common/conditions';
import { recordEvent } from '../common/events';
import { timestamp } from '../common/time';
import { CLONES, PVCS, RESTORES, SNAPSHOTS, VMS } from './keys';
import { restoreStatus } from './restores';
import { vmSpec } from './run-strategy';
import { snapshotStatus } from './snapshots';

type Reference = { apiGroup?: string; kind?: string; name?: string };
type CloneSpec = {
  source?: Reference; target?: Reference; labelFilters?: string[]; annotationFilters?: string[];
  template?: { labelFilters?: string[]; annotationFilters?: string[] }; newMacAddresses?: Record<string, string>; newSMBiosSerial?: string;
  patches?: string[]; volumeNamePolicy?: string;
};
export type CloneStatus = { phase?: string; creationTime?: string; conditions?: Condition[]; snapshotName?: string; restoreName?: string; targetName?: string };

const COMPONENT = 'clone-controller';
const cloneSpec = (c: KubeObject) => (c.spec ?? {}) as CloneSpec;
export const cloneStatus = (c: KubeObject) => (c.status ?? {}) as CloneStatus;

const ownerOf = (clone: KubeObject) => [{ apiVersion: 'clone.kubevirt.io/v1beta1', kind: 'VirtualMachineClone', name: clone.metadata.name!, uid: clone.metadata.uid!, controller: true, blockOwnerDeletion: true }];

/** Remove patches for the keys a filter list does not keep (negations win; `*` alone means everything). */
function filterPatches(map: Record<string, string> | undefined, filters: string[] | undefined, base: string): string[] {
  if (!filters || !map) return [];
  const regular = filters.filter((f) => !f.startsWith('!')).map((f) => (f === '*' ? '.*' : f));
  const negated = filters.filter((f) => f.startsWith('!')).map((f) => f.slice(1));
  const matches = (pattern: string, key: string) => {
    try {
      return new RegExp(pattern).test(key);
    } catch {
      return false;
    }
  };
  return Object.keys(map)
    .filter((key) => !(regular.some((r) => matches(r, key)) && !negated.some((n) => matches(n, key))))
    .map((key) => JSON.stringify({ op: 'remove', path: `${base}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}` }));
}

/** generatePatches: new MAC addresses (empty = assigned later), SMBIOS serial and firmware UUID reset, filters. */
export function clonePatches(source: KubeObject, spec: CloneSpec): string[] {
  const vmSpecOf = vmSpec(source);
  const domain = (vmSpecOf.template?.spec?.domain ?? {}) as { devices?: { interfaces?: { name: string }[] }; firmware?: unknown };
  const patches = (domain.devices?.interfaces ?? []).map((iface, i) =>
    JSON.stringify({ op: 'replace', path: `/spec/template/spec/domain/devices/interfaces/${i}/macAddress`, value: spec.newMacAddresses?.[iface.name] ?? '' }));
  if (domain.firmware) patches.push(JSON.stringify({ op: 'replace', path: '/spec/template/spec/domain/firmware/serial', value: spec.newSMBiosSerial ?? '' }));
  const annotations = { ...source.metadata.annotations };
  delete annotations['restore.kubevirt.io/lastRestoreUID'];
  const template = vmSpecOf.template?.metadata;
  patches.push(
    ...filterPatches(source.metadata.labels, spec.labelFilters, '/metadata/labels'),
    ...filterPatches(annotations, spec.annotationFilters, '/metadata/annotations'),
    ...filterPatches(template?.labels, spec.template?.labelFilters, '/spec/template/metadata/labels'),
    ...filterPatches(template?.annotations, spec.template?.annotationFilters, '/spec/template/metadata/annotations'),
  );
  if (domain.firmware) patches.push(JSON.stringify({ op: 'replace', path: '/spec/template/spec/domain/firmware/uuid', value: '' }));
  return [...patches, ...(spec.patches ?? [])];
}

/** One step for the clone; returns in how many milliseconds to look again (a target VM the server has not confirmed), if at all. */
export function reconcileClone(store: Store, namespace: string, name: string): number | undefined {
  const clone = store.get(CLONES, namespace, name);
  if (!clone || clone.metadata.deletionTimestamp) return;
  const spec = cloneSpec(clone);
  const status = cloneStatus(clone);
  const event = (reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal') => recordEvent(store, clone, { reason, message, type, component: COMPONENT });
  const write = (next: CloneStatus): undefined => {
    const fresh = JSON.parse(JSON.stringify(next)) as CloneStatus;
    if (JSON.stringify(fresh) !== JSON.stringify(clone.status ?? null)) store.update(CLONES, { ...clone, status: fresh });
    return undefined;
  };
  const conditions = (progressing: ['True' | 'False', string], ready: ['True' | 'False', string]) =>
    withCondition(withCondition(status.conditions, { type: 'Progressing', status: progressing[0], reason: progressing[1] }), { type: 'Ready', status: ready[0], reason: ready[1] });
  const processing = () => conditions(['True', 'Still processing'], ['False', 'Still processing']);

  if (status.phase === 'Succeeded') {
    if (status.targetName && !store.get(VMS, namespace, status.targetName)) store.delete(CLONES, namespace, name);
    else if (status.restoreName || status.snapshotName) cleanUp(store, clone, status, event);
    return;
  }
  if (status.phase === 'Failed') return;

  // The source: a VM (snapshotted first) or an existing snapshot.
  const sourceKind = spec.source?.kind;
  const source = sourceKind === 'VirtualMachine' ? store.get(VMS, namespace, spec.source?.name ?? '') : store.get(SNAPSHOTS, namespace, spec.source?.name ?? '');
  if (!source) {
    const reason = `Source doesnt exist: ${sourceKind} ${namespace}/${spec.source?.name}`;
    if (status.conditions?.find((c) => c.type === 'Ready')?.reason !== reason) event('SourceDoesNotExist', reason);
    return write({ ...status, conditions: conditions(['False', 'Pending'], ['False', reason]) });
  }
  const snapshotName = sourceKind === 'VirtualMachineSnapshot' ? source.metadata.name! : status.snapshotName ?? `tmp-snapshot-${clone.metadata.uid}`;
  switch (status.phase ?? '') {
    case '':
    case 'SnapshotInProgress': {
      if (sourceKind === 'VirtualMachine' && !status.snapshotName) {
        if (!store.get(SNAPSHOTS, namespace, snapshotName)) {
          store.create(SNAPSHOTS, {
            apiVersion: 'snapshot.kubevirt.io/v1beta1', kind: 'VirtualMachineSnapshot',
            metadata: { name: snapshotName, namespace, ownerReferences: ownerOf(clone) },
            spec: { source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: source.metadata.name } },
          });
          event('SnapshotCreated', `created snapshot ${snapshotName} for clone ${name}`);
        }
        return write({ ...status, phase: 'SnapshotInProgress', snapshotName, creationTime: status.creationTime ?? timestamp(), conditions: processing() });
      }
      const snapshot = store.get(SNAPSHOTS, namespace, snapshotName);
      if (!snapshot || !snapshotStatus(snapshot).readyToUse) return write({ ...status, phase: 'SnapshotInProgress', conditions: processing() });
      event('SnapshotReady', `snapshot ${snapshotName} for clone ${name} is ready to use`);
      return write({ ...status, phase: 'RestoreInProgress', conditions: processing() });
    }
    case 'RestoreInProgress': {
      const restoreName = status.restoreName ?? `tmp-restore-${clone.metadata.uid}`;
      if (!status.restoreName) {
        const snapshot = store.get(SNAPSHOTS, namespace, snapshotName);
        const sourceVm = sourceKind === 'VirtualMachine' ? source : snapshotVm(store, snapshot);
        if (!snapshot || !sourceVm) {
          event('SnapshotDeleted', `snapshot ${snapshotName} does not exist anymore`, 'Warning');
          return write({ ...status, phase: 'Failed', conditions: conditions(['False', 'Failed'], ['False', `snapshot ${snapshotName} does not exist anymore`]) });
        }
        const target = { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: spec.target?.name ?? `${source.metadata.name}-clone` };
        if (!store.get(RESTORES, namespace, restoreName)) {
          store.create(RESTORES, {
            apiVersion: 'snapshot.kubevirt.io/v1beta1', kind: 'VirtualMachineRestore',
            metadata: { name: restoreName, namespace, ownerReferences: ownerOf(clone) },
            spec: { target, virtualMachineSnapshotName: snapshotName, patches: clonePatches(sourceVm, spec), ...(spec.volumeNamePolicy ? { volumeRestorePolicy: spec.volumeNamePolicy } : {}) },
          });
          event('RestoreCreated', `created restore ${restoreName} for clone ${name}`);
        }
        return write({ ...status, restoreName, targetName: target.name, conditions: processing() });
      }
      const restore = store.get(RESTORES, namespace, restoreName);
      if (!restore || !restoreStatus(restore).complete) return write({ ...status, conditions: processing() });
      event('RestoreReady', `restore ${restoreName} for clone ${name} is ready to use`);
      return write({ ...status, phase: 'CreatingTargetVM', conditions: processing() });
    }
    case 'CreatingTargetVM': {
      const target = status.targetName ? store.get(VMS, namespace, status.targetName) : undefined;
      if (!target) return write({ ...status, conditions: processing() });
      // The target VM counts once the API server holds it (virt-controller creates it through the API).
      if (!store.held(target)) return HELD_POLL_MS;
      event('TargetVMCreated', `created target VM ${status.targetName} for clone ${name}`);
      return write({ ...status, phase: 'Succeeded', conditions: conditions(['False', 'Ready'], ['True', 'Ready']) });
    }
    default:
      return;
  }
}

/** After success: once every restored PVC is bound, the temporary restore and snapshot go. */
function cleanUp(store: Store, clone: KubeObject, status: CloneStatus, event: (reason: string, message: string) => void): void {
  const namespace = clone.metadata.namespace;
  const restore = status.restoreName ? store.get(RESTORES, namespace, status.restoreName) : undefined;
  const claims = (restore ? restoreStatus(restore).restores ?? [] : []).map((r) => store.get(PVCS, namespace, r.persistentVolumeClaim));
  if (claims.some((pvc) => (pvc?.status as { phase?: string } | undefined)?.phase !== 'Bound')) return;
  event('PVCBound', `all PVC for clone ${clone.metadata.name} are bound`);
  if (restore) store.delete(RESTORES, namespace, restore.metadata.name!);
  if (status.snapshotName && (cloneSpec(clone).source?.kind === 'VirtualMachine') && store.get(SNAPSHOTS, namespace, status.snapshotName)) store.delete(SNAPSHOTS, namespace, status.snapshotName);
  const next = { ...status };
  delete next.snapshotName;
  delete next.restoreName;
  store.update(CLONES, { ...clone, status: next });
}

/** The VM a snapshot recorded, from its content. */
function snapshotVm(store: Store, snapshot: KubeObject | undefined): KubeObject | undefined {
  const contentName = snapshot && snapshotStatus(snapshot).virtualMachineSnapshotContentName;
  const content = contentName ? store.get('virtualmachinesnapshotcontents.snapshot.kubevirt.io', snapshot!.metadata.namespace, contentName) : undefined;
  return (content?.spec as { source?: { virtualMachine?: KubeObject } } | undefined)?.source?.virtualMachine;
}
