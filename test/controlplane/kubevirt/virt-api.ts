// virt-api's stand-in on a real control plane: one HTTPS server that
//   - serves `subresources.kubevirt.io/v1` to kube-apiserver's aggregator (discovery, the lifecycle subresources,
//     version, the serial console websocket) — only to callers with the front-proxy client certificate, acting as
//     the user kube-apiserver names in X-Remote-User / X-Remote-Group (it has authenticated and authorized them);
//   - answers kube-apiserver's AdmissionReviews for VirtualMachines, migrations, snapshots, restores and clones as
//     virt-api's validating webhooks do.
// Both run the simulator's own handlers and admission hooks (test/sim/kubevirt/), against the replica's Store.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import { ApiError, badRequest } from '../../sim/api-error';
import { apiGroup, apiResourceList } from '../../sim/discovery';
import { CLONES, MIGRATIONS, RESTORES, SNAPSHOTS, SUBRESOURCE_GROUP, VMS } from '../../sim/kubevirt/keys';
import { resourceInfo, type ResourceInfo } from '../../sim/request-info';
import type { Registry } from '../../sim/resources';
import { sendError, sendJson, toApiError } from '../../sim/respond';
import type { KubeObject } from '../../sim/store';
import { parseOptions, subresourceCall, writeReply } from '../../sim/subresource-http';
import type { AdmissionHook, SimUser, StreamHandler, SubresourceHandler } from '../../sim/types';
import type { FrontProxy } from '../launcher';
import type { Issued } from '../pki';
import { listenOnLoopback } from './loopback';

/** What virt-api runs: the handlers and hooks the KubeVirt module registered, and the replica they read. */
export interface VirtApiBackend {
  registry: Registry;
  subresource(resource: string, subresource: string, method: string): SubresourceHandler | undefined;
  stream(resource: string, subresource: string): { protocol: string; check: SubresourceHandler; handler: StreamHandler } | undefined;
  admission(resourceKey: string): readonly AdmissionHook[];
  /** Reads the VM and VMI a request names from the server, so the handler sees what the server has. */
  refresh(namespace: string, name: string): Promise<void>;
  /** Settles when what the handler wrote has reached the server. */
  flush(): Promise<void>;
}

/** Webhook paths (kube-apiserver calls them by URL) and the store key of what each validates. */
export const WEBHOOK_PATHS: Record<string, string> = {
  '/admission/virtualmachines': VMS,
  '/admission/virtualmachineinstancemigrations': MIGRATIONS,
  '/admission/virtualmachinesnapshots': SNAPSHOTS,
  '/admission/virtualmachinerestores': RESTORES,
  '/admission/virtualmachineclones': CLONES,
};

