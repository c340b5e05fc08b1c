// The parts of KubeVirt's VM/VMI/migration status that the simulation reads and writes.
import type { KubeObject } from '../store';
import type { Condition } from '../common/conditions';

export interface StateChangeRequest {
  action: 'Start' | 'Stop';
  data?: Record<string, string>;
  uid?: string;
}

export interface VmStatus {
  printableStatus?: string;
  created?: boolean;
  ready?: boolean;
  runStrategy?: string;
  conditions?: Condition[];
  stateChangeRequests?: StateChangeRequest[];
  startFailure?: { consecutiveFailCount: number; lastFailedVMIUID?: string; retryAfterTimestamp?: string };
  snapshotInProgress?: string;
  restoreInProgress?: string;
  volumeRequests?: unknown[];
  observedGeneration?: number;
  desiredGeneration?: number;
  volumeSnapshotStatuses?: unknown[];
  [field: string]: unknown;
}

export interface MigrationState {
  migrationUid?: string;
  sourceNode?: string;
  sourcePod?: string;
  targetNode?: string;
  targetPod?: string;
  targetNodeAddress?: string;
  startTimestamp?: string;
  endTimestamp?: string;
  completed?: boolean;
  failed?: boolean;
  /** Set when the migration was cancelled. */
  abortStatus?: 'Succeeded' | 'Failed' | 'Aborting';
  mode?: string;
  targetNodeDomainDetected?: boolean;
  targetNodeDomainReadyTimestamp?: string;
  failureReason?: string;
}

export interface VmiInterface {
  name: string;
  interfaceName?: string;
  ipAddress?: string;
  ipAddresses?: string[];
  mac?: string;
  infoSource?: string;
  podInterfaceName?: string;
  queueCount?: number;
  linkState?: string;
}

export interface GuestOsInfo {
  id: string;
  name: string;
  prettyName: string;
  version: string;
  versionId: string;
  kernelRelease: string;
  kernelVersion: string;
  machine: string;
}

export interface VmiStatus {
  phase?: string;
  reason?: string;
  nodeName?: string;
  conditions?: Condition[];
  interfaces?: VmiInterface[];
  guestOSInfo?: GuestOsInfo | Record<string, never>;
  migrationState?: MigrationState;
  activePods?: Record<string, string>;
  phaseTransitionTimestamps?: { phase: string; phaseTransitionTimestamp: string }[];
  qosClass?: string;
  launcherContainerImageVersion?: string;
  [field: string]: unknown;
}

export const vmStatus = (vm: KubeObject) => (vm.status ?? {}) as VmStatus;
export const vmiStatus = (vmi: KubeObject) => (vmi.status ?? {}) as VmiStatus;

export const FINAL_PHASES = ['Succeeded', 'Failed'];
export const isFinal = (vmi: KubeObject) => FINAL_PHASES.includes(vmiStatus(vmi).phase ?? '');
