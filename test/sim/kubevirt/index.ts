// KubeVirt in the simulator: admission, virt-api subresources, the serial console, VNC and port-forward, the guest
// agent, and the controllers that drive VMs, VMIs, virt-launcher pods, migrations, DataVolumes, hotplugged volumes,
// snapshots, restores and clones.
import type { Change } from '../store';
import type { ClusterHooks } from '../types';
import { WorkQueue, splitKey } from '../common/queue';
import { installAdmission } from './admission';
import { installConsole } from './console';
import { reconcileDataVolume } from './datavolumes';
import { reconcileClone } from './clones';
import { installGuestAgent } from './guest-agent';
import { installHotplug } from './hotplug';
import { HOTPLUG_POD_LABEL, OWNER_VMI_NAME } from './hotplug-status';
import { CLONES, DATAVOLUMES, LABEL_CREATED_BY, LABEL_VMI_ID, MIGRATIONS, PODS, PVCS, RESTORES, SNAPSHOT_CONTENTS, SNAPSHOTS, VMIS, VMS } from './keys';
import { reconcileMigration } from './migration';
import { abortDeletedMigration } from './migration-abort';
import { installPortForward } from './portforward';
import { reconcileRestore } from './restores';
import { vmSpec } from './run-strategy';
import { reconcileSnapshot, reconcileSnapshotContent } from './snapshots';
import { installStorageAdmission } from './storage-admission';
import { installSubresources } from './subresources';
import { installVnc } from './vnc';
import { reconcileVm } from './vm-controller';
import { failIfPodLost, reconcileVmi } from './vmi-controller';

export { PIN_ANNOTATION } from './keys';

