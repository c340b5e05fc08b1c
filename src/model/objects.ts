// The parts of KubeVirt and pod objects the model reads. Objects arrive from the API as plain JSON; these
// types name only what is used, everything else passes through untouched.
import type { KubeObject } from './kubeObject';
import type { Condition, VmiStatus } from './vmStatus';

export type { KubeObject } from './kubeObject';

export interface Matcher {
  name?: string;
  kind?: string;
}

/** A disk of a VMI spec (one of disk, cdrom, lun). */
export interface Disk {
  name: string;
  disk?: { bus?: string };
  cdrom?: { bus?: string };
  lun?: { bus?: string };
  bootOrder?: number;
}

/** A volume of a VMI spec; hotplugged ones are PVC or DataVolume volumes marked hotpluggable. */
export interface Volume {
  name: string;
  containerDisk?: { image?: string };
  persistentVolumeClaim?: { claimName: string; hotpluggable?: boolean; readOnly?: boolean };
  dataVolume?: { name: string; hotpluggable?: boolean };
  cloudInitNoCloud?: unknown;
  cloudInitConfigDrive?: unknown;
  [source: string]: unknown;
}

export interface VmiSpec {
  domain?: { devices?: { disks?: Disk[]; interfaces?: { name: string; macAddress?: string }[] }; cpu?: Record<string, unknown>; memory?: { guest?: string } };
  volumes?: Volume[];
  [field: string]: unknown;
}

export interface VirtualMachine extends KubeObject {
  spec?: {
    runStrategy?: string;
    running?: boolean;
    instancetype?: Matcher;
    preference?: Matcher;
    template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: VmiSpec };
    dataVolumeTemplates?: { metadata: { name: string }; spec?: unknown }[];
  };
  status?: {
    printableStatus?: string;
    conditions?: Condition[];
    ready?: boolean;
    created?: boolean;
    snapshotInProgress?: string;
    restoreInProgress?: string;
    volumeRequests?: unknown[];
    startFailure?: { consecutiveFailCount?: number; lastFailedVMIUID?: string; retryAfterTimestamp?: string };
    volumeSnapshotStatuses?: { name: string; enabled: boolean; reason?: string }[];
  };
}

export interface VirtualMachineInstance extends KubeObject {
  spec?: VmiSpec;
  status?: VmiStatus;
}

/** A container's state as the kubelet reports it: waiting, running or terminated. */
export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number; finishedAt?: string };
}

export interface Pod extends KubeObject {
  spec?: { runtimeClassName?: string; nodeName?: string; overhead?: Record<string, string>; containers?: { name: string; image?: string }[] };
  status?: {
    phase?: string;
    podIP?: string;
    reason?: string;
    message?: string;
    conditions?: Condition[];
    containerStatuses?: { name: string; ready?: boolean; restartCount?: number; state?: ContainerState; lastState?: ContainerState }[];
  };
}

/** CDI's DataVolume, as far as its phase and conditions go. */
export interface DataVolume extends KubeObject {
  spec?: { source?: Record<string, unknown>; storage?: { resources?: { requests?: { storage?: string } } }; pvc?: { resources?: { requests?: { storage?: string } } } };
  status?: { phase?: string; progress?: string; restartCount?: number; conditions?: Condition[]; claimName?: string };
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: { storageClassName?: string; volumeMode?: string; accessModes?: string[]; resources?: { requests?: { storage?: string } } };
  status?: { phase?: string; capacity?: { storage?: string }; conditions?: Condition[] };
}
