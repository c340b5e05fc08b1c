// The kubelets' HTTPS endpoint on a real control plane: kube-apiserver proxies `pods/{name}/log` to the node's
// kubelet at `/containerLogs/{namespace}/{pod}/{container}`, after checking the pod and container itself. Every
// simulated node points there (a `localhost` InternalDNS address and this port in its daemonEndpoints), and the
// lines are the simulator's own (test/sim/workloads/logs.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { ApiError } from '../../sim/api-error';
import { sendError } from '../../sim/respond';
import type { Store } from '../../sim/store';
import { writeReply } from '../../sim/subresource-http';
import { podLogHandler } from '../../sim/workloads/logs';
import type { Issued } from '../pki';
import { listenOnLoopback } from './loopback';

export class KubeletServer {
  private readonly server: Server;
  private readonly logs: ReturnType<typeof podLogHandler>;

  constructor(store: Store, stepDelayMs: number, serving: Issued) {
    this.logs = podLogHandler(store, stepDelayMs);
    this.server = createServer({ cert: serving.certPem, key: serving.keyPem }, (req, res) => void this.handle(req, res));
  }

  listen(): Promise<number> {
    return listenOnLoopback(this.server);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const [root, namespace, pod, container] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (req.method !== 'GET' || root !== 'containerLogs' || !container) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
      const query = new URLSearchParams(url.searchParams);
      query.set('container', container);
      const reply = await this.logs({ user: { name: 'system:kube-apiserver', groups: [] }, namespace, name: pod, body: undefined, dryRun: false, query });
      await writeReply(res, reply);
    } catch (error) {
      if (!res.headersSent) await sendError(res, error);
      else res.destroy();
    }
  }
}
