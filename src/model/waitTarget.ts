// When an action has taken effect, judged from successive observations of the VM (or lone VMI) and its VMI.
// A reducer, so the same rules serve a dedicated watch now and the view's shared cache later.
import * as l10n from '@vscode/l10n';
import type { LifecycleAction } from './actions';
import type { VirtualMachine, VirtualMachineInstance } from './objects';
import { statusGroup, vmiPrintableStatus } from './vmStatus';

export interface Observation {
  /** The VM (or, for a lone VMI, the VMI) exists. */
  exists: boolean;
  /** VM printableStatus, or the VMI's printable status for a lone VMI. */
  status?: string;
  vmiUid?: string;
  vmiPhase?: string;
  vmiNode?: string;
  /** The VMI's status.migrationState: the last migration, which may be an old one (compare uids). */
  migration?: { uid?: string; completed?: boolean; failed?: boolean };
}

export type Verdict = 'pending' | 'reached' | 'error';

export interface WaitProgress {
  action: LifecycleAction;
  baseline: Observation;
  /** The status has been something other than the baseline's since the wait began. */
  changed: boolean;
  /** Restart: the VM has been seen out of Running. */
  leftRunning: boolean;
  verdict: Verdict;
  /** The last status seen; for 'error' the error status the object landed in. */
  status?: string;
  /** For 'error', why in one line. */
  reason?: string;
}

/** The printable status an action aims for; undefined when there is none to wait for (soft reboot). */
export function targetStatus(action: LifecycleAction, startPaused = false): string | undefined {
  switch (action) {
    case 'start':
      return startPaused ? 'Paused' : 'Running';
    case 'stop':
    case 'forceStop':
      return 'Stopped';
    case 'pause':
      return 'Paused';
    case 'unpause':
    case 'restart':
    case 'migrate':
    case 'cancelMigration':
      return 'Running';
    case 'delete':
      return 'Deleted';
    case 'softReboot':
      return undefined;
  }
}

/** Actions after which an error status means the action failed (a stop may pass through one and still end Stopped). */
const FAILS_ON_ERROR = new Set<LifecycleAction>(['start', 'restart', 'unpause', 'migrate', 'cancelMigration']);

export function beginWait(action: LifecycleAction, baseline: Observation, startPaused = false): WaitProgress {
  const progress: WaitProgress = { action, baseline, changed: false, leftRunning: baseline.status !== 'Running', verdict: 'pending', status: baseline.status };
  return targetStatus(action, startPaused) === undefined ? { ...progress, verdict: 'reached' } : progress;
}

export function advance(progress: WaitProgress, current: Observation, startPaused = false): WaitProgress {
  if (progress.verdict !== 'pending') return progress;
  const { action, baseline } = progress;
  const status = current.exists ? current.status : 'Deleted';
  const next: WaitProgress = {
    ...progress,
    status,
    changed: progress.changed || status !== baseline.status,
    leftRunning: progress.leftRunning || status !== 'Running',
  };
  if (action === 'delete') return current.exists ? next : { ...next, verdict: 'reached' };
  if (!current.exists) return { ...next, verdict: 'error', reason: l10n.t('the object was deleted') };
  if (action === 'migrate' && newMigration(progress, current) && current.migration?.failed) return { ...next, verdict: 'error', reason: l10n.t('the migration failed') };
  if (FAILS_ON_ERROR.has(action) && next.changed && statusGroup(status) === 'error') {
    return { ...next, verdict: 'error', reason: l10n.t('the VM is {0}', String(status)) };
  }
  return reached(next, current, startPaused) ? { ...next, verdict: 'reached' } : next;
}

function reached(progress: WaitProgress, current: Observation, startPaused: boolean): boolean {
  const { action, baseline } = progress;
  if (current.status !== targetStatus(action, startPaused)) return false;
  switch (action) {
    case 'restart':
      // A new VMI counts once it runs: the VM's status may still show the old one's Running for a moment.
      return progress.leftRunning || (!!current.vmiUid && current.vmiUid !== baseline.vmiUid && current.vmiPhase === 'Running');
    case 'migrate':
      return (!!current.vmiNode && current.vmiNode !== baseline.vmiNode) || (newMigration(progress, current) && !!current.migration?.completed && !current.migration.failed);
    default:
      return true;
  }
}

function newMigration(progress: WaitProgress, current: Observation): boolean {
  return !!current.migration && current.migration.uid !== progress.baseline.migration?.uid;
}

type ObservedVmi = VirtualMachineInstance & { status?: { migrationState?: { migrationUid?: string; failed?: boolean } } };

/** What a VM (kind 'vm') or a lone VMI (kind 'vmi') looks like now, from the objects as served. */
export function observation(kind: 'vm' | 'vmi', vm: VirtualMachine | undefined, vmi: ObservedVmi | undefined): Observation {
  const state = vmi?.status?.migrationState;
  const common = {
    vmiUid: vmi?.metadata.uid,
    vmiPhase: vmi?.status?.phase,
    vmiNode: vmi?.status?.nodeName,
    migration: state ? { uid: state.migrationUid, completed: state.completed, failed: state.failed } : undefined,
  };
  if (kind === 'vmi') return { exists: !!vmi, status: vmi ? vmiPrintableStatus(vmi) : undefined, ...common };
  return { exists: !!vm, status: vm?.status?.printableStatus, ...common };
}
