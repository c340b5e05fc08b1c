// HTTP/2 to the API server, as client-go speaks it: a context's requests and watches share one TLS connection
// (another once the server's limit of concurrent streams is reached) instead of a connection, and its handshake,
// per watch. The protocol is agreed in the TLS handshake (ALPN); a server or proxy that speaks only HTTP/1.1 is
// remembered for the TLS material it was reached with, and its requests go through the keep-alive agent.
import * as l10n from '@vscode/l10n';
import * as http2 from 'node:http2';
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import { abortable, connectionCut, formatSeconds } from './apiClient';

/** Where and how to connect; `key` names the TLS material, which a change of (a rotated certificate) renews. */
export interface Http2Target {
  server: string;
  key: string;
  tls: tls.ConnectionOptions;
}

interface Pooled {
  session: http2.ClientHttp2Session;
  streams: number;
}

// client-go's windows: a list of thousands of objects is not held back by window updates on a distant server.
const STREAM_WINDOW = 4 << 20;
const CONNECTION_WINDOW = 1 << 30;
/** As the keep-alive agent's sockets. */
const KEEP_ALIVE_MS = 30_000;

/**
 * A connection carrying streams is pinged this often, and closed when no answer comes within the timeout (client-go's
 * 30 s and 15 s): its watches then end with an error and start again on a new one, instead of waiting for the OS to
 * notice a link that died silently (a VPN dropped, a NAT forgot), which takes minutes.
 */
export interface PingTiming {
  intervalMs: number;
  timeoutMs: number;
}

export class Http2Sessions {
  private pool: Pooled[] = [];
  private connecting?: Promise<Pooled | undefined>;
  private key?: string;
  private http1 = false;

  constructor(private readonly ping: PingTiming = { intervalMs: 30_000, timeoutMs: 15_000 }) {}

  /**
   * A stream for one request (`request`: its signal, whether a body follows), on a session with room for it;
   * undefined when the server chose HTTP/1.1. `signal` aborts the wait for a connection, which rejects as the
   * agent's would (refused, TLS).
   */
  async open(target: Http2Target, headers: http2.OutgoingHttpHeaders, request: http2.ClientSessionRequestOptions, signal: AbortSignal): Promise<http2.ClientHttp2Stream | undefined> {
    if (target.key !== this.key) {
      this.dispose();
      this.key = target.key;
    }
    for (;;) {
      if (this.http1) return undefined;
      const pooled = this.pool.find((p) => !p.session.closed && p.streams < (p.session.remoteSettings.maxConcurrentStreams ?? 100));
      if (pooled) return this.stream(pooled, headers, request);
      this.connecting ??= this.connect(target).finally(() => (this.connecting = undefined));
      await abortable(this.connecting, signal);
    }
  }

  dispose(): void {
    for (const { session } of this.pool.splice(0)) session.destroy();
    this.http1 = false;
  }

  private stream(pooled: Pooled, headers: http2.OutgoingHttpHeaders, request: http2.ClientSessionRequestOptions): http2.ClientHttp2Stream {
    const stream = pooled.session.request(headers, request);
    if (pooled.streams++ === 0) pooled.session.ref();
    stream.once('close', () => {
      if (--pooled.streams === 0) pooled.session.unref();
    });
    return stream;
  }

  private async connect(target: Http2Target): Promise<Pooled | undefined> {
    const url = new URL(target.server);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const socket = tls.connect({
      servername: isIP(host) ? undefined : host,
      ...target.tls,
      host,
      port: Number(url.port || 443),
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    });
    if (target.key !== this.key) {
      socket.destroy();
      return undefined;
    }
    if (socket.alpnProtocol !== 'h2') {
      socket.destroy();
      this.http1 = true;
      return undefined;
    }
    socket.setKeepAlive(true, KEEP_ALIVE_MS);
    const session = http2.connect(url.origin, { createConnection: () => socket, settings: { initialWindowSize: STREAM_WINDOW } });
    const pooled: Pooled = { session, streams: 0 };
    const leave = () => {
      this.pool = this.pool.filter((p) => p !== pooled);
    };
    session.once('connect', () => session.setLocalWindowSize(CONNECTION_WINDOW));
    // The streams in flight see the failure; the next request opens a new session. After a GOAWAY the streams the
    // server accepted finish on this one.
    session.on('error', leave);
    session.once('goaway', leave);
    session.once('close', leave);
    session.unref();
    this.watchHealth(pooled);
    // The server's limit of concurrent streams comes in its first SETTINGS: a stream beyond it would wait, unsent,
    // behind watches that never end.
    await new Promise<void>((resolve, reject) => {
      session.once('remoteSettings', () => resolve());
      session.once('error', reject);
      session.once('close', () => reject(connectionCut()));
    });
    if (target.key !== this.key) {
      session.destroy();
      return undefined;
    }
    this.pool.push(pooled);
    return pooled;
  }

  private watchHealth(pooled: Pooled): void {
    const { session } = pooled;
    const { intervalMs, timeoutMs } = this.ping;
    const pinging = setInterval(() => {
      if (!pooled.streams || session.destroyed) return;
      const timer = setTimeout(() => {
        session.destroy(Object.assign(new Error(l10n.t('no answer to a ping within {0}', formatSeconds(timeoutMs))), { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      session.ping(() => clearTimeout(timer));
    }, intervalMs);
    pinging.unref();
    session.once('close', () => clearInterval(pinging));
  }
}
