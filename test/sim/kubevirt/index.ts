// KubeVirt in the simulator: admission, virt-api subresources, the serial console, and the controllers that
// drive VMs, VMIs, virt-launcher pods, migrations and DataVolumes.
import type { Change } from '../store';
import type { ClusterHooks } from '../types';
import { WorkQueue, splitKey } from '../common/queue';
import { installAdmission } from './admission';
import { installConsole } from './console';
import { reconcileDataVolume } from './datavolumes';
import { DATAVOLUMES, LABEL_CREATED_BY, LABEL_VMI_ID, MIGRATIONS, PODS, PVCS, VMIS, VMS } from './keys';
import { reconcileMigration } from './migration';
import { abortDeletedMigration } from './migration-abort';
import { installSubresources } from './subresources';
import { reconcileVm } from './vm-controller';
import { failIfPodLost, reconcileVmi } from './vmi-controller';

export { PIN_ANNOTATION } from './keys';

export function installKubeVirt(hooks: ClusterHooks): () => void {
  const { store, stepDelayMs } = hooks;
  installAdmission(hooks);
  installSubresources(hooks);
  const closeConsoles = installConsole(hooks);

  const onError = (key: string, error: unknown) => console.error(`kubevirt controller ${key}:`, error);
  const queue = (work: (ns: string, name: string) => void) => new WorkQueue((key) => work(...splitKey(key)), onError);
  const vms = queue((ns, name) => reconcileVm(store, ns, name));
  const vmis = queue((ns, name) => reconcileVmi(store, ns, name));
  const lostPods = queue((ns, name) => failIfPodLost(store, ns, name));
  const migrations = queue((ns, name) => reconcileMigration(store, ns, name));
  const aborts = queue((ns, vmiName) => abortDeletedMigration(store, ns, vmiName));
  const dataVolumes = queue((ns, name) => reconcileDataVolume(store, ns, name));
  const queues = [vms, vmis, lostPods, migrations, aborts, dataVolumes];

  const key = (ns: string | undefined, name: string | undefined) => `${ns ?? ''}/${name ?? ''}`;
  /** A VM's own changes pace its steps; changes of what it depends on only refresh its status, at once. */
  const onChange = (change: Change) => {
    const { metadata } = change.object;
    const here = key(metadata.namespace, metadata.name);
    switch (change.resource) {
      case VMS:
        return vms.enqueue(here, stepDelayMs);
      case VMIS:
        vms.enqueue(here, 0);
        return change.type !== 'DELETED' && vmis.enqueue(here, stepDelayMs);
      case MIGRATIONS:
        if (change.type === 'DELETED') return aborts.enqueue(key(metadata.namespace, (change.object.spec as { vmiName?: string } | undefined)?.vmiName), 0);
        return migrations.enqueue(here, stepDelayMs);
      case DATAVOLUMES:
      case PVCS:
        if (change.resource === DATAVOLUMES && change.type !== 'DELETED') dataVolumes.enqueue(here, stepDelayMs);
        for (const owner of metadata.ownerReferences ?? []) if (owner.kind === 'VirtualMachine') vms.enqueue(key(metadata.namespace, owner.name), 0);
        return change.resource === PVCS && enqueueVmsUsingClaim(metadata.namespace, metadata.name);
      case PODS: {
        const vmi = metadata.labels?.[LABEL_VMI_ID];
        if (change.type === 'DELETED' && vmi && metadata.labels?.[LABEL_CREATED_BY]) lostPods.enqueue(key(metadata.namespace, vmi), stepDelayMs);
        return;
      }
      case 'nodes':
        // A new or relabelled node may take a VMI that could not be scheduled.
        for (const vmi of store.list(VMIS)) if (vmi.status && (vmi.status as { phase?: string }).phase === 'Scheduling') vmis.enqueue(key(vmi.metadata.namespace, vmi.metadata.name), stepDelayMs);
        return;
      default:
        return;
    }
  };
  const enqueueVmsUsingClaim = (namespace: string | undefined, claim: string | undefined) => {
    for (const vm of store.list(VMS, namespace)) if (JSON.stringify(vm.spec).includes(`"claimName":"${claim}"`)) vms.enqueue(key(namespace, vm.metadata.name), 0);
  };
  const unsubscribe = store.subscribe(onChange);

  // Objects stored before installation (a scenario) get one look each.
  for (const vm of store.list(VMS)) vms.enqueue(key(vm.metadata.namespace, vm.metadata.name), stepDelayMs);
  for (const vmi of store.list(VMIS)) vmis.enqueue(key(vmi.metadata.namespace, vmi.metadata.name), stepDelayMs);
  for (const m of store.list(MIGRATIONS)) migrations.enqueue(key(m.metadata.namespace, m.metadata.name), stepDelayMs);
  for (const dv of store.list(DATAVOLUMES)) dataVolumes.enqueue(key(dv.metadata.namespace, dv.metadata.name), stepDelayMs);

  return () => {
    unsubscribe();
    for (const q of queues) q.dispose();
    closeConsoles();
  };
}
