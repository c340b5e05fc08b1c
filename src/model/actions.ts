// Which lifecycle actions a VM or lone VMI offers in its current state. The state rules follow the OpenShift
// console; on top of them, the virt-api rejection rules (runStrategy and VMI phase, reference §1.3/§1.4) drop
// every action the server is certain to answer with 409, so a menu never offers one that cannot work.
import type { VirtualMachine, VirtualMachineInstance } from './objects';
import { statusGroup, vmiPrintableStatus } from './vmStatus';

export const ACTIONS = [
  'start', 'stop', 'forceStop', 'restart', 'pause', 'unpause', 'softReboot', 'migrate', 'cancelMigration',
  'console', 'vnc', 'ssh', 'logs', 'edit', 'delete',
] as const;

export type Action = (typeof ACTIONS)[number];

/** The actions that change a VM's or VMI's run state (the rest open a session, a log or an editor). */
export type LifecycleAction = Extract<Action, 'start' | 'stop' | 'forceStop' | 'restart' | 'pause' | 'unpause' | 'softReboot' | 'migrate' | 'cancelMigration' | 'delete'>;

export type TargetKind = 'vm' | 'vmi';

/** What RBAC is asked about: a VM or standalone VMI, or a (microVM, sandboxed or container) pod. */
export type AccessKind = TargetKind | 'pod';

export type RunStrategy = 'Always' | 'RerunOnFailure' | 'Manual' | 'Halted' | 'Once' | 'WaitAsReceiver' | string;

/** `spec.runStrategy`, or what the deprecated `spec.running` means (absent = Halted, as virt-api reads it). */
export function runStrategyOf(vm: VirtualMachine): RunStrategy {
  return vm.spec?.runStrategy ?? (vm.spec?.running ? 'Always' : 'Halted');
}

const FINAL_PHASES = new Set(['Succeeded', 'Failed']);

/** A VMI that exists and is not final: what virt-api calls "running" when it refuses start or stop. */
function vmiAlive(vmi: VirtualMachineInstance | undefined): boolean {
  return !!vmi && !FINAL_PHASES.has(vmi.status?.phase ?? '');
}

/** Whether virt-api accepts `start` (§1.3: 409 for Always/Once, a live VMI, RerunOnFailure after failure). */
export function serverAcceptsStart(strategy: RunStrategy, vmi: VirtualMachineInstance | undefined): boolean {
  if (strategy === 'Always' || strategy === 'Once' || strategy === 'WaitAsReceiver') return false;
  const phase = vmi?.status?.phase ?? '';
  if (vmi && !FINAL_PHASES.has(phase) && phase !== '' && phase !== 'Unknown') return false;
  return !(strategy === 'RerunOnFailure' && phase === 'Failed');
}

/**
 * Whether virt-api accepts `stop`: Always/Once are patched to Halted whatever the VMI does; the others need a
 * live VMI, and Halted (a VM already being stopped) only takes a stop with a shorter grace period.
 */
export function serverAcceptsStop(strategy: RunStrategy, vmi: VirtualMachineInstance | undefined, force: boolean): boolean {
  if (strategy === 'Always' || strategy === 'Once') return true;
  if (strategy === 'WaitAsReceiver') return false;
  if (!vmiAlive(vmi)) return false;
  return strategy !== 'Halted' || force;
}

export function serverAcceptsRestart(strategy: RunStrategy, vmi: VirtualMachineInstance | undefined): boolean {
  return strategy !== 'Halted' && strategy !== 'Once' && vmiAlive(vmi);
}

const ERROR_STATE_ACTIONS: Action[] = ['start', 'stop', 'logs'];

/** The console's per-state menu, before the server rules filter it. */
function stateActions(printableStatus: string): Action[] {
  switch (printableStatus) {
    case 'Stopped':
      return ['start'];
    case 'Running':
      return ['stop', 'forceStop', 'restart', 'pause', 'migrate', 'console', 'softReboot', 'vnc', 'ssh', 'logs'];
    case 'Paused':
      return ['unpause', 'stop', 'forceStop', 'logs'];
    case 'Stopping':
    case 'Terminating':
      return ['forceStop', 'logs'];
    case 'Migrating':
      // The guest keeps running while it moves: its console stays open.
      return ['cancelMigration', 'console', 'vnc', 'ssh', 'logs'];
    case 'Starting':
    case 'Provisioning':
    case 'WaitingForVolumeBinding':
      return ['stop', 'forceStop', 'logs'];
    case 'WaitingForReceiver':
    case 'Unknown':
      return [];
    default:
      return statusGroup(printableStatus) === 'error' ? ERROR_STATE_ACTIONS : [];
  }
}

/** The actions a VirtualMachine offers, given its VMI when one exists. Edit and Delete are always offered. */
export function vmActions(vm: VirtualMachine, vmi: VirtualMachineInstance | undefined): Action[] {
  const strategy = runStrategyOf(vm);
  const offered = stateActions(vm.status?.printableStatus ?? 'Unknown').filter((action) => {
    switch (action) {
      case 'start':
        return serverAcceptsStart(strategy, vmi);
      case 'stop':
        return serverAcceptsStop(strategy, vmi, false);
      case 'forceStop':
        return serverAcceptsStop(strategy, vmi, true);
      case 'restart':
        return serverAcceptsRestart(strategy, vmi);
      case 'logs':
        return !!vmi;
      default:
        return true;
    }
  });
  return [...offered, 'edit', 'delete'];
}

/** A VMI that no VM owns: only the VMI subresources apply (there is nothing to start or stop). */
export function vmiActions(vmi: VirtualMachineInstance): Action[] {
  const status = vmiPrintableStatus(vmi);
  const offered: Action[] = status === 'Running' ? ['pause', 'softReboot', 'console'] : status === 'Paused' ? ['unpause'] : [];
  return [...offered, 'logs', 'edit', 'delete'];
}

/** A pod (microVM, sandboxed or container): its logs, and deleting it (its controller may create a new one). */
export function podActions(): Action[] {
  return ['logs', 'delete'];
}

/** The `can:` tokens for the actions that are both offered by state and allowed by RBAC, in offered order. */
export function permissionTokens(offered: readonly Action[], allowed: ReadonlySet<Action>): string[] {
  return offered.filter((a) => allowed.has(a)).map((a) => `can:${a}`);
}

/** A node's contextValue with its action tokens appended (menus match `viewItem =~ /\bcan:start\b/`). */
export function withActionTokens(contextValue: string, offered: readonly Action[], allowed: ReadonlySet<Action>): string {
  return [contextValue, ...permissionTokens(offered, allowed)].filter(Boolean).join(' ');
}
