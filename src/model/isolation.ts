// How a pod is isolated, decided from its RuntimeClass handler (see the API reference §4.2):
// `kata[-<vmm>…]` is a Kata microVM, `runsc`/`gvisor` a gVisor user-space kernel, anything else shares the
// host kernel (runc). KubeVirt VMs run QEMU/KVM inside ordinary virt-launcher pods and are told apart by label.
import * as l10n from '@vscode/l10n';

export type IsolationClass = 'microvm' | 'sandbox' | 'container';

export type Vmm = 'qemu' | 'firecracker' | 'cloud-hypervisor' | 'dragonball' | 'stratovirt' | 'remote';

export type ConfidentialTech = 'tdx' | 'snp' | 'se' | 'cca';

export interface Isolation {
  class: IsolationClass;
  /** The RuntimeClass handler (or '' for the node's default runtime). */
  handler: string;
  /** Human label: "Kata QEMU", "Kata Firecracker", "gVisor", "runc". */
  label: string;
  vmm?: Vmm;
  /** Hardware-backed confidential VM (Kata CoCo). */
  confidential?: ConfidentialTech;
  gpu?: boolean;
}

const VMM_NAMES: Record<Vmm, string> = {
  qemu: 'QEMU',
  firecracker: 'Firecracker',
  'cloud-hypervisor': l10n.t('Cloud Hypervisor'),
  dragonball: 'Dragonball',
  stratovirt: 'StratoVirt',
  remote: l10n.t('Remote VM'),
};

const CONFIDENTIAL_NAMES: Record<ConfidentialTech, string> = { tdx: 'TDX', snp: 'SEV-SNP', se: l10n.t('IBM SE'), cca: l10n.t('Arm CCA') };

const VMM_BY_TOKEN: Record<string, Vmm> = {
  qemu: 'qemu',
  fc: 'firecracker',
  firecracker: 'firecracker',
  clh: 'cloud-hypervisor',
  'cloud-hypervisor': 'cloud-hypervisor',
  dragonball: 'dragonball',
  stratovirt: 'stratovirt',
  remote: 'remote',
};

/** Isolation of a pod whose RuntimeClass has `handler` (undefined: no RuntimeClass, the default runtime). */
export function isolationOfHandler(handler: string | undefined): Isolation {
  const h = (handler ?? '').toLowerCase();
  if (h === 'runsc' || h === 'gvisor' || h.startsWith('runsc-') || h.startsWith('gvisor-')) {
    return { class: 'sandbox', handler: h, label: l10n.t('gVisor') };
  }
  if (h === 'kata' || h.startsWith('kata-')) return kataIsolation(h);
  return { class: 'container', handler: h, label: h && h !== 'runc' ? l10n.t('runc ({0})', h) : l10n.t('runc') };
}

function kataIsolation(handler: string): Isolation {
  const tokens = handler.split('-').slice(1).filter((t) => t !== 'runtime' && t !== 'rs' && t !== 'debug');
  // "cloud-hypervisor" is the one VMM name with a dash in it.
  const joined = tokens.join('-');
  const vmm: Vmm | undefined = joined.startsWith('cloud-hypervisor')
    ? 'cloud-hypervisor'
    : tokens.map((t) => VMM_BY_TOKEN[t]).find((v) => v !== undefined);
  const confidential = tokens.find((t): t is ConfidentialTech => t in CONFIDENTIAL_NAMES);
  const gpu = tokens.includes('gpu');
  const parts = ['Kata', vmm ? VMM_NAMES[vmm] : undefined, confidential ? CONFIDENTIAL_NAMES[confidential] : undefined, gpu ? 'GPU' : undefined];
  const isolation: Isolation = { class: 'microvm', handler, label: parts.filter(Boolean).join(' ') };
  if (vmm) isolation.vmm = vmm;
  if (confidential) isolation.confidential = confidential;
  if (gpu) isolation.gpu = true;
  return isolation;
}
