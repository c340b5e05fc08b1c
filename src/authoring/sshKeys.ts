// OpenSSH public keys of the local user (~/.ssh/*.pub), offered for cloud-init.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

export interface PublicKey {
  file: string;
  text: string;
}

export async function localPublicKeys(): Promise<PublicKey[]> {
  const dir = path.join(os.homedir(), '.ssh');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const keys = await Promise.all(
    names.filter((n) => n.endsWith('.pub')).sort().map(async (n) => ({ file: path.join(dir, n), text: (await fs.readFile(path.join(dir, n), 'utf8')).trim() })),
  );
  return keys.filter((k) => /^(ssh-|ecdsa-|sk-)/.test(k.text));
}
