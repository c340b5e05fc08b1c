// The parts of Kubernetes and KubeVirt objects the model reads. Objects arrive from the API as JSON; these
// types name only what is used, everything else passes through untouched.
import type { Condition, VmiStatus } from './vmStatus';

export interface Metadata {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[];
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: Metadata;
}

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

export interface RuntimeClass extends KubeObject {
  handler: string;
  overhead?: { podFixed?: Record<string, string> };
}
