// Requests to one kubeconfig context for the lifecycle, access and manifest calls: any verb, any content type
// (merge patch, server-side apply YAML), with the context's CA, client certificate and bearer token applied by
// client-node's KubeConfig.applyToHTTPSOptions. Each call is logged as verb, path and status.
import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { withQuery, type Query } from './apiClient';
import { apiLine, type ApiLog } from './apiLog';
import { KubeApiError } from './errors';

export interface SendOptions {
  query?: Query;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface Reply {
  code: number;
  body: unknown;
}

export class KubeHttp {
  /** `kubeconfig` is used as is; use `forContext` to pick one context of a merged config. */
  constructor(
    readonly kubeconfig: KubeConfig,
    readonly log: ApiLog = () => undefined,
    readonly timeoutMs = 15_000,
  ) {}

  /** A client for `context` that leaves the merged config's current context alone. */
  static forContext(merged: KubeConfig, context: string, log?: ApiLog, timeoutMs?: number): KubeHttp {
    const config = new KubeConfig();
    config.loadFromOptions({ clusters: merged.getClusters(), users: merged.getUsers(), contexts: merged.getContexts(), currentContext: context });
    return new KubeHttp(config, log, timeoutMs);
  }

  get context(): string {
    return this.kubeconfig.getCurrentContext();
  }

  get server(): string {
    const server = this.kubeconfig.getCurrentCluster()?.server;
    if (!server) throw new Error(`context "${this.context}" names no cluster`);
    return server;
  }

  /** The answer whatever its status; rejects only when no answer came (network, TLS, timeout, abort). */
  async send(method: string, path: string, options: SendOptions = {}): Promise<Reply> {
    const target = withQuery(path, options.query);
    const started = Date.now();
    try {
      const reply = await this.exchange(method, target, options);
      this.log(apiLine(method, target, reply.code, started));
      return reply;
    } catch (error) {
      this.log(apiLine(method, target, `failed: ${error instanceof Error ? error.message : String(error)}`, started));
      throw error;
    }
  }

  /** The parsed body of a 2xx answer; any other status rejects with a KubeApiError carrying the Status message. */
  async call<T>(method: string, path: string, options: SendOptions = {}): Promise<T> {
    const reply = await this.send(method, path, options);
    if (reply.code < 200 || reply.code > 299) throw KubeApiError.fromResponse(reply.code, reply.body);
    return reply.body as T;
  }

  /** Like `call` with GET, but undefined for a 404. */
  async find<T>(path: string, options: SendOptions = {}): Promise<T | undefined> {
    const reply = await this.send('GET', path, options);
    if (reply.code === 404) return undefined;
    if (reply.code < 200 || reply.code > 299) throw KubeApiError.fromResponse(reply.code, reply.body);
    return reply.body as T;
  }

  /** Options for an https (or ws) request to the server with the context's credentials applied. */
  async requestOptions(headers: Record<string, string | number> = {}): Promise<https.RequestOptions> {
    const options: https.RequestOptions = { headers: { ...headers } };
    await this.kubeconfig.applyToHTTPSOptions(options);
    return options;
  }

  private async exchange(method: string, target: string, options: SendOptions): Promise<Reply> {
    const payload = options.body === undefined ? undefined : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
    const headers: Record<string, string | number> = { Accept: 'application/json' };
    if (payload) Object.assign(headers, { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': payload.length });
    const requestOptions = await this.requestOptions(headers);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])]);
    const url = new URL(this.server + target);
    return new Promise<Reply>((resolve, reject) => {
      const request = (url.protocol === 'http:' ? http : https).request(url, { ...requestOptions, method, signal }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolve({ code: response.statusCode ?? 0, body: parseBody(Buffer.concat(chunks)) }));
      });
      request.on('error', (error) => reject(signal.aborted ? abortReason(signal, timeoutMs) : error));
      request.end(payload);
    });
  }
}

function abortReason(signal: AbortSignal, timeoutMs: number): unknown {
  const reason: unknown = signal.reason;
  return reason instanceof DOMException && reason.name === 'TimeoutError' ? new Error(`no answer within ${timeoutMs} ms`) : reason;
}

function parseBody(raw: Buffer): unknown {
  if (!raw.length) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}
