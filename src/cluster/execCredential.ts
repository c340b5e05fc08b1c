// Exec credential plugins (client.authentication.k8s.io v1 and v1beta1 ExecCredential), run by the extension
// itself rather than by client-node: through execFile with an argument array and stdin closed, under a time
// limit after which the plugin is killed, one run in flight per user, the answer cached until its
// expirationTimestamp (or, without one, until the server answers 401). Errors say which plugin failed and its
// exit code, never what it printed: stderr goes, redacted, to the trace log only.
import * as l10n from '@vscode/l10n';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { Cluster } from '@kubernetes/client-node';
import { CredentialError } from './errors';
import { redact } from './redact';

const API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

/** A kubeconfig user's `exec` section. */
export interface ExecSpec {
  apiVersion?: string;
  command?: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  interactiveMode?: string;
  provideClusterInfo?: boolean;
  installHint?: string;
}

export interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

/** The plugin could not give credentials; `exitCode` when it ran and exited non-zero. */
export class ExecPluginError extends CredentialError {
  constructor(
    message: string,
    readonly exitCode?: number,
  ) {
    super(message);
  }
}

export interface ExecRequest {
  /** Who the credential is for: one run in flight and one cached answer per key. */
  key: string;
  spec: ExecSpec;
  cluster?: Cluster;
  /** The kubeconfig file's folder: a relative command with a path separator is resolved against it. */
  folder?: string;
}

export interface ExecOptions {
  /** How long a plugin may run before it is killed; default 60 s. */
  timeoutMs?: number;
  /** After a failure, the same error is returned for this long instead of running the plugin again. */
  failureHoldMs?: number;
  /** Early refresh before expirationTimestamp. */
  skewMs?: number;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  /** Trace lines (the redacted stderr of a failed plugin). */
  trace?: (line: string) => void;
}

interface Cached {
  status: ExecCredentialStatus;
  expiresAt?: number;
}

export class ExecAuthenticator {
  private readonly cached = new Map<string, Cached>();
  private readonly running = new Map<string, Promise<ExecCredentialStatus>>();
  private readonly failures = new Map<string, { error: unknown; until: number }>();
  private readonly now: () => number;

  constructor(private readonly options: ExecOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** The cached credential while valid, else the answer of the run in flight, else of a new run. */
  credential(request: ExecRequest): Promise<ExecCredentialStatus> {
    const { key } = request;
    const cached = this.cached.get(key);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt - (this.options.skewMs ?? 5000) > this.now())) return Promise.resolve(cached.status);
    const failure = this.failures.get(key);
    if (failure && failure.until > this.now()) return Promise.reject(failure.error);
    let run = this.running.get(key);
    if (!run) {
      run = this.run(request).then(
        (status) => {
          this.running.delete(key);
          this.failures.delete(key);
          const expiresAt = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : undefined;
          this.cached.set(key, { status, expiresAt });
          return status;
        },
        (error: unknown) => {
          this.running.delete(key);
          this.failures.set(key, { error, until: this.now() + (this.options.failureHoldMs ?? 10_000) });
          throw error;
        },
      );
      this.running.set(key, run);
    }
    return run;
  }

  /** The server refused the credential (401), or the user asked to retry: the next request runs the plugin. */
  invalidate(key: string): void {
    this.cached.delete(key);
    this.failures.delete(key);
  }

  private run(request: ExecRequest): Promise<ExecCredentialStatus> {
    const { spec } = request;
    const name = spec.command ? path.basename(spec.command) : '';
    const fail = (message: string, exitCode?: number) => Promise.reject(new ExecPluginError(l10n.t('credential plugin "{0}" {1}', name, message), exitCode));
    if (!spec.command) return Promise.reject(new ExecPluginError(l10n.t('the exec section names no command')));
    const apiVersion = spec.apiVersion ?? '';
    if (!API_VERSIONS.includes(apiVersion)) return fail(l10n.t('asks for {0}; only {1} are supported', apiVersion || l10n.t('no apiVersion'), API_VERSIONS.join(' and ')));
    if (spec.interactiveMode === 'Always') return fail(l10n.t('needs an interactive terminal (interactiveMode: Always); log in with kubectl in a terminal first'));
    const command = /[\\/]/.test(spec.command) && !path.isAbsolute(spec.command) && request.folder ? path.resolve(request.folder, spec.command) : spec.command;
    const env: NodeJS.ProcessEnv = { ...(this.options.env ?? process.env) };
    for (const e of spec.env ?? []) env[e.name] = e.value;
    env.KUBERNETES_EXEC_INFO = JSON.stringify(execInfo(apiVersion, spec, request.cluster));
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    return new Promise<ExecCredentialStatus>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const child = execFile(command, spec.args ?? [], { env, encoding: 'utf8', maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
        settle(() => {
          if (!error) {
            try {
              resolve(parseCredential(stdout, apiVersion, name));
            } catch (parseError) {
              reject(parseError);
            }
            return;
          }
          const code = (error as { code?: unknown }).code;
          if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return void reject(new ExecPluginError(l10n.t('credential plugin "{0}" printed more than 1 MiB and was stopped', name)));
          if (typeof code === 'string') {
            const hint = code === 'ENOENT' && spec.installHint ? ` ${spec.installHint.trim().split('\n')[0]}` : '';
            return void reject(new ExecPluginError(l10n.t('credential plugin "{0}" could not be started ({1}).{2}', name, code, hint)));
          }
          if (stderr) this.options.trace?.(`credential plugin "${name}" stderr: ${redact(stderr)}`);
          const exit = typeof code === 'number' ? code : undefined;
          reject(new ExecPluginError(l10n.t('credential plugin "{0}" {1}', name, exit === undefined ? l10n.t('was stopped ({0})', (error as { signal?: string }).signal ?? l10n.t('no exit code')) : l10n.t('exited with code {0}', exit)), exit));
        });
      });
      // No terminal to prompt in: the plugin reads end-of-file at once.
      child.stdin?.end();
      const timer = setTimeout(() => {
        settle(() => reject(new ExecPluginError(l10n.t('credential plugin "{0}" did not finish within {1} s and was stopped', name, Math.round(timeoutMs / 1000)))));
        child.kill('SIGKILL');
        // A child of the plugin may hold its output open; nothing more is read from it.
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, timeoutMs);
    });
  }
}

