// Kubeconfig discovery and loading, read-only. Contexts merge as kubectl merges KUBECONFIG (the first file that
// names a context wins, and the first current-context set wins), but each context is resolved against the
// clusters and users of its own file: a file can never send another file's credentials to its own server.
// Names defined in several files, or twice in one, are reported. A file that does not exist is skipped (as kubectl
// does); a file that cannot be parsed, is empty or defines no context is reported, never fatal.
import * as l10n from '@vscode/l10n';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';

export interface KubeconfigProblem {
  file: string;
  message: string;
}

/** One context with the cluster and user of the file it comes from. */
export interface ResolvedContext {
  name: string;
  /** The file it was read from ('' when built in memory). */
  file: string;
  context: Context;
  cluster?: Cluster;
  user?: User;
  /** Why it cannot be used (a cluster or user its file does not define). */
  problem?: string;
  /** Names it shares with other files, said once per context. */
  warnings: string[];
}

export interface LoadedKubeconfig {
  contexts: ResolvedContext[];
  currentContext: string;
  /** Files that were read successfully, in merge order. */
  files: string[];
  problems: KubeconfigProblem[];
}

export interface PathOptions {
  home?: string;
  /** Relative paths resolve against it; without one they are skipped. */
  workspaceFolder?: string;
  /** In an untrusted workspace, a relative path (a file inside the workspace) is never read. */
  trusted?: boolean;
}

/**
 * The files to read: every entry of `KUBECONFIG` (OS path delimiter) or else `~/.kube/config`, followed by the
 * user's extra paths; `~` expanded, relative paths resolved against the workspace folder (never the extension
 * host's working directory), duplicates removed. Paths that cannot be used are reported instead.
 */
export function kubeconfigPaths(kubeconfigEnv: string | undefined, extraPaths: readonly string[], options: PathOptions = {}): { files: string[]; problems: KubeconfigProblem[] } {
  const home = options.home ?? os.homedir();
  const fromEnv = (kubeconfigEnv ?? '').split(path.delimiter).filter((p) => p.trim() !== '');
  const base = fromEnv.length ? fromEnv : [path.join(home, '.kube', 'config')];
  const files: string[] = [];
  const problems: KubeconfigProblem[] = [];
  for (const raw of [...base, ...extraPaths].map((p) => p.trim())) {
    const expanded = raw === '~' || raw.startsWith('~/') ? path.join(home, raw.slice(1)) : raw;
    if (path.isAbsolute(expanded)) files.push(path.normalize(expanded));
    else if (!options.workspaceFolder) problems.push({ file: raw, message: l10n.t('a relative kubeconfig path needs an open workspace folder') });
    else if (options.trusted === false) problems.push({ file: raw, message: l10n.t('not read: a relative kubeconfig path points into this untrusted workspace') });
    else files.push(path.resolve(options.workspaceFolder, expanded));
  }
  return { files: [...new Set(files)], problems };
}

export function loadKubeconfigs(files: readonly string[]): LoadedKubeconfig {
  const parsed: { file: string; config: KubeConfig }[] = [];
  const problems: KubeconfigProblem[] = [];
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    const single = new KubeConfig();
    try {
      if (!hasContent(file)) {
        problems.push({ file, message: l10n.t('the file is empty (or holds only comments)') });
        continue;
      }
      single.loadFromFile(file);
    } catch (error) {
      problems.push({ file, message: describeParseError(error) });
      continue;
    }
    if (!single.getContexts().length) {
      problems.push({ file, message: l10n.t('defines no contexts: a kubeconfig lists them under "contexts:", each with a name, a cluster and a user') });
      continue;
    }
    parsed.push({ file, config: single });
  }
  return resolveFiles(parsed, problems);
}

/** One in-memory kubeconfig as if read from `file` (tests, benchmarks). */
export function fromKubeConfig(config: KubeConfig, file = ''): LoadedKubeconfig {
  return resolveFiles([{ file, config }], []);
}

/** A KubeConfig holding only this context, its cluster and its user, with the context current. */
export function contextKubeConfig(resolved: ResolvedContext): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: resolved.cluster ? [resolved.cluster] : [],
    users: resolved.user ? [resolved.user] : [],
    contexts: [resolved.context],
    currentContext: resolved.name,
  });
  return config;
}

