// Kubeconfig discovery and loading, read-only. Contexts merge as kubectl merges KUBECONFIG (the first file that
// names a context wins, and the first current-context set wins), but each context is resolved against the
// clusters and users of its own file: a file can never send another file's credentials to its own server.
// Names defined in several files, or twice in one, are reported. A file that does not exist is skipped (as kubectl
// does); a file that cannot be parsed, is empty or defines no context is reported, never fatal.
// Files are read as client-node reads them (its YAML parser and its own entry readers), without loading the rest
// of the Kubernetes client: the Fleet view's cluster rows need no connection.
import * as l10n from '@vscode/l10n';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { newClusters, newContexts, newUsers } from '@kubernetes/client-node/dist/config_types.js';
import { load } from 'js-yaml';

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

/** What one kubeconfig file defines. */
interface Entries {
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext?: string;
}

interface ParsedFile {
  file: string;
  entries: Entries;
}

export function loadKubeconfigs(files: readonly string[]): LoadedKubeconfig {
  const parsed: ParsedFile[] = [];
  const problems: KubeconfigProblem[] = [];
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    let entries: Entries;
    try {
      const text = fs.readFileSync(file, 'utf8');
      if (!hasContent(text)) {
        problems.push({ file, message: l10n.t('the file is empty (or holds only comments)') });
        continue;
      }
      entries = readEntries(text, path.dirname(file));
    } catch (error) {
      problems.push({ file, message: describeParseError(error) });
      continue;
    }
    if (!entries.contexts.length) {
      problems.push({ file, message: l10n.t('defines no contexts: a kubeconfig lists them under "contexts:", each with a name, a cluster and a user') });
      continue;
    }
    parsed.push({ file, entries });
  }
  return resolveFiles(parsed, problems);
}

/** One in-memory kubeconfig as if read from `file` (tests, benchmarks). */
export function fromKubeConfig(config: KubeConfig, file = ''): LoadedKubeconfig {
  const entries = { clusters: config.getClusters(), users: config.getUsers(), contexts: config.getContexts(), currentContext: config.getCurrentContext() };
  return resolveFiles([{ file, entries }], []);
}

/** A file's entries as client-node's KubeConfig.loadFromFile reads them, file paths relative to its folder made absolute. */
function readEntries(text: string, folder: string): Entries {
  const document = load(text) as Record<string, unknown>;
  const entries = { clusters: newClusters(document.clusters), users: newUsers(document.users), contexts: newContexts(document.contexts), currentContext: document['current-context'] as string | undefined };
  const absolute = (file: string) => (path.isAbsolute(file) ? file : path.join(folder, file));
  for (const cluster of entries.clusters) if (cluster.caFile) cluster.caFile = absolute(cluster.caFile);
  for (const user of entries.users) {
    if (user.certFile) user.certFile = absolute(user.certFile);
    if (user.keyFile) user.keyFile = absolute(user.keyFile);
  }
  return entries;
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

function resolveFiles(parsed: ParsedFile[], problems: KubeconfigProblem[]): LoadedKubeconfig {
  const contexts = new Map<string, ResolvedContext>();
  let currentContext = '';
  for (const { file, entries } of parsed) {
    // By name, the first of each as client-node's getCluster/getUser find it, without a search per context.
    const clusters = firstByName(entries.clusters);
    const users = firstByName(entries.users);
    for (const context of entries.contexts) {
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
    currentContext ||= entries.currentContext ?? '';
  }
  const repeated = new Map(parsed.map((p) => [p.file, repeatedNames(p.entries)]));
  for (const resolved of contexts.values()) resolved.warnings = [...duplicates(resolved, repeated.get(resolved.file)), ...collisions(resolved, parsed)];
  return { contexts: [...contexts.values()], currentContext, files: parsed.map((p) => p.file), problems };
}

/** Other files that define this context's name, cluster name or user name too. */
function collisions(resolved: ResolvedContext, parsed: ParsedFile[]): string[] {
  const others = parsed.filter((p) => p.file !== resolved.file);
  const found = (what: string, name: string, has: (entries: Entries) => boolean) => {
    const files = others.filter((p) => has(p.entries)).map((p) => path.basename(p.file));
    return files.length ? [l10n.t('{0} "{1}" is also defined in {2}; this context uses the one in {3}', what, name, files.join(', '), path.basename(resolved.file))] : [];
  };
  const { context } = resolved;
  return [
    ...found('context', context.name, (e) => e.contexts.some((c) => c.name === context.name)),
    ...found('cluster', context.cluster, (e) => e.clusters.some((c) => c.name === context.cluster)),
    ...(context.user ? found('user', context.user, (e) => e.users.some((u) => u.name === context.user)) : []),
  ];
}

function firstByName<T extends { name: string }>(entries: T[]): Map<string, T> {
  const byName = new Map<string, T>();
  for (const entry of entries) if (!byName.has(entry.name)) byName.set(entry.name, entry);
  return byName;
}

/** Names defined more than once in one file, per file (the first of each is used). */
function repeatedNames(entries: Entries): { contexts: Set<string>; clusters: Set<string>; users: Set<string> } {
  const repeated = (names: string[]) => {
    const seen = new Set<string>();
    return new Set(names.filter((n) => seen.has(n) || !seen.add(n)));
  };
  return { contexts: repeated(entries.contexts.map((c) => c.name)), clusters: repeated(entries.clusters.map((c) => c.name)), users: repeated(entries.users.map((u) => u.name)) };
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
function hasContent(text: string): boolean {
  return text.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#'));
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
  // client-node's readers take the parsed document without checking its shape: a scalar or a list is not a kubeconfig.
  if (error instanceof TypeError) return l10n.t('not a kubeconfig: the file must be a YAML mapping with clusters, users and contexts ({0})', message);
  // js-yaml messages carry a code frame after the first line; the first line has the position.
  return message.split('\n')[0];
}
