// Kubeconfig discovery and merging, read-only. Files merge as kubectl merges KUBECONFIG: for clusters, users
// and contexts the first file that names an entry wins, and the first current-context set wins. A file that
// does not exist is skipped (as kubectl does); a file that cannot be parsed is reported, never fatal.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';

export interface KubeconfigProblem {
  file: string;
  message: string;
}

export interface LoadedKubeconfig {
  config: KubeConfig;
  /** Files that were read successfully, in merge order. */
  files: string[];
  problems: KubeconfigProblem[];
}

/**
 * The files to read: every entry of `KUBECONFIG` (OS path delimiter) or else `~/.kube/config`, followed by the
 * user's extra paths; duplicates removed, `~` expanded.
 */
export function kubeconfigPaths(kubeconfigEnv: string | undefined, extraPaths: readonly string[], home = os.homedir()): string[] {
  const fromEnv = (kubeconfigEnv ?? '').split(path.delimiter).filter((p) => p.trim() !== '');
  const base = fromEnv.length ? fromEnv : [path.join(home, '.kube', 'config')];
  const expand = (p: string) => (p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p);
  return [...new Set([...base, ...extraPaths].map((p) => path.resolve(expand(p.trim()))))];
}

export function loadKubeconfigs(files: readonly string[]): LoadedKubeconfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  const read: string[] = [];
  const problems: KubeconfigProblem[] = [];
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    const single = new KubeConfig();
    try {
      single.loadFromFile(file);
    } catch (error) {
      problems.push({ file, message: describeParseError(error) });
      continue;
    }
    read.push(file);
    for (const c of single.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of single.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of single.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    currentContext ||= single.getCurrentContext() ?? '';
  }
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return { config, files: read, problems };
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // js-yaml messages carry a code frame after the first line; the first line has the position.
  return message.split('\n')[0];
}
