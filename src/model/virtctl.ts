// Argument arrays for the virtctl sessions the extension does not speak itself (VNC viewer, SSH through the
// API server's port-forward). Arrays, never shell strings: names go to execFile/a terminal as single arguments.
import type { TargetKind } from './actions';

export interface VirtctlTarget {
  kind: TargetKind;
  namespace: string;
  name: string;
}

export interface VirtctlConnection {
  context: string;
  /** The kubeconfig file(s) the context lives in, when not virtctl's default. */
  kubeconfig?: string;
}

export interface SshOptions {
  username?: string;
  identityFile?: string;
}

function connection(target: VirtctlTarget, conn: VirtctlConnection): string[] {
  return ['-n', target.namespace, '--context', conn.context, ...(conn.kubeconfig ? ['--kubeconfig', conn.kubeconfig] : [])];
}

/** `virtctl vnc <vmi> -n <ns> --context <ctx>`: a VM's VMI has the VM's name. */
export function vncArgs(target: VirtctlTarget, conn: VirtctlConnection): string[] {
  return ['vnc', target.name, ...connection(target, conn)];
}

/** `virtctl ssh vm/<name> -n <ns> --context <ctx> [--username u] [--identity-file f]` */
export function sshArgs(target: VirtctlTarget, conn: VirtctlConnection, options: SshOptions = {}): string[] {
  return [
    'ssh',
    `${target.kind}/${target.name}`,
    ...connection(target, conn),
    ...(options.username ? ['--username', options.username] : []),
    ...(options.identityFile ? ['--identity-file', options.identityFile] : []),
  ];
}
