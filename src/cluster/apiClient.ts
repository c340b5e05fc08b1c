// One context's door to its cluster. Credentials, CA, client certificates, the connection (HTTP/2, or the
// keep-alive agent) and the proxy come from the context's ContextConfig; credentials are worked out before the
// request's timer starts, so a slow credential plugin never makes a healthy cluster look unreachable. One-shot calls
// queue behind the context's concurrency cap; watches stream over the same connections. Every call is logged as one
// line (verb, path, status), never a header.
import * as l10n from '@vscode/l10n';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import { apiLine } from './apiLog';
import type { ContextConfig } from './contextConfig';
import { failureCode, KubeApiError, TimeoutError, type CredentialKind } from './errors';

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
  /** Acts as this user and these groups (Impersonate-User / Impersonate-Group headers). */
  impersonate?: { user: string; groups: readonly string[] };
}

/** An answer of any status, its body parsed as JSON where it is JSON. */
export interface Reply {
  code: number;
  body: unknown;
}

/** A response body: HTTP/1.1's IncomingMessage or an HTTP/2 stream. */
type Body = Readable & { setTimeout(ms: number, onTimeout: () => void): unknown };

interface Answer {
  status: number;
  body: Body;
  /** The body ended because its connection closed: HTTP/2 then ends a stream's body as if it were complete. */
  cut(): boolean;
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
  constructor(
    readonly kubeconfig: ContextConfig,
    readonly log: (line: string) => void,
    readonly timeoutMs = 8000,
  ) {}

  get server(): string {
    return this.kubeconfig.resolved.cluster?.server ?? '';
  }