/** KUBERNETES_EXEC_INFO: never interactive; the cluster when the plugin asks for it. */
function execInfo(apiVersion: string, spec: ExecSpec, cluster: Cluster | undefined): unknown {
  const clusterInfo = spec.provideClusterInfo && cluster
    ? {
        server: cluster.server,
        ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
        ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
        ...(cluster.caData ? { 'certificate-authority-data': cluster.caData } : {}),
        ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {}),
      }
    : undefined;
  return { apiVersion, kind: 'ExecCredential', spec: { interactive: false, ...(clusterInfo ? { cluster: clusterInfo } : {}) } };
}

/** The status of the plugin's ExecCredential. Errors never quote the output: it may be a bare token. */
export function parseCredential(stdout: string, apiVersion: string, name: string): ExecCredentialStatus {
  const bad = (why: string) => new ExecPluginError(l10n.t('credential plugin "{0}" {1}', name, why));
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw bad(l10n.t('printed {0} bytes that are not an ExecCredential (not JSON)', Buffer.byteLength(stdout)));
  }
  const credential = parsed as { kind?: unknown; apiVersion?: unknown; status?: Record<string, unknown> } | null;
  if (!credential || typeof credential !== 'object' || credential.kind !== 'ExecCredential') throw bad(l10n.t('printed JSON that is not an ExecCredential'));
  if (credential.apiVersion !== apiVersion) throw bad(l10n.t('answered with apiVersion {0}, not {1}', typeof credential.apiVersion === 'string' ? credential.apiVersion : 'none', apiVersion));
  const status = credential.status ?? {};
  const text = (field: string) => (typeof status[field] === 'string' && status[field] ? (status[field] as string) : undefined);
  const result: ExecCredentialStatus = {};
  const token = text('token');
  const cert = text('clientCertificateData');
  const key = text('clientKeyData');
  const expiry = text('expirationTimestamp');
  if (token) result.token = token;
  if (cert && key) Object.assign(result, { clientCertificateData: cert, clientKeyData: key });
  else if (cert || key) throw bad(l10n.t('gave a client certificate without its key (or a key without its certificate)'));
  if (!token && !cert) throw bad(l10n.t('gave neither a token nor a client certificate'));
  if (expiry) {
    if (Number.isNaN(Date.parse(expiry))) throw bad(l10n.t('gave an expirationTimestamp that is not a time'));
    result.expirationTimestamp = expiry;
  }
  return result;
}
