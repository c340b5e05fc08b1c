// How a running action reads in its progress notification: what is happening, to which VM, on which cluster
// ("Stopping tenant-alpha/web-1 on prod-east"), with the VM's current status as the message.
import type { LifecycleAction } from './actions';

const DOING: Record<LifecycleAction, string> = {
  start: 'Starting', stop: 'Stopping', forceStop: 'Force stopping', restart: 'Restarting', pause: 'Pausing', unpause: 'Unpausing',
  softReboot: 'Soft rebooting', migrate: 'Migrating', cancelMigration: 'Cancelling the migration of', delete: 'Deleting',
};

export function progressTitle(action: LifecycleAction, what: string, context: string): string {
  return `${DOING[action]} ${what} on ${context}`;
}

/** The progress message: where the VM is now, never read as an outcome. */
export function progressMessage(status: string | undefined): string | undefined {
  return status ? `currently ${status}` : undefined;
}
