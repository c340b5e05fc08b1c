// The simulation's own HTTPS servers (virt-api, the kubelet) listen on a free loopback port.
import type { Server } from 'node:https';

/** Listens on 127.0.0.1 at a port the system picks; resolves to that port. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}
