// A fault-injecting HTTPS proxy in front of a real kube-apiserver, for the soak: it speaks HTTP/2 (and HTTP/1.1) to
// the client as kube-apiserver does, forwards every request (watches streamed) and, on demand, drops open watches,
// answers resumed watches with a 410 Expired event, answers a share of requests with 429/500/503 (with Retry-After,
// as kube-apiserver's priority-and-fairness does), adds latency, goes offline on the same port, and expires bearer
// tokens. Tokens the proxy was told about are swapped for the real user's token upstream, so a test can rotate
// tokens kube-apiserver (static tokens) cannot.
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { resetResponse } from '../sim/respond';
import { createServingTls } from '../sim/tls';

export type ErrorCode = 429 | 500 | 503;

interface ErrorFault {
  code: ErrorCode;
  rate: number;
  retryAfterSeconds: number;
}

const REASONS: Record<ErrorCode, [string, string]> = {
  429: ['TooManyRequests', 'Too many requests, please try again later.'],
  500: ['InternalError', 'Internal error occurred: injected by the soak proxy'],
  503: ['ServiceUnavailable', 'The server is currently unable to handle the request'],
};

export class FaultProxy {
  /** Requests received (offline attempts never reach it). */
  requests = 0;
  /** Of them, over HTTP/2. */
  http2Requests = 0;
  private server?: http2.Http2SecureServer;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<{ client: http.ServerResponse; upstream: http.ClientRequest }>();
  private readonly tokens = new Map<string, string>();
  private readonly expired = new Set<string>();
  private readonly agent: https.Agent;
  private error?: ErrorFault;
  private latencyMs = 0;
  private goneWatches = 0;

  private constructor(
    private readonly upstream: URL,
    upstreamCaPem: string,
    readonly caPem: string,
    private readonly tls: { cert: string; key: string },
  ) {
    this.agent = new https.Agent({ ca: upstreamCaPem, keepAlive: true, maxSockets: 64 });
  }

  static async start(upstreamUrl: string, upstreamCaPem: string): Promise<FaultProxy> {
    const tls = await createServingTls('soak-proxy');
    const proxy = new FaultProxy(new URL(upstreamUrl), upstreamCaPem, tls.caPem, { cert: tls.certPem, key: tls.keyPem });
    await proxy.online();
    return proxy;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** A bearer token the proxy accepts (until expired) and replaces with `upstreamToken`. */
  acceptToken(token: string, upstreamToken: string): void {
    this.tokens.set(token, upstreamToken);
  }

  expireToken(token: string): void {
    this.expired.add(token);
  }

  errors(code: ErrorCode, rate: number, retryAfterSeconds: number): void {
    this.error = { code, rate, retryAfterSeconds };
  }

  latency(ms: number): void {
    this.latencyMs = ms;
  }

  /** No more injected errors, latency or pending 410s. */
  healthy(): void {
    this.error = undefined;
    this.latencyMs = 0;
    this.goneWatches = 0;
  }

  /** Ends every open watch: cleanly (as a server-side timeout) or abruptly (connection reset). Returns how many. */
  dropWatches(abrupt: boolean): number {
    const open = [...this.watches];
    this.watches.clear();
    for (const { client, upstream } of open) {
      upstream.destroy();
      if (abrupt) resetResponse(client);
      else client.end();
    }
    return open.length;
  }

  /** The next `count` watches resumed from a resourceVersion get an ERROR 410 Expired event. */
  expireNextWatches(count: number): void {
    this.goneWatches += count;
  }

  /** Stops listening and resets every connection: clients get ECONNREFUSED until `online()`. */
  async offline(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.dropWatches(true);
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens (again, on the same port once it had one). */
  online(): Promise<void> {
    if (this.server) return Promise.resolve();
    // The compatibility API hands HTTP/2 requests to the same handler.
    const server = http2.createSecureServer({ ...this.tls, allowHTTP1: true }, (req, res) => this.handle(req as unknown as http.IncomingMessage, res as unknown as http.ServerResponse));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    await this.offline();
    this.agent.destroy();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests++;
    if (req.httpVersionMajor === 2) this.http2Requests++;
    const delay = this.latencyMs;
    if (delay > 0) setTimeout(() => this.answer(req, res), delay);
    else this.answer(req, res);
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token && this.expired.has(token)) return status(res, 401, 'Unauthorized', 'Unauthorized');
    const error = this.error;
    if (error && Math.random() < error.rate) {
      const [reason, message] = REASONS[error.code];
      return status(res, error.code, reason, message, error.code === 500 ? undefined : error.retryAfterSeconds);
    }
    const url = new URL(req.url ?? '/', this.upstream);
    const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
    const resumed = !['', '0'].includes(url.searchParams.get('resourceVersion') ?? '');
    if (watch && resumed && this.goneWatches > 0) {
      this.goneWatches--;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const gone = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version', reason: 'Expired', code: 410 };
      res.end(`${JSON.stringify({ type: 'ERROR', object: gone })}\n`);
      return;
    }
    const headers = { ...withoutHopByHop(req.headers), host: url.host };
    if (token && this.tokens.has(token)) headers.authorization = `Bearer ${this.tokens.get(token)}`;
    const upstream = https.request(url, { method: req.method, headers, agent: this.agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
      // Node sends the headers with the first byte of body otherwise: a watch on a quiet resource would look unanswered.
      res.flushHeaders();
      answer.pipe(res);
    });
    upstream.on('error', () => resetResponse(res));
    if (watch) {
      const entry = { client: res, upstream };
      this.watches.add(entry);
      res.on('close', () => {
        this.watches.delete(entry);
        upstream.destroy();
      });
    }
    req.pipe(upstream);
  }
}

function status(res: http.ServerResponse, code: number, reason: string, message: string, retryAfterSeconds?: number): void {
  const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json' };
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  const details = retryAfterSeconds !== undefined ? { retryAfterSeconds } : undefined;
  res.writeHead(code, headers);
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code, ...(details ? { details } : {}) }));
}

/** Headers without HTTP/2's pseudo-headers and HTTP/1.1's connection headers, which the other protocol refuses. */
function withoutHopByHop(headers: http.IncomingHttpHeaders): http.IncomingHttpHeaders {
  const hop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'host']);
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(':') && !hop.has(name)));
}
