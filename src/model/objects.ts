// The parts of KubeVirt and pod objects the model reads. Objects arrive from the API as plain JSON; these
// types name only what is used, everything else passes through untouched.
import type { KubeObject } from './kubeObject';
import type { Condition, VmiStatus } from './vmStatus';

export type { KubeObject } from './kubeObject';

export interface Matcher {
  name?: string;
  kind?: string;
}

export interface VirtualMachine extends KubeObject {
  spec?: { runStrategy?: string; running?: boolean; instancetype?: Matcher; preference?: Matcher };
  status?: { printableStatus?: string; conditions?: Condition[]; ready?: boolean };
}

export interface VirtualMachineInstance extends KubeObject {
  status?: VmiStatus;
}

export interface Pod extends KubeObject {
  spec?: { runtimeClassName?: string; nodeName?: string; overhead?: Record<string, string>; containers?: { name: string; image?: string }[] };
  status?: { phase?: string; podIP?: string; reason?: string; containerStatuses?: { name: string; ready?: boolean; restartCount?: number; state?: Record<string, { reason?: string }> }[] };
}
