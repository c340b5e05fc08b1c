// VirtualMachine status as the tree shows it: KubeVirt's `status.printableStatus`, folded into a few groups
// that decide icon and colour. The set of printable statuses is open (new releases add some), so anything
// unrecognised falls into 'unknown' rather than being guessed.
import type {
  V1VirtualMachineCondition,
  V1VirtualMachineInstanceMigrationState,
  V1VirtualMachineInstanceNetworkInterface,
  V1VirtualMachineInstanceStatus,
  V1VolumeStatus,
} from '@kubevirt-ui-ext/kubevirt-api/kubevirt';

export type StatusGroup = 'running' | 'transitional' | 'stopped' | 'paused' | 'error' | 'unknown';

const GROUPS: Record<string, StatusGroup> = {
  Running: 'running',
  Stopped: 'stopped',
  Paused: 'paused',
  Starting: 'transitional',
  Stopping: 'transitional',
  Terminating: 'transitional',
  Migrating: 'transitional',
  Provisioning: 'transitional',
  WaitingForVolumeBinding: 'transitional',
  WaitingForReceiver: 'transitional',
  Failed: 'error',
  CrashLoopBackOff: 'error',
  ErrImagePull: 'error',
  ImagePullBackOff: 'error',
  DataVolumeError: 'error',
  ErrorUnschedulable: 'error',
  ErrorPvcNotFound: 'error',
};

export function statusGroup(printableStatus: string | undefined): StatusGroup {
  if (!printableStatus) return 'unknown';
  return GROUPS[printableStatus] ?? (printableStatus.startsWith('Error') ? 'error' : 'unknown');
}

/**
 * A printable status for a VMI that no VM owns, from its phase and Paused condition (the VM controller's
 * precedence, reduced to what a lone VMI can show).
 */
export function vmiPrintableStatus(vmi: { metadata?: { deletionTimestamp?: string }; status?: VmiStatus }): string {
  const status = vmi.status ?? {};
  if (vmi.metadata?.deletionTimestamp) return 'Terminating';
  const migration = status.migrationState;
  if (migration && !migration.completed && !migration.failed && !migration.endTimestamp) return 'Migrating';
  switch (status.phase) {
    case 'Running':
      return hasCondition(status.conditions, 'Paused') ? 'Paused' : 'Running';
    case 'Pending':
    case 'Scheduling':
    case 'Scheduled':
    case '':
    case undefined:
      return 'Starting';
    case 'Succeeded':
      return 'Stopped';
    case 'Failed':
      return 'Failed';
    default:
      return status.phase;
  }
}

/** A status condition. The generated VM and VMI conditions lack `lastTransitionTime`, which KubeVirt serves. */
export type Condition = V1VirtualMachineCondition & { lastTransitionTime?: string };

export type VmiInterface = V1VirtualMachineInstanceNetworkInterface;

/** The VMI's `status.migrationState`: the running or last migration. */
export type MigrationState = V1VirtualMachineInstanceMigrationState;

/** One entry of the VMI's `status.volumeStatus`; hotplugged volumes carry a phase and `hotplugVolume`. */
export type VolumeStatus = V1VolumeStatus;

export type VmiStatus = V1VirtualMachineInstanceStatus;

export function hasCondition(conditions: Condition[] | undefined, type: string): boolean {
  return conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

export function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** The first interface's address without a `/prefix` (guest agents report `10.244.0.23/24`). */
export function primaryIp(status: VmiStatus | undefined): string | undefined {
  const iface = status?.interfaces?.find((i) => i.ipAddress || i.ipAddresses?.length);
  const ip = iface?.ipAddress ?? iface?.ipAddresses?.[0];
  return ip?.replace(/\/\d+$/, '');
}
