// OpenSSH public keys for cloud-init: the local user's (~/.ssh/*.pub), or one read from a file the user names.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

export interface PublicKey {
  file: string;
  text: string;
}

/** An OpenSSH public key line: type, base64 key, optional comment. */
export const SSH_KEY = /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+( .*)?$/;

export async function localPublicKeys(): Promise<PublicKey[]> {
  const dir = path.join(os.homedir(), '.ssh');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const keys = await Promise.all(names.filter((n) => n.endsWith('.pub')).sort().map(async (n) => ({ file: path.join(dir, n), text: (await readPublicKey(path.join(dir, n))) ?? '' })));
  return keys.filter((k) => k.text);
}

/** The key in a file (`~/` expanded), or undefined when it cannot be read or holds no public key. */
export async function readPublicKey(file: string): Promise<string | undefined> {
  const resolved = file.startsWith('~/') ? path.join(os.homedir(), file.slice(2)) : file;
  const text = await fs.readFile(resolved, 'utf8').then((t) => t.trim(), () => '');
  return SSH_KEY.test(text) ? text : undefined;
}
