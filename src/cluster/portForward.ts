// Forward Port…: a local TCP listener whose every accepted connection is relayed through one `portforward/PORT`
// websocket of the VM or VMI (virt-api dials the guest itself; bytes go as binary messages both ways, no channel
// bytes — plainStream.ts), as virtctl port-forward does. A refused upgrade (paused VMI, nothing listening, 403) closes
// that connection and is reported to `onError` with the server's message; the listener stays for the next one.
import * as l10n from '@vscode/l10n';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { TargetKind } from '../model/actions';
import type { KubeHttp } from './kubeHttp';
import { subresourcePath } from './kubevirtPaths';
import { openPlainStream, type PlainStream } from './plainStream';

export interface ForwardTarget {
  namespace: string;
  name: string;
  /** Defaults to 'vm'. */
  kind?: TargetKind;
}

export interface ForwardOptions {
  /** 0 (the default) picks a free port. */
  localPort?: number;
  /** Loopback only by default: a forward must not open the guest to the network. */
  host?: string;
  onError?(error: unknown): void;
}

export interface PortForward {
  readonly host: string;
  readonly localPort: number;
  readonly remotePort: number;
  /** Connections being relayed now. */
  readonly active: number;
  /** Stops listening and ends every relayed connection. */
  close(): Promise<void>;
}

export async function forwardPort(http: KubeHttp, target: ForwardTarget, remotePort: number, options: ForwardOptions = {}): Promise<PortForward> {
  if (!Number.isInteger(remotePort) || remotePort < 1 || remotePort > 65535) throw new RangeError(l10n.t('Port {0} is not a TCP port (1–65535).', remotePort));
  const resource = target.kind === 'vmi' ? 'virtualmachineinstances' : 'virtualmachines';
  const path = subresourcePath(resource, target.namespace, target.name, `portforward/${remotePort}`);
  const sockets = new Set<Socket>();
  const streams = new Set<PlainStream>();

  const relay = async (socket: Socket) => {
    sockets.add(socket);
    socket.pause();
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    let stream: PlainStream;
    try {
      stream = await openPlainStream(http, path);
    } catch (error) {
      socket.destroy();
      options.onError?.(error);
      return;
    }
    if (socket.destroyed) return stream.close();
    streams.add(stream);
    stream.onData((bytes) => socket.write(bytes));
    stream.onClose(() => {
      streams.delete(stream);
      socket.end();
    });
    socket.on('data', (chunk: Buffer) => stream.write(chunk));
    socket.on('close', () => stream.close());
    socket.resume();
  };

  const server: Server = createServer((socket) => void relay(socket));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.localPort ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    host,
    localPort: (server.address() as AddressInfo).port,
    remotePort,
    get active() {
      return streams.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.close();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
