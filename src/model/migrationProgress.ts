// A migrating VM's progress, from its VirtualMachineInstanceMigration (phase, phase transition times) and the
// migrationState that virt-controller keeps on the VMI and the migration: phase in words, mode (pre-copy/post-copy),
// source and target nodes, elapsed time, and how it ended. KubeVirt's API does not report the data processed or
// remaining (those are Prometheus metrics of virt-handler), so neither is shown.
import * as l10n from '@vscode/l10n';
import type { KubeObject } from './kubeObject';
import type { VirtualMachineInstance } from './objects';
import type { MigrationState } from './vmStatus';

export interface VirtualMachineInstanceMigration extends KubeObject {
  spec?: { vmiName?: string };
  status?: { phase?: string; phaseTransitionTimestamps?: { phase: string; phaseTransitionTimestamp: string }[]; migrationState?: MigrationState };
}

export interface MigrationProgress {
  migration?: string;
  phase: string;
  /** What the phase means, for the tree and the progress notification. */
  words: string;
  mode?: 'pre-copy' | 'post-copy';
  sourceNode?: string;
  targetNode?: string;
  /** Seconds since the migration was created (or its state started), to its end when it ended. */
  elapsedSeconds?: number;
  outcome: 'running' | 'succeeded' | 'failed' | 'cancelled';
  failureReason?: string;
}

const FINAL = new Set(['Succeeded', 'Failed']);

const PHASE_WORDS: Record<string, string> = {
  '': l10n.t('Waiting for the migration controller'),
  Pending: l10n.t('Pending'),
  Scheduling: l10n.t('Scheduling the target pod'),
  Scheduled: l10n.t('Target pod scheduled'),
  PreparingTarget: l10n.t('Preparing the target'),
  TargetReady: l10n.t('Target ready'),
  Running: l10n.t('Copying memory'),
  WaitingForSync: l10n.t('Waiting for sync'),
  Synchronizing: l10n.t('Synchronizing'),
  Succeeded: l10n.t('Completed'),
  Failed: l10n.t('Failed'),
};

/** The newest migration of a VMI that has not ended, else the newest one. */
export function currentMigration(migrations: readonly VirtualMachineInstanceMigration[], vmiName: string): VirtualMachineInstanceMigration | undefined {
  const mine = migrations
    .filter((m) => m.spec?.vmiName === vmiName)
    .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
  return mine.find((m) => !FINAL.has(m.status?.phase ?? '')) ?? mine[0];
}

export function migrationProgress(vmi: VirtualMachineInstance | undefined, migration: VirtualMachineInstanceMigration | undefined, now: number = Date.now()): MigrationProgress | undefined {
  const fromVmi = vmi?.status?.migrationState;
  // The VMI's state belongs to this migration only when the uids match; without a migration object it stands alone.
  const state = migration ? (fromVmi?.migrationUid === migration.metadata.uid ? fromVmi : migration.status?.migrationState) : fromVmi;
  if (!migration && !state) return undefined;
  const phase = migration?.status?.phase ?? (state?.completed ? 'Succeeded' : state?.failed ? 'Failed' : 'Running');
  const cancelled = state?.abortStatus === 'Succeeded';
  const outcome = cancelled ? 'cancelled' : phase === 'Succeeded' ? 'succeeded' : phase === 'Failed' ? 'failed' : 'running';
  const started = Date.parse(migration?.metadata.creationTimestamp ?? state?.startTimestamp ?? '');
  const ended = FINAL.has(phase) ? Date.parse(state?.endTimestamp ?? lastTransition(migration) ?? '') : now;
  const mode = state?.mode === 'PostCopy' ? 'post-copy' : state?.mode === 'PreCopy' ? 'pre-copy' : undefined;
  return {
    ...(migration ? { migration: migration.metadata.name } : {}),
    phase,
    words: cancelled ? 'Cancelled' : state?.abortRequested && outcome === 'running' ? 'Cancelling' : PHASE_WORDS[phase] ?? phase,
    ...(mode ? { mode } : {}),
    ...(state?.sourceNode ? { sourceNode: state.sourceNode } : {}),
    ...(state?.targetNode ? { targetNode: state.targetNode } : {}),
    ...(Number.isFinite(started) && Number.isFinite(ended) ? { elapsedSeconds: Math.max(0, Math.round((ended - started) / 1000)) } : {}),
    outcome,
    ...(state?.failureReason ? { failureReason: state.failureReason } : {}),
  };
}

function lastTransition(migration: VirtualMachineInstanceMigration | undefined): string | undefined {
  return migration?.status?.phaseTransitionTimestamps?.at(-1)?.phaseTransitionTimestamp;
}

/** `Copying memory · pre-copy · 42s · node-1 → node-2`: the one line beside the migrating VM. */
export function migrationLine(p: MigrationProgress): string {
  const route = p.sourceNode || p.targetNode ? `${p.sourceNode ?? '?'} → ${p.targetNode ?? '?'}` : undefined;
  const elapsed = p.elapsedSeconds === undefined ? undefined : p.elapsedSeconds < 120 ? `${p.elapsedSeconds}s` : `${Math.floor(p.elapsedSeconds / 60)}m${p.elapsedSeconds % 60 ? `${p.elapsedSeconds % 60}s` : ''}`;
  return [p.words, p.mode, elapsed, route, p.failureReason].filter(Boolean).join(' · ');
}