const notFoundPath = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
const unauthorized = () => new ApiError(401, 'Unauthorized', 'Unauthorized', {});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export class VirtApiServer {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly agreed = new WeakMap<IncomingMessage, string>();
  private readonly sockets = new Set<import('ws').WebSocket>();
  private boundPort = 0;

  constructor(private readonly backend: VirtApiBackend, serving: Issued, private readonly frontProxy: FrontProxy) {
    // The front-proxy CA vouches for kube-apiserver as a client; webhook calls come without a client certificate.
    this.server = createServer({ cert: serving.certPem, key: serving.keyPem, ca: frontProxy.caPem, requestCert: true, rejectUnauthorized: false });
    this.wss = new WebSocketServer({ noServer: true, handleProtocols: (_offered, req) => this.agreed.get(req) ?? false });
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head));
  }

  get port(): number {
    return this.boundPort;
  }

  async listen(): Promise<number> {
    this.boundPort = await listenOnLoopback(this.server);
    return this.boundPort;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The user kube-apiserver vouches for; throws 401 unless the caller is its front proxy. */
  private proxiedUser(req: IncomingMessage): SimUser {
    const socket = req.socket as TLSSocket;
    const peer = socket.authorized ? socket.getPeerCertificate().subject?.CN : undefined;
    if (!peer || !this.frontProxy.allowedNames.includes(String(peer))) throw unauthorized();
    const name = req.headers[this.frontProxy.usernameHeader.toLowerCase()];
    if (typeof name !== 'string' || !name) throw unauthorized();
    const groups = (req.headersDistinct[this.frontProxy.groupHeader.toLowerCase()] ?? []).flatMap((g) => g.split(',')).map((g) => g.trim()).filter(Boolean);
    return { name, groups };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
      const validated = WEBHOOK_PATHS[path];
      if (validated && req.method === 'POST') return await this.review(req, res, validated);
      const user = this.proxiedUser(req);
      const discovery = this.discovery(path);
      if (discovery) return await sendJson(res, 200, discovery);
      const info = resourceInfo(path);
      if (!info || info.group !== SUBRESOURCE_GROUP) throw notFoundPath();
      const handler = this.backend.subresource(info.resource, info.subresource ?? '', req.method ?? 'GET');
      if (!handler) throw notFoundPath();
      const body = parseOptions(await readBody(req));
      await this.refresh(info);
      const result = await handler(subresourceCall(user, info, url.searchParams, body));
      await this.backend.flush();
      await writeReply(res, result);
    } catch (error) {
      if (!res.headersSent) await sendError(res, error);
      else res.destroy();
    }
  }

  private async refresh(info: ResourceInfo): Promise<void> {
    if (info.namespace && info.name) await this.backend.refresh(info.namespace, info.name);
  }

  /** `/apis`, the group and its version: what the aggregator reads to publish the group. */
  private discovery(path: string): unknown {
    const group = this.backend.registry.group(SUBRESOURCE_GROUP, 'v1');
    if (!group) return undefined;
    if (path === '/apis') return { kind: 'APIGroupList', apiVersion: 'v1', groups: [apiGroup(group)] };
    if (path === `/apis/${SUBRESOURCE_GROUP}`) return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) };
    if (path === `/apis/${SUBRESOURCE_GROUP}/v1`) return apiResourceList(group);
    return undefined;
  }

  /** An AdmissionReview, answered as virt-api's admitters do: denial causes joined into the message, 422 Invalid. */
  private async review(req: IncomingMessage, res: ServerResponse, resourceKey: string): Promise<void> {
    const review = JSON.parse(await readBody(req)) as { request: { uid: string; object: KubeObject; oldObject?: KubeObject | null } };
    const { uid, object, oldObject } = review.request;
    let response: Record<string, unknown> = { uid, allowed: true };
    try {
      for (const hook of this.backend.admission(resourceKey)) hook(structuredClone(object), oldObject ?? undefined);
    } catch (error) {
      const denial = toApiError(error);
      const causes = denial.details?.causes ?? [];
      const status = causes.length
        ? { message: causes.map((c) => c.message).join(', '), reason: 'Invalid', code: 422, details: { causes } }
        : { message: denial.message, reason: denial.reason, code: denial.code };
      response = { uid, allowed: false, status };
    }
    await sendJson(res, 200, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response });
  }

  /** The serial console (and other websocket subresources): check, agree on the subprotocol, upgrade. */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    try {
      const user = this.proxiedUser(req);
      const url = new URL(req.url ?? '/', 'https://localhost');
      const info = resourceInfo(url.pathname);
      if (!info || info.group !== SUBRESOURCE_GROUP || !info.name || !info.subresource) throw notFoundPath();
      const stream = this.backend.stream(info.resource, info.subresource);
      if (!stream) throw notFoundPath();
      await this.refresh(info);
      const call = subresourceCall(user, info, url.searchParams, undefined);
      await stream.check(call);
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
      if (!offered.includes(stream.protocol)) throw badRequest(`websocket subprotocol ${stream.protocol} is required`);
      this.agreed.set(req, stream.protocol);
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.add(ws);
        ws.on('close', () => this.sockets.delete(ws));
        stream.handler(ws, call);
      });
    } catch (error) {
      const apiError = toApiError(error);
      const body = JSON.stringify(apiError.toStatus());
      socket.end(`HTTP/1.1 ${apiError.code} ${STATUS_CODES[apiError.code] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    }
  }
}

/** The ValidatingWebhookConfiguration virt-operator installs (`virt-api-validator`), calling `port` by URL. */
export function validatingWebhooks(port: number, caPem: string): Record<string, unknown> {
  const webhook = (name: string, path: string, resource: string, operations: string[], group = 'kubevirt.io', version = 'v1') => ({
    name,
    clientConfig: { url: `https://127.0.0.1:${port}${path}`, caBundle: Buffer.from(caPem).toString('base64') },
    rules: [{ apiGroups: [group], apiVersions: [version], operations, resources: [resource], scope: 'Namespaced' }],
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    timeoutSeconds: 10,
  });
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'virt-api-validator' },
    webhooks: [
      webhook('virtualmachine-validator.kubevirt.io', '/admission/virtualmachines', 'virtualmachines', ['CREATE', 'UPDATE']),
      webhook('migration-create-validator.kubevirt.io', '/admission/virtualmachineinstancemigrations', 'virtualmachineinstancemigrations', ['CREATE']),
      webhook('virtualmachinesnapshot-validator.snapshot.kubevirt.io', '/admission/virtualmachinesnapshots', 'virtualmachinesnapshots', ['CREATE', 'UPDATE'], 'snapshot.kubevirt.io', 'v1beta1'),
      webhook('virtualmachinerestore-validator.snapshot.kubevirt.io', '/admission/virtualmachinerestores', 'virtualmachinerestores', ['CREATE', 'UPDATE'], 'snapshot.kubevirt.io', 'v1beta1'),
      webhook('vm-clone-validator.kubevirt.io', '/admission/virtualmachineclones', 'virtualmachineclones', ['CREATE', 'UPDATE'], 'clone.kubevirt.io', 'v1beta1'),
    ],
  };
}

