// Forward Port…'s answer: `80` (the VM's port; the same local port when it is unprivileged and free, else any free
// one) or `8080:80` (local:VM, as virtctl port-forward writes it). Also the key under which SSH remembers a VM's user.
import type { TargetKind } from './actions';

export interface PortSpec {
  /** 0: any free port. */
  localPort: number;
  remotePort: number;
  /** Whether the user named the local port (then a busy one is an error, not a reason to pick another). */
  localChosen: boolean;
}

export type PortSpecProblem = 'empty' | 'syntax' | 'range';

const isPort = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;

export function parsePortSpec(text: string): PortSpec | PortSpecProblem {
  const trimmed = text.trim();
  if (!trimmed) return 'empty';
  const match = /^(?:(\d{1,5}):)?(\d{1,5})$/.exec(trimmed);
  if (!match) return 'syntax';
  const remotePort = Number(match[2]);
  if (!isPort(remotePort)) return 'range';
  if (match[1] !== undefined) {
    const localPort = Number(match[1]);
    return isPort(localPort) ? { localPort, remotePort, localChosen: true } : 'range';
  }
  // Ports below 1024 need privileges on most systems: take any free one rather than fail.
  return { localPort: remotePort >= 1024 ? remotePort : 0, remotePort, localChosen: false };
}

/** One VM's key in remembered per-VM answers (the SSH user). */
export function vmKey(target: { context: string; namespace: string; name: string; kind: TargetKind }): string {
  return `${target.context}/${target.namespace}/${target.kind}/${target.name}`;
}
