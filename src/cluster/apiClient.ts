// One context's door to its cluster. Credentials, CA, client certificates and proxies come from client-node's
// KubeConfig (applyToHTTPSOptions / applyToFetchOptions); one-shot calls are sent over the agent it builds, and
// watches stream through client-node's Watch. Every call is logged as one line (verb, path, status), never a
// header.
import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { apiLine } from './apiLog';
import { CredentialError, failureCode, KubeApiError, TimeoutError, type CredentialKind } from './errors';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Of the body; JSON unless said otherwise (merge patch, server-side apply YAML…). */
  contentType?: string;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** An answer of any status, its body parsed as JSON where it is JSON. */
export interface Reply {
  code: number;
  body: unknown;
}

export interface WatchCallbacks {
  /** The server answered 200 and the stream is open. */
  onOpen(): void;
  onEvent(type: string, object: unknown): void;
  /** The stream ended: `error` is undefined for a clean close by the server. Called once, never after stop(). */
  onDone(error?: unknown): void;
}

export interface WatchHandle {
  stop(): void;
}

export class ApiClient {
  /** `kubeconfig` must have the context's name as its current context. */
  constructor(
    readonly kubeconfig: KubeConfig,
    readonly log: (line: string) => void,
    readonly timeoutMs = 8000,
  ) {}

  get server(): string {
    return this.kubeconfig.getCurrentCluster()?.server ?? '';
  }

  get credentialKind(): CredentialKind {
    const user = this.kubeconfig.getCurrentUser();
    if (!user) return 'none';
    if (user.exec) return 'exec plugin';
    if (user.authProvider) return 'auth provider';
    if (user.token) return 'token';
    if (user.certData || user.certFile) return 'client certificate';
    if (user.username) return 'username/password';
    return 'none';
  }

  async get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  async post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  /** Resolves with the parsed body of a 2xx answer; rejects with KubeApiError, CredentialError, TimeoutError or a system error. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const reply = await this.send(method, path, options);
    if (reply.code < 200 || reply.code > 299) throw KubeApiError.fromResponse(reply.code, reply.body);
    return reply.body as T;
  }

  /** The answer whatever its status; rejects only when no answer came (network, TLS, credentials, timeout, abort). */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const target = withQuery(path, options.query);
    const started = Date.now();
    try {
      const reply = await this.exchange(method, target, options);
      this.log(apiLine(method, target, reply.code, started));
      return reply;
    } catch (error) {
      this.log(apiLine(method, target, `failed: ${errorText(error)}`, started));
      throw error;
    }
  }

  private async exchange(method: string, target: string, options: RequestOptions): Promise<Reply> {
    const server = this.server;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    const timeout = new TimeoutError(`no answer from ${hostOf(server)} within ${formatSeconds(timeoutMs)}`);
    const timer = setTimeout(() => controller.abort(timeout), timeoutMs);
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const payload = options.body === undefined ? undefined : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
      const requestOptions: https.RequestOptions = { method, headers: { Accept: 'application/json' } };
      if (payload) requestOptions.headers = { ...requestOptions.headers, 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': payload.length };
      await this.applyCredentials(requestOptions);
      requestOptions.signal = controller.signal;
      return await new Promise((resolve, reject) => {
        const url = new URL(server + target);
        const request = (url.protocol === 'http:' ? http : https).request(url, requestOptions, (response) => {
          // The timeout bounds the wait for an answer; a large body may then take longer, as long as it keeps coming.
          clearTimeout(timer);
          response.setTimeout(timeoutMs, () => controller.abort(new TimeoutError(`${hostOf(server)} stopped sending for ${formatSeconds(timeoutMs)}`)));
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => reject(controller.signal.aborted ? controller.signal.reason : error));
          response.on('end', () => resolve({ code: response.statusCode ?? 0, body: parseBody(Buffer.concat(chunks)) }));
        });
        request.on('error', (error) => reject(controller.signal.aborted ? controller.signal.reason : error));
        request.end(payload);
      });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Streams `path?watch=true`. A connection that gets no answer within the timeout is torn down (the Watch has
   * no connect timeout of its own); stop() aborts the stream, or the connection attempt, without calling onDone.
   */
  watch(path: string, query: Query, callbacks: WatchCallbacks): WatchHandle {
    let stopped = false;
    let finished = false;
    let agent: http.Agent | undefined;
    let abort: AbortController | undefined;
    const target = withQuery(path, { watch: true, ...query });
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      agent?.destroy();
      if (stopped) return;
      const code = failureCode(error);
      this.log(`WATCH ${target} ${code ?? (error ? `ended: ${errorText(error)}` : 'closed by the server')}`);
      callbacks.onDone(error);
    };
    // The Watch builds its request from the config; a per-call view of it lets us keep the agent, whose
    // sockets are the only handle on a connection that is still being opened.
    const config = Object.create(this.kubeconfig) as KubeConfig;
    config.applyToFetchOptions = async (opts) => {
      const init = await this.kubeconfig.applyToFetchOptions(opts).catch((error: unknown) => {
        throw credentialError(error);
      });
      if (init.agent instanceof http.Agent) agent = init.agent;
      return init;
    };
    const timeout = new TimeoutError(`no answer from ${hostOf(this.server)} within ${formatSeconds(this.timeoutMs)}`);
    const timer = setTimeout(() => finish(timeout), this.timeoutMs);
    const stringQuery = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    new Watch(config)
      .watch(path, stringQuery, (type, object) => !finished && callbacks.onEvent(type, object), (error: unknown) => finish(error ?? undefined))
      .then(
        (controller) => {
          abort = controller;
          if (finished || stopped) {
            controller.abort();
            return;
          }
          clearTimeout(timer);
          this.log(`WATCH ${target} 200`);
          callbacks.onOpen();
        },
        (error: unknown) => finish(error),
      );
    return {
      stop: () => {
        stopped = true;
        abort?.abort();
        finish();
      },
    };
  }

  private async applyCredentials(options: https.RequestOptions): Promise<void> {
    const cluster = this.kubeconfig.getCurrentCluster();
    if (!cluster) throw new Error('the context names no cluster');
    if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
      throw new Error('plain http:// servers need insecure-skip-tls-verify in the kubeconfig');
    }
    try {
      await this.kubeconfig.applyToHTTPSOptions(options);
    } catch (error) {
      throw credentialError(error);
    }
  }
}

/** A CA or certificate file that cannot be read is a configuration error; anything else here is getting credentials. */
function credentialError(error: unknown): unknown {
  if ((error as { syscall?: unknown } | null)?.syscall === 'open') return error;
  return new CredentialError(errorText(error) || 'the credential plugin failed without a message');
}

export function withQuery(path: string, query: Query | undefined): string {
  const entries = Object.entries(query ?? {}).filter((e): e is [string, string | number | boolean] => e[1] !== undefined);
  if (!entries.length) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}

export function hostOf(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

function parseBody(raw: Buffer): unknown {
  if (!raw.length) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