export function installKubeVirt(hooks: ClusterHooks): () => void {
  const { store, stepDelayMs } = hooks;
  installAdmission(hooks);
  installStorageAdmission(hooks);
  installSubresources(hooks);
  installHotplug(hooks);
  installGuestAgent(hooks);
  const closers = [installConsole(hooks), installVnc(hooks), installPortForward(hooks)];

  const onError = (key: string, error: unknown) => console.error(`kubevirt controller ${key}:`, error);
  const queue = (work: (ns: string, name: string) => void) => new WorkQueue((key) => work(...splitKey(key)), onError);
  const vms = queue((ns, name) => reconcileVm(store, ns, name));
  const lostPods = queue((ns, name) => failIfPodLost(store, ns, name));
  const migrations = queue((ns, name) => reconcileMigration(store, ns, name));
  const aborts = queue((ns, vmiName) => abortDeletedMigration(store, ns, vmiName));
  const dataVolumes = queue((ns, name) => reconcileDataVolume(store, ns, name));
  const contents = queue((ns, name) => reconcileSnapshotContent(store, ns, name));
  /** VMIs (a refused launcher pod's retry), snapshots, restores and clones also wake up at a deadline they name. */
  const timed = (work: (ns: string, name: string) => number | undefined) => {
    const q: WorkQueue = new WorkQueue((k) => {
      const again = work(...splitKey(k));
      if (again !== undefined) q.enqueue(k, again);
    }, onError);
    return q;
  };
  const vmis = timed((ns, name) => reconcileVmi(store, ns, name));
  const snapshots = timed((ns, name) => reconcileSnapshot(store, ns, name));
  const restores = timed((ns, name) => reconcileRestore(store, ns, name));
  const clones = timed((ns, name) => reconcileClone(store, ns, name));
  const queues = [vms, vmis, lostPods, migrations, aborts, dataVolumes, contents, clones, snapshots, restores];

  const key = (ns: string | undefined, name: string | undefined) => `${ns ?? ''}/${name ?? ''}`;
  /** Snapshots, restores and clones of a namespace look again when VMs, VMIs or volumes there change. */
  const storageWork = (namespace: string | undefined) => {
    for (const [resource, q] of [[SNAPSHOTS, snapshots], [RESTORES, restores], [CLONES, clones]] as const) {
      for (const o of store.scan(resource, namespace)) q.enqueue(key(namespace, o.metadata.name), stepDelayMs);
    }
  };
  /** A VM's own changes pace its steps; changes of what it depends on only refresh its status, at once. */
  const onChange = (change: Change) => {
    const { metadata } = change.object;
    const here = key(metadata.namespace, metadata.name);
    switch (change.resource) {
      case VMS:
        storageWork(metadata.namespace);
        return vms.enqueue(here, stepDelayMs);
      case VMIS:
        vms.enqueue(here, 0);
        storageWork(metadata.namespace);
        return change.type !== 'DELETED' && vmis.enqueue(here, stepDelayMs);
      case SNAPSHOTS:
        for (const owner of metadata.ownerReferences ?? []) if (owner.kind === 'VirtualMachineClone') clones.enqueue(key(metadata.namespace, owner.name), stepDelayMs);
        storageWork(metadata.namespace);
        return snapshots.enqueue(here, stepDelayMs);
      case SNAPSHOT_CONTENTS:
        snapshots.enqueue(key(metadata.namespace, (change.object.spec as { virtualMachineSnapshotName?: string } | undefined)?.virtualMachineSnapshotName), stepDelayMs);
        return change.type !== 'DELETED' && contents.enqueue(here, stepDelayMs);
      case RESTORES:
        for (const owner of metadata.ownerReferences ?? []) if (owner.kind === 'VirtualMachineClone') clones.enqueue(key(metadata.namespace, owner.name), stepDelayMs);
        return change.type !== 'DELETED' && restores.enqueue(here, stepDelayMs);
      case CLONES:
        return change.type !== 'DELETED' && clones.enqueue(here, stepDelayMs);
      case MIGRATIONS:
        if (change.type === 'DELETED') return aborts.enqueue(key(metadata.namespace, (change.object.spec as { vmiName?: string } | undefined)?.vmiName), 0);
        return migrations.enqueue(here, stepDelayMs);
      case DATAVOLUMES:
      case PVCS:
        storageWork(metadata.namespace);
        if (change.resource === DATAVOLUMES && change.type !== 'DELETED') dataVolumes.enqueue(here, stepDelayMs);
        for (const owner of metadata.ownerReferences ?? []) if (owner.kind === 'VirtualMachine') vms.enqueue(key(metadata.namespace, owner.name), 0);
        return enqueueVmsUsingClaim(metadata.namespace, metadata.name);
      case PODS: {
        // A hotplug attachment pod that starts or goes moves its VMI's volumes on.
        if (metadata.labels?.['kubevirt.io'] === HOTPLUG_POD_LABEL) return vmis.enqueue(key(metadata.namespace, metadata.annotations?.[OWNER_VMI_NAME]), stepDelayMs);
        const vmi = metadata.labels?.[LABEL_VMI_ID];
        if (change.type === 'DELETED' && vmi && metadata.labels?.[LABEL_CREATED_BY]) lostPods.enqueue(key(metadata.namespace, vmi), stepDelayMs);
        return;
      }
      case 'nodes':
        // A new or relabelled node may take a VMI that could not be scheduled.
        for (const vmi of store.scan(VMIS)) if (vmi.status && (vmi.status as { phase?: string }).phase === 'Scheduling') vmis.enqueue(key(vmi.metadata.namespace, vmi.metadata.name), stepDelayMs);
        return;
      default:
        return;
    }
  };
  /** VMs whose volumes name the PVC or DataVolume (DataVolume volumes use the PVC of the same name). */
  const enqueueVmsUsingClaim = (namespace: string | undefined, claim: string | undefined) => {
    for (const vm of store.scan(VMS, namespace)) {
      const volumes = vmSpec(vm).template?.spec?.volumes ?? [];
      if (volumes.some((v) => v.persistentVolumeClaim?.claimName === claim || v.dataVolume?.name === claim)) vms.enqueue(key(namespace, vm.metadata.name), 0);
    }
  };
  const unsubscribe = store.subscribe(onChange);

  // Objects stored before installation (a scenario) get one look each.
  for (const vm of store.scan(VMS)) vms.enqueue(key(vm.metadata.namespace, vm.metadata.name), stepDelayMs);
  for (const vmi of store.scan(VMIS)) vmis.enqueue(key(vmi.metadata.namespace, vmi.metadata.name), stepDelayMs);
  for (const m of store.scan(MIGRATIONS)) migrations.enqueue(key(m.metadata.namespace, m.metadata.name), stepDelayMs);
  for (const dv of store.scan(DATAVOLUMES)) dataVolumes.enqueue(key(dv.metadata.namespace, dv.metadata.name), stepDelayMs);
  for (const [resource, q] of [[SNAPSHOTS, snapshots], [SNAPSHOT_CONTENTS, contents], [RESTORES, restores], [CLONES, clones]] as const) {
    for (const o of store.scan(resource)) q.enqueue(key(o.metadata.namespace, o.metadata.name), stepDelayMs);
  }

  return () => {
    unsubscribe();
    for (const q of queues) q.dispose();
    for (const close of closers) close();
  };
}
