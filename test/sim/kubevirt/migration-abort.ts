// Cancelling a live migration is deleting its VirtualMachineInstanceMigration: virt-controller aborts it, the
// target virt-launcher pod goes and the VMI keeps running where it was. A VM pinned in Migrating is unpinned.
import type { Store } from '../store';
import { recordEvent } from '../common/events';
import { timestamp } from '../common/time';
import { MIGRATIONS, PIN_ANNOTATION, PODS, VMIS, VMS } from './keys';
import { liftPin } from './pins';
import { vmiStatus } from './status-types';
import { launcherPods } from './vmi-controller';

/** Called for a VMI after one of its migrations was deleted; does nothing when the migration had ended. */
export function abortDeletedMigration(store: Store, namespace: string, vmiName: string): void {
  const vm = store.get(VMS, namespace, vmiName);
  if (vm?.metadata.annotations?.[PIN_ANNOTATION] === 'Migrating') {
    liftPin(store, vm);
    return;
  }
  const vmi = store.get(VMIS, namespace, vmiName);
  const state = vmi && vmiStatus(vmi).migrationState;
  if (!vmi || !state || state.completed || state.failed) return;
  if (store.list(MIGRATIONS, namespace).some((m) => m.metadata.uid === state.migrationUid)) return;
  for (const pod of launcherPods(store, vmi)) if (pod.metadata.name === state.targetPod) store.delete(PODS, namespace, pod.metadata.name!);
  store.update(VMIS, { ...vmi, status: { ...vmiStatus(vmi), migrationState: { ...state, failed: true, abortStatus: 'Succeeded', endTimestamp: timestamp() } } });
  recordEvent(store, vmi, { reason: 'MigrationAborted', message: 'The migration was cancelled; the VirtualMachineInstance stays on its node.', component: 'migration-controller' });
}
