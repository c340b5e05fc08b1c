// VirtualMachineClone (clone.kubevirt.io/v1beta1): the manifest Clone… creates (target name, label and annotation
// filters, new MAC addresses) and when a clone has finished. KubeVirt moves a clone SnapshotInProgress →
// RestoreInProgress → CreatingTargetVM → Succeeded, or Failed.
import type { V1beta1VirtualMachineCloneSpec, V1beta1VirtualMachineCloneStatus } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import * as l10n from '@vscode/l10n';
import { ended, pending, type Ending, type Judgement } from './judgement';
import type { KubeObject } from './kubeObject';
import { findCondition } from './vmStatus';

export const CLONE_API = 'clone.kubevirt.io/v1beta1';

export interface VirtualMachineClone extends KubeObject {
  spec?: V1beta1VirtualMachineCloneSpec;
  status?: V1beta1VirtualMachineCloneStatus;
}

export interface CloneRequest {
  namespace: string;
  source: string;
  target: string;
  /** Which labels and annotations the clone keeps (`*`, `app*`, `!secret`); all when absent. */
  labelFilters?: string[];
  annotationFilters?: string[];
  /** MAC address per interface name; interfaces not named get a new one from KubeVirt. */
  newMacAddresses?: Record<string, string>;
}

/** `web-1-clone-3f9a`: a target name that does not exist yet, given the names taken. */
export function defaultCloneName(source: string, taken: ReadonlySet<string>): string {
  const base = `${source.slice(0, 56)}-clone`;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Why a target name cannot be used (a DNS-1123 subdomain the namespace has no VM of), or undefined. */
export function cloneTargetProblem(name: string, source: string, taken: ReadonlySet<string>): string | undefined {
  if (!name) return l10n.t('Give the new VM a name.');
  if (name.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return l10n.t('Use lower-case letters, digits and "-", starting and ending with a letter or digit (at most 63).');
  if (name === source) return l10n.t('The clone needs a name other than its source’s.');
  if (taken.has(name)) return l10n.t('A VM named {0} already exists in this namespace.', name);
  return undefined;
}

export function cloneManifest(request: CloneRequest, name: string): VirtualMachineClone {
  const vm = (n: string) => ({ apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: n });
  return {
    apiVersion: CLONE_API,
    kind: 'VirtualMachineClone',
    metadata: { name, namespace: request.namespace },
    spec: {
      source: vm(request.source),
      target: vm(request.target),
      ...(request.labelFilters?.length ? { labelFilters: request.labelFilters } : {}),
      ...(request.annotationFilters?.length ? { annotationFilters: request.annotationFilters } : {}),
      ...(request.newMacAddresses && Object.keys(request.newMacAddresses).length ? { newMacAddresses: request.newMacAddresses } : {}),
    },
  };
}

const PHASE_WORDS: Record<string, string> = {
  SnapshotInProgress: l10n.t('Taking a snapshot of the source'),
  RestoreInProgress: l10n.t('Restoring the snapshot as the new VM'),
  CreatingTargetVM: l10n.t('Creating the new VM'),
};

/** Done at Succeeded (the new VM exists) or Failed (with the Ready condition's reason). */
export function cloneJudgement(clone: VirtualMachineClone | undefined): Judgement<Ending> {
  if (!clone) return ended('gone', l10n.t('The clone was deleted.'));
  const phase = clone.status?.phase ?? '';
  if (phase === 'Succeeded') return ended('ok');
  if (phase === 'Failed') return ended('failed', findCondition(clone.status?.conditions, 'Ready')?.reason ?? l10n.t('The clone failed.'));
  return pending(PHASE_WORDS[phase] ?? l10n.t('Waiting for the clone controller'));
}
