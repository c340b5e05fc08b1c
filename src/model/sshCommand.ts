// The `ssh` argument array for SSH without virtctl: to the local end of a port-forward (cluster/portForward.ts) of
// the VM's port 22. The host key is remembered under an alias naming the VM and cluster, not under 127.0.0.1:<port>,
// whose port changes from one forward to the next and would otherwise mix up every VM's keys.
import * as l10n from '@vscode/l10n';
import type { VirtctlTarget } from './virtctl';

export interface ForwardedSsh {
  /** The guest user, asked once per VM. */
  username: string;
  localPort: number;
  context: string;
  identityFile?: string;
}

export function sshOverForwardArgs(target: VirtctlTarget, ssh: ForwardedSsh): string[] {
  const alias = `${target.kind}.${target.name}.${target.namespace}.${ssh.context}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return [
    '-p', String(ssh.localPort),
    '-o', `HostKeyAlias=${alias}`,
    ...(ssh.identityFile ? ['-i', ssh.identityFile] : []),
    '-l', ssh.username,
    '127.0.0.1',
  ];
}

/** A user name ssh takes as one (no options smuggled in, no spaces or shell characters). */
export function sshUserProblem(username: string): string | undefined {
  if (!username) return l10n.t('Give the guest user to log in as.');
  if (!/^[a-z_][a-z0-9_.-]*\$?$/i.test(username) || username.length > 64) return l10n.t('A user name is letters, digits, ".", "_" and "-", starting with a letter or "_".');
  return undefined;
}
