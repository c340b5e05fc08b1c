// The network services a simulated guest runs, as real TCP listeners on 127.0.0.1 (one per VMI and port, opened on
// first use): an SSH daemon that sends its identification banner (no key exchange follows) on port 22, and an HTTP
// server on port 80 whose page names the VM. Dialling any other port is refused, as by a guest with nothing there.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { KubeObject } from '../store';
import { guestOsFor } from './guest-os';

const SSH_BANNERS: Record<string, string> = {
  ubuntu: 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5',
  debian: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3',
  alpine: 'SSH-2.0-OpenSSH_9.7',
};

/** Thrown when nothing listens on the port (the message is Go's, after "dial tcp ADDR: "). */
export class ConnectionRefused extends Error {
  constructor() {
    super('connect: connection refused');
  }
}

function sshd(vmi: KubeObject): (socket: Socket) => void {
  const banner = SSH_BANNERS[guestOsFor(vmi).id] ?? 'SSH-2.0-OpenSSH_9.8';
  return (socket) => {
    socket.on('error', () => socket.destroy());
    socket.write(`${banner}\r\n`);
    socket.resume();
  };
}

/** HTTP/1.1 with keep-alive: `/` answers 200 with a page naming the VM, anything else 404. */
function httpd(vmi: KubeObject): (socket: Socket) => void {
  const page = `<!doctype html>\n<html><head><title>${vmi.metadata.name}</title></head><body><h1>Hello from ${vmi.metadata.name}</h1><p>${guestOsFor(vmi).prettyName} in ${vmi.metadata.namespace}</p></body></html>\n`;
  return (socket) => {
    let buffered = '';
    socket.setEncoding('latin1');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
        const head = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        const [method = '', path = ''] = head.split('\r\n')[0].split(' ');
        const found = path === '/' || path === '/index.html';
        const body = found ? page : `Not found: ${path}\n`;
        const close = /^connection:\s*close/im.test(head);
        socket.write([
          `HTTP/1.1 ${found ? '200 OK' : '404 Not Found'}`,
          'Server: nginx/1.26.2',
          `Content-Type: ${found ? 'text/html' : 'text/plain'}; charset=utf-8`,
          `Content-Length: ${Buffer.byteLength(body)}`,
          `Connection: ${close ? 'close' : 'keep-alive'}`,
          '',
          method === 'HEAD' ? '' : body,
        ].join('\r\n'));
        if (close) socket.end();
      }
    });
  };
}

const SERVICES: Record<number, (vmi: KubeObject) => (socket: Socket) => void> = { 22: sshd, 80: httpd };

export class GuestServices {
  private readonly servers = new Map<string, { listening: Promise<Server>; sockets: Set<Socket> }>();

  /** A TCP connection to the guest's service on `port`; rejects with ConnectionRefused where none runs. */
  async dial(vmi: KubeObject, port: number): Promise<Socket> {
    const service = SERVICES[port];
    if (!service) throw new ConnectionRefused();
    const key = `${vmi.metadata.uid}/${port}`;
    let entry = this.servers.get(key);
    if (!entry) {
      const sockets = new Set<Socket>();
      const serve = service(vmi);
      const server = createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        serve(socket);
      });
      const listening = new Promise<Server>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
      this.servers.set(key, (entry = { listening, sockets }));
    }
    const address = (await entry.listening).address();
    const local = typeof address === 'object' && address ? address.port : 0;
    return new Promise<Socket>((resolve, reject) => {
      const socket = connect(local, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  /** The guest went away: its services stop and their connections end. */
  stop(vmiUid: string): void {
    for (const [key, entry] of this.servers) {
      if (!key.startsWith(`${vmiUid}/`)) continue;
      this.servers.delete(key);
      for (const socket of entry.sockets) socket.destroy();
      void entry.listening.then((server) => server.close(), () => undefined);
    }
  }

  stopAll(): void {
    for (const key of [...this.servers.keys()]) this.stop(key.split('/')[0]);
  }
}