  /** Which credential the context uses (an identifier; rejected() in errors.ts words it). */
  get credentialKind(): CredentialKind {
    const user = this.kubeconfig.resolved.user;
    if (!user) return 'none';
    if (user.exec) return 'exec plugin'; // l10n-ignore
    if (user.authProvider) return 'auth provider'; // l10n-ignore
    if (user.token) return 'token';
    if (user.certData || user.certFile) return 'client certificate'; // l10n-ignore
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
      const reply = await this.kubeconfig.limiter.run(() => this.exchange(method, target, options), options.signal);
      if (reply.code === 401) this.kubeconfig.credentialsRejected();
      this.log(apiLine(method, target, reply.code, started));
      return reply;
    } catch (error) {
      this.log(apiLine(method, target, `failed: ${errorText(error)}`, started));
      throw error;
    }
  }

  /** Request options with the context's credentials, TLS material and agent; waits for a credential plugin if one runs. */
  private async prepare(method: string, headers: Record<string, string | number | string[]>, signal?: AbortSignal): Promise<https.RequestOptions> {
    const requestOptions: https.RequestOptions = { method, headers: { Accept: 'application/json', ...headers } };
    await abortable(this.kubeconfig.applyToHTTPSOptions(requestOptions), signal);
    return requestOptions;
  }

  private async exchange(method: string, target: string, options: RequestOptions): Promise<Reply> {
    const server = this.server;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const payload = options.body === undefined ? undefined : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
    const headers: Record<string, string | number | string[]> = payload ? { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': payload.length } : {};
    if (options.impersonate) {
      headers['Impersonate-User'] = options.impersonate.user;
      if (options.impersonate.groups.length) headers['Impersonate-Group'] = [...options.impersonate.groups];
    }
    const requestOptions = await this.prepare(method, headers, options.signal);
    // The timer starts once the credentials are there: it bounds the server, not a login.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutError(l10n.t('no answer from {0} within {1}', hostOf(server), formatSeconds(timeoutMs)))), timeoutMs);
    const onAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    requestOptions.signal = controller.signal;
    try {
      const { status, body, cut } = await abortable(this.open(new URL(server + target), requestOptions, payload, controller.signal).answer, controller.signal);
      // The timeout bounds the wait for an answer; a large body may then take longer, as long as it keeps coming.
      clearTimeout(timer);
      body.setTimeout(timeoutMs, () => controller.abort(new TimeoutError(l10n.t('{0} stopped sending for {1}', hostOf(server), formatSeconds(timeoutMs)))));
      return await new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        body.on('data', (chunk: Buffer) => chunks.push(chunk));
        body.on('error', reject);
        body.on('end', () => (cut() ? reject(connectionCut()) : resolve({ code: status, body: parseBody(Buffer.concat(chunks)) })));
        // After the end this changes nothing; before it, the connection went without an error (a stream reset).
        body.on('close', () => reject(connectionCut()));
      });
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Sends a request over HTTP/2 where the server speaks it, else through the context's keep-alive agent. `signal`
   * aborts the wait for a connection; the request itself ends on `options.signal` or on cancel(). A stream the
   * server refused unprocessed (sent as its GOAWAY came) is sent again once, on another connection, as client-go
   * does.
   */
  private open(url: URL, options: https.RequestOptions, payload: Buffer | undefined, signal: AbortSignal): { answer: Promise<Answer>; cancel(): void } {
    let cancel = () => undefined as void;
    const answer = (async (): Promise<Answer> => {
      for (let attempt = 1; ; attempt++) {
        const stream = await this.kubeconfig.openHttp2(url, options, payload !== undefined, signal);
        if (signal.aborted) {
          stream?.close(http2.constants.NGHTTP2_CANCEL);
          throw signal.reason;
        }
        if (!stream) {
          return new Promise<Answer>((resolve, reject) => {
            const request = (url.protocol === 'http:' ? http : https).request(url, options, (response) => resolve({ status: response.statusCode ?? 0, body: response, cut: () => false }));
            cancel = () => request.destroy();
            request.on('error', reject);
            request.end(payload);
          });
        }
        cancel = () => stream.close(http2.constants.NGHTTP2_CANCEL);
        try {
          return await answerOf(stream, payload);
        } catch (error) {
          if (attempt > 1 || stream.rstCode !== http2.constants.NGHTTP2_REFUSED_STREAM || signal.aborted) throw error;
        }
      }
    })();
    return { answer, cancel: () => cancel() };
  }

  /**
   * Streams `path?watch=true` over the context's connection. A request that gets no answer within the timeout
   * (counted once the credentials are there) is torn down; stop() aborts the stream, or the connection attempt,
   * without calling onDone. A listener that throws is logged and never ends the stream or silences the others.
   */
  watch(path: string, query: Query, callbacks: WatchCallbacks): WatchHandle {
    let stopped = false;
    let finished = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancel: (() => void) | undefined;
    // Aborts the wait for credentials and for a connection: the request itself is cancelled (see finish).
    const abort = new AbortController();
    const target = withQuery(path, { watch: true, ...query });
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      abort.abort();
      // Not an abort signal on the request: stopped from an event of a response that came in one piece (an ERROR
      // 410 and its end), the socket is already back in the agent's pool, and aborting it there raised an
      // 'error' on it that nothing listened to — an uncaught exception in the extension host.
      cancel?.();
      if (stopped) return;
      const code = failureCode(error);
      this.log(`WATCH ${target} ${code ?? (error ? `ended: ${errorText(error)}` : 'closed by the server')}`);
      if (code === 401) this.kubeconfig.credentialsRejected();
      callbacks.onDone(error);
    };
    const deliver = (line: string) => {
      let event: { type?: unknown; object?: unknown };
      try {
        event = JSON.parse(line) as { type?: unknown; object?: unknown };
      } catch {
        return; // a partial or garbled line: the resourceVersion of the next good one still resumes correctly
      }
      if (finished || typeof event?.type !== 'string') return;
      try {
        callbacks.onEvent(event.type, event.object);
      } catch (error) {
        this.log(`WATCH ${target}: a listener failed on ${event.type}: ${errorText(error)}`);
      }
    };
    const stream = ({ status, body, cut }: Answer) => {
      clearTimeout(timer);
      if (status !== 200) {
        const chunks: Buffer[] = [];
        body.on('data', (chunk: Buffer) => chunks.push(chunk));
        body.on('end', () => finish(cut() ? connectionCut() : KubeApiError.fromResponse(status, parseBody(Buffer.concat(chunks)))));
        body.on('error', (error) => finish(error));
        return;
      }
      this.log(`WATCH ${target} 200`);
      try {
        callbacks.onOpen();
      } catch (error) {
        this.log(`WATCH ${target}: a listener failed on open: ${errorText(error)}`);
      }
      let partial = '';
      let ended = false;
      body.setEncoding('utf8');
      body.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) deliver(line);
      });
      body.on('end', () => {
        ended = true;
        if (cut()) return finish(connectionCut());
        if (partial.trim()) deliver(partial);
        finish();
      });
      body.on('error', (error) => finish(error));
      body.on('close', () => {
        if (!ended) finish(connectionCut());
      });
    };
    void (async () => {
      const requestOptions = await this.prepare('GET', {}, abort.signal).catch((error: unknown) => {
        finish(error);
        return undefined;
      });
      if (!requestOptions || finished) return;
      const timeout = new TimeoutError(l10n.t('no answer from {0} within {1}', hostOf(this.server), formatSeconds(this.timeoutMs)));
      timer = setTimeout(() => finish(timeout), this.timeoutMs);
      const opened = this.open(new URL(this.server + target), requestOptions, undefined, abort.signal);
      cancel = opened.cancel;
      opened.answer.then(stream, finish);
    })();
    return {
      stop: () => {
        stopped = true;
        finish();
      },
    };
  }
}

/** Resolves or rejects as `promise` does, or rejects with the signal's reason once it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
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

/** The answer's status and body, once its headers come. */
function answerOf(stream: http2.ClientHttp2Stream, payload: Buffer | undefined): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const cut = () => (stream.rstCode ?? http2.constants.NGHTTP2_NO_ERROR) !== http2.constants.NGHTTP2_NO_ERROR;
    stream.on('response', (headers) => resolve({ status: Number(headers[':status']), body: stream, cut }));
    stream.on('error', reject);
    // A connection closed without an error closes its streams without one.
    stream.on('close', () => reject(connectionCut()));
    if (payload) stream.end(payload);
  });
}

/** A connection that closed under a request, worded and coded as a reset socket. */
export function connectionCut(): Error {
  return Object.assign(new Error(l10n.t('the connection was cut')), { code: 'ECONNRESET' });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
