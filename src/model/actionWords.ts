// How a running action reads in its progress notification: what is happening, to which VM, on which cluster
// ("Stopping tenant-alpha/web-1 on prod-east"), with the VM's current status as the message.
import * as l10n from '@vscode/l10n';
import type { LifecycleAction } from './actions';

const DOING: Record<LifecycleAction, string> = {
  start: 'Starting', stop: 'Stopping', forceStop: l10n.t('Force stopping'), restart: 'Restarting', pause: 'Pausing', unpause: 'Unpausing',
  softReboot: l10n.t('Soft rebooting'), migrate: 'Migrating', cancelMigration: l10n.t('Cancelling the migration of'), delete: 'Deleting',
};

export function progressTitle(action: LifecycleAction, what: string, context: string): string {
  return `${DOING[action]} ${what} on ${context}`;
}

/** The progress message: where the VM is now, never read as an outcome. */
export function progressMessage(status: string | undefined): string | undefined {
  return status ? `currently ${status}` : undefined;
}
