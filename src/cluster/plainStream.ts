// virt-api's websocket subresources (console, vnc, portforward): subprotocol plain.kubevirt.io (reference §1.7),
// raw bytes in binary messages both ways, opened with the context's credentials via client-node's
// applyToHTTPSOptions. client-node's WebSocketHandler cannot be used: it always offers the channel.k8s.io protocols,
// which virt-api refuses. A refusal before the upgrade rejects with a KubeApiError carrying the Status.
import WebSocket from 'ws';
import { withQuery, type Query } from './apiClient';
import { apiLine } from './apiLog';
import { KubeApiError } from './errors';
import type { KubeHttp } from './kubeHttp';

const PLAIN_PROTOCOL = 'plain.kubevirt.io';

export interface PlainStream {
  /** Bytes from the other end; bytes that arrived before the first listener are delivered to it. */
  onData(listener: (bytes: Uint8Array) => void): void;
  /** Called once when the socket closes, whoever closed it; 1006 when it ended without a close frame. */
  onClose(listener: (code: number, reason: string) => void): void;
  write(bytes: Uint8Array | string): void;
  close(): void;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** How long the upgrade may take; defaults to the client's timeout. */
  timeoutMs?: number;
  query?: Query;
}

/** Opens the websocket at `path`; resolves once upgraded. */
export async function openPlainStream(http: KubeHttp, path: string, options: StreamOptions = {}): Promise<PlainStream> {
  const target = withQuery(path, options.query);
  const url = http.server.replace(/^http/, 'ws') + target;
  const requestOptions = await http.requestOptions();
  const socket = new WebSocket(url, [PLAIN_PROTOCOL], { ...requestOptions, handshakeTimeout: options.timeoutMs ?? http.timeoutMs });
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    // Once settled, later events (the error that terminating a refused handshake raises) change nothing.
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => {
      settle(() => reject(options.signal?.reason ?? new Error('aborted')));
      socket.terminate();
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('open', () =>
      settle(() => {
        http.log(apiLine('GET', `${target} (websocket ${socket.protocol || 'no subprotocol'})`, 101));
        resolve();
      }),
    );
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const code = response.statusCode ?? 0;
        settle(() => {
          http.log(apiLine('GET', `${target} (websocket)`, code));
          reject(KubeApiError.fromResponse(code, parseStatus(Buffer.concat(chunks))));
        });
        socket.terminate();
      });
    });
    // Stays attached: an error after the upgrade then ends in a close event instead of being thrown.
    socket.on('error', (error) =>
      settle(() => {
        http.log(apiLine('GET', `${target} (websocket)`, `failed: ${error.message}`));
        reject(error);
      }),
    );
  });
  return streamOf(socket);
}

function streamOf(socket: WebSocket): PlainStream {
  const early: Uint8Array[] = [];
  let dataListener: ((bytes: Uint8Array) => void) | undefined;
  let closed: { code: number; reason: string } | undefined;
  const closeListeners: ((code: number, reason: string) => void)[] = [];
  socket.on('message', (data: WebSocket.RawData) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (dataListener) dataListener(bytes);
    else early.push(bytes);
  });
  socket.on('close', (code: number, reason: Buffer) => {
    closed = { code, reason: reason.toString('utf8') };
    for (const listener of closeListeners) listener(closed.code, closed.reason);
  });
  return {
    onData(listener) {
      dataListener = listener;
      for (const bytes of early.splice(0)) listener(bytes);
    },
    onClose(listener) {
      if (closed) listener(closed.code, closed.reason);
      else closeListeners.push(listener);
    },
    write(bytes) {
      if (socket.readyState === WebSocket.OPEN) socket.send(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, { binary: true });
    },
    close() {
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close(1000);
    },
  };
}

/** A refusal's body: a Status, or (virt-api's GET routes and some proxies) plain text. */
function parseStatus(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return { message: raw.toString('utf8').trim() || undefined };
  }
}