function resolveFiles(parsed: { file: string; config: KubeConfig }[], problems: KubeconfigProblem[]): LoadedKubeconfig {
  const contexts = new Map<string, ResolvedContext>();
  let currentContext = '';
  for (const { file, config } of parsed) {
    // By name, the first of each as client-node's getCluster/getUser find it, without a search per context.
    const clusters = firstByName(config.getClusters());
    const users = firstByName(config.getUsers());
    for (const context of config.getContexts()) {
      if (contexts.has(context.name)) continue;
      const cluster = clusters.get(context.cluster);
      const user = context.user ? users.get(context.user) : undefined;
      const missing = [
        ...(cluster ? [] : [`cluster "${context.cluster}"`]),
        ...(user || !context.user ? [] : [`user "${context.user}"`]),
      ];
      const where = file ? path.basename(file) : l10n.t('its file');
      const problem = missing.length
        ? l10n.t('{0} not defined in {1}; a context only uses the clusters and users of its own file', missing.join(' and '), where)
        : cluster && !isServerUrl(cluster.server)
          ? l10n.t('the server of cluster "{0}" is not an https:// or http:// URL: "{1}"', cluster.name, cluster.server.slice(0, 80))
          : undefined;
      contexts.set(context.name, { name: context.name, file, context, cluster, user, problem, warnings: [] });
    }
    currentContext ||= config.getCurrentContext() ?? '';
  }
  const repeated = new Map(parsed.map((p) => [p.file, repeatedNames(p.config)]));
  for (const resolved of contexts.values()) resolved.warnings = [...duplicates(resolved, repeated.get(resolved.file)), ...collisions(resolved, parsed)];
  return { contexts: [...contexts.values()], currentContext, files: parsed.map((p) => p.file), problems };
}

/** Other files that define this context's name, cluster name or user name too. */
function collisions(resolved: ResolvedContext, parsed: { file: string; config: KubeConfig }[]): string[] {
  const others = parsed.filter((p) => p.file !== resolved.file);
  const found = (what: string, name: string, has: (config: KubeConfig) => boolean) => {
    const files = others.filter((p) => has(p.config)).map((p) => path.basename(p.file));
    return files.length ? [l10n.t('{0} "{1}" is also defined in {2}; this context uses the one in {3}', what, name, files.join(', '), path.basename(resolved.file))] : [];
  };
  const { context } = resolved;
  return [
    ...found('context', context.name, (c) => !!c.getContextObject(context.name)),
    ...found('cluster', context.cluster, (c) => !!c.getCluster(context.cluster)),
    ...(context.user ? found('user', context.user, (c) => !!c.getUser(context.user)) : []),
  ];
}

function firstByName<T extends { name: string }>(entries: T[]): Map<string, T> {
  const byName = new Map<string, T>();
  for (const entry of entries) if (!byName.has(entry.name)) byName.set(entry.name, entry);
  return byName;
}

/** Names defined more than once in one file, per file (the first of each is used). */
function repeatedNames(config: KubeConfig): { contexts: Set<string>; clusters: Set<string>; users: Set<string> } {
  const repeated = (names: string[]) => {
    const seen = new Set<string>();
    return new Set(names.filter((n) => seen.has(n) || !seen.add(n)));
  };
  return { contexts: repeated(config.getContexts().map((c) => c.name)), clusters: repeated(config.getClusters().map((c) => c.name)), users: repeated(config.getUsers().map((u) => u.name)) };
}

/** Names this context's own file defines more than once. */
function duplicates(resolved: ResolvedContext, repeated: ReturnType<typeof repeatedNames> | undefined): string[] {
  if (!repeated) return [];
  const where = resolved.file ? path.basename(resolved.file) : l10n.t('its file');
  // `what` is the kubeconfig's own word for the entry (context, cluster, user).
  const twice = (what: string, name: string, names: Set<string>) => (names.has(name) ? [l10n.t('{0} "{1}" is defined more than once in {2}; the first is used', what, name, where)] : []);
  const { context } = resolved;
  return [
    ...twice('context', context.name, repeated.contexts),
    ...twice('cluster', context.cluster, repeated.clusters),
    ...(context.user ? twice('user', context.user, repeated.users) : []),
  ];
}

/** Whether the file holds anything but blank lines and comments (an empty kubeconfig is left alone by kubectl too). */
function hasContent(file: string): boolean {
  return fs.readFileSync(file, 'utf8').split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#'));
}

function isServerUrl(server: string): boolean {
  try {
    return ['https:', 'http:'].includes(new URL(server).protocol);
  } catch {
    return false;
  }
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // client-node reads the parsed document without checking its shape: a scalar or a list is not a kubeconfig.
  if (error instanceof TypeError) return l10n.t('not a kubeconfig: the file must be a YAML mapping with clusters, users and contexts ({0})', message);
  // js-yaml messages carry a code frame after the first line; the first line has the position.
  return message.split('\n')[0];
}
