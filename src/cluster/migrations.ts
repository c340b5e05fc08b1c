// A VM's migration and its progress: the current VirtualMachineInstanceMigration of a VMI, and a wait that follows
// it to its end, reporting the progress line (phase, mode, elapsed, nodes) at every change.
import * as l10n from '@vscode/l10n';
import { ended, pending, type Ending } from '../model/judgement';
import { currentMigration, migrationLine, migrationProgress, type MigrationProgress, type VirtualMachineInstanceMigration } from '../model/migrationProgress';
import type { VirtualMachineInstance } from '../model/objects';
import type { KubeHttp } from './kubeHttp';
import { kubevirtPath } from './kubevirtPaths';
import { waitForObject, type ObjectWaitOptions } from './objectWatch';

/** The VMI's running migration (else its newest) with the progress read from it and the VMI; undefined if none. */
export async function migrationOf(http: KubeHttp, namespace: string, vmiName: string): Promise<{ migration: VirtualMachineInstanceMigration; progress: MigrationProgress } | undefined> {
  const [list, vmi] = await Promise.all([
    http.call<{ items?: VirtualMachineInstanceMigration[] }>('GET', kubevirtPath('virtualmachineinstancemigrations', namespace)),
    http.find<VirtualMachineInstance>(kubevirtPath('virtualmachineinstances', namespace, vmiName)),
  ]);
  const migration = currentMigration(list.items ?? [], vmiName);
  const progress = migration && migrationProgress(vmi, migration);
  return migration && progress ? { migration, progress } : undefined;
}

/** Follows a migration to Succeeded (ok), Failed or a cancel (failed, with the reason), or its deletion (gone). */
export function followMigration(http: KubeHttp, namespace: string, name: string, options: ObjectWaitOptions = {}): Promise<Ending> {
  return waitForObject<VirtualMachineInstanceMigration, Ending>(http, kubevirtPath('virtualmachineinstancemigrations', namespace), name, (migration) => {
    if (!migration) return ended('gone', l10n.t('The migration was deleted (cancelled).'));
    const progress = migrationProgress(undefined, migration)!;
    if (progress.outcome === 'succeeded') return ended('ok');
    if (progress.outcome !== 'running') return ended('failed', progress.failureReason ?? progress.words);
    return pending(migrationLine(progress));
  }, options);
}
