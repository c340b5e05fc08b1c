// The HTTP(S) front of one simulated cluster: connection tracking (for offline faults), authentication,
// injected faults, authorization, then routing to discovery or the resource handlers.
import { STATUS_CODES, createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { constants, createSecureServer, type ServerHttp2Session } from 'node:http2';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ApiError, badRequest, forbidden, unauthorized } from './api-error';
import type { Http2Serving, SimCluster } from './cluster';
import { KUBE_VERSION, apiGroup, apiGroupList, apiResourceList, apiVersions, openApiGroupVersion, openApiRoot } from './discovery';
import type { RequestContext } from './handlers/context';
import { create, getObject, listObjects, patch, remove, removeCollection, update } from './handlers/objects';
import { selfSubjectAccessReview, selfSubjectReview, selfSubjectRulesReview, subjectAccessReview } from './handlers/reviews';
import { resourceInfo, type ResourceInfo } from './request-info';
import { sendBody, sendError, sendJson, toApiError } from './respond';
import { parseOptions, subresourceCall, writeReply } from './subresource-http';
import type { ServingTls } from './tls';
import type { SimUser, SubresourceCall, SubresourceReply } from './types';
import { WatchRegistry, serveWatch } from './watch';

const notFoundPath = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
const methodNotAllowed = () => new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Subprotocol prefix through which websocket clients (kubectl, browsers) pass a bearer token. */
const WS_TOKEN_PREFIX = 'base64url.bearer.authorization.k8s.io.';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function requestVerb(method: string, info: ResourceInfo, query: URLSearchParams): string {
  switch (method) {
    case 'GET': case 'HEAD':
      if (info.name) return 'get';
      return ['1', 'true'].includes(query.get('watch') ?? '') ? 'watch' : 'list';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return info.name ? 'delete' : 'deletecollection';
    default: return method.toLowerCase();
  }
}

/** One request as the server saw it, for tests that count what a client sends. */
export interface RequestRecord {
  method: string;
  /** Path and query. */
  path: string;
  /** The authenticated user; undefined when authentication failed. */
  user?: string;
  watch: boolean;
  /** Came over HTTP/2 (else HTTP/1.1). */
  http2: boolean;
  /** When it came, and when its answer ended (one-shot requests), in `performance.now()` milliseconds. */
  at: number;
  done?: number;
}

export class SimServer {
  readonly watches = new WatchRegistry();
  /** Every request (websocket upgrades included), in arrival order. */
  readonly requests: RequestRecord[] = [];
  /** TCP connections accepted (TLS handshakes included). */
  connections = 0;
  /** The most one-shot (non-watch) requests that were in progress at once. */
  maxConcurrent = 0;
  private concurrent = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Set<ServerHttp2Session>();
  /** The subprotocol agreed for each upgrade request (the stream's, once the client offered it). */
  private readonly agreed = new WeakMap<IncomingMessage, string>();
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (_offered, req) => this.agreed.get(req) ?? false });
  private boundPort = 0;

  constructor(private readonly cluster: SimCluster, tls: ServingTls | undefined, private readonly bookmarkIntervalMs: number, http2: Http2Serving | false) {
    // An HTTP/2 request comes with the compatibility API's request and response, which the handlers use alike.
    this.server = !tls
      ? createHttpServer()
      : http2
        ? (createSecureServer({ key: tls.keyPem, cert: tls.certPem, allowHTTP1: true, settings: { maxConcurrentStreams: http2.maxConcurrentStreams ?? 100 } }) as unknown as Server)
        : createHttpsServer({ key: tls.keyPem, cert: tls.certPem });
    // Raw TCP sockets (also for TLS, so handshakes in progress are closed too when going offline).
    this.server.on('connection', (socket: Socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('session', (session: ServerHttp2Session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
    });
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head));
  }

  get port(): number {
    return this.boundPort;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** Listens on 127.0.0.1 (`port` 0 = a random free port; later calls reuse the first port). */
  listen(port = this.boundPort): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address();
        this.boundPort = typeof address === 'object' && address ? address.port : port;
        resolve(this.boundPort);
      });
    });
  }

  /** GOAWAY on every HTTP/2 connection (see Faults.goAway). */
  goAway(): number {
    // As Go's server: the streams it took go on, a later one is refused unprocessed.
    for (const session of this.sessions) session.goaway(constants.NGHTTP2_NO_ERROR, session.state.lastProcStreamID);
    return this.sessions.size;
  }

  /** Stops listening and destroys every open connection (watches included). */
  close(): Promise<void> {
    this.watches.dropAll(true);
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    return new Promise((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
  }

  private authenticate(header: string | undefined, wsProtocols: string[] = []): SimUser {
    const fromWs = wsProtocols.find((p) => p.startsWith(WS_TOKEN_PREFIX));
    const token = header?.match(/^Bearer\s+(.+)$/i)?.[1].trim()
      ?? (fromWs ? Buffer.from(fromWs.slice(WS_TOKEN_PREFIX.length), 'base64url').toString('utf8') : undefined);
    const user = token ? this.cluster.authenticate(token) : undefined;
    if (!user) throw unauthorized();
    return user;
  }

  /**
   * Impersonate-User / Impersonate-Group, as kube-apiserver handles them: the authenticated user needs the
   * `impersonate` verb on each user and group; the request then runs as them (plus system:authenticated).
   */
  private impersonate(user: SimUser, req: IncomingMessage): SimUser {
    const as = req.headers['impersonate-user'];
    const rawGroups = req.headers['impersonate-group'];
    const groups = (Array.isArray(rawGroups) ? rawGroups : rawGroups ? [rawGroups] : []).flatMap((g) => g.split(',').map((x) => x.trim()).filter(Boolean));
    if (typeof as !== 'string' || !as) {
      if (groups.length) throw new ApiError(500, 'InternalError', 'requested [' + groups.map((g) => `{Group ${g}}`).join(' ') + '] without impersonating a user', {});
      return user;
    }
    const serviceAccount = /^system:serviceaccount:([^:]+):(.+)$/.exec(as);
    const targets: [string, string, string | undefined][] = [
      serviceAccount ? ['serviceaccounts', serviceAccount[2], serviceAccount[1]] : ['users', as, undefined],
      ...groups.map((g): [string, string, string | undefined] => ['groups', g, undefined]),
    ];
    for (const [resource, name, namespace] of targets) {
      const decision = this.cluster.rbac.authorize({ user, verb: 'impersonate', resourceRequest: true, apiGroup: '', resource, namespace, name });
      if (!decision.allowed) {
        throw new ApiError(403, 'Forbidden', `${resource} "${name}" is forbidden: User "${user.name}" cannot impersonate resource "${resource}" in API group "" ${namespace ? `in the namespace "${namespace}"` : 'at the cluster scope'}`, { name, kind: resource });
      }
    }
    return { name: as, groups: [...new Set([...groups, 'system:authenticated'])] };
  }

  /** Notes the request; the user is filled in once authenticated. */
  private record(req: IncomingMessage, res: ServerResponse | undefined): RequestRecord {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const entry: RequestRecord = { method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, watch: ['1', 'true'].includes(url.searchParams.get('watch') ?? ''), http2: req.httpVersionMajor === 2, at: performance.now() };
    this.requests.push(entry);
    if (res && !entry.watch) {
      this.concurrent++;
      this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
      res.once('close', () => {
        this.concurrent--;
        entry.done = performance.now();
      });
    }
    return entry;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { faults } = this.cluster;
    const entry = this.record(req, res);
    try {
      if (faults.settings.latencyMs > 0) await sleep(faults.settings.latencyMs);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const user = this.impersonate(this.authenticate(req.headers.authorization), req);
      entry.user = user.name;
      const injected = faults.injectedError();
      if (injected) throw injected;
      const raw = await readBody(req);
      const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
      const info = resourceInfo(pathname);
      if (!info) return await this.nonResource(req, res, pathname, user);
      const ctx: RequestContext = { cluster: this.cluster, req, res, query: url.searchParams, user, info, raw };
      await this.resource(ctx, req.method ?? 'GET');
    } catch (e) {
      if (!res.headersSent) await sendError(res, e, faults.settings.slowBody);
      else res.destroy();
    }
  }

  private async nonResource(req: IncomingMessage, res: ServerResponse, path: string, user: SimUser): Promise<void> {
    const verb = (req.method ?? 'GET').toLowerCase();
    const decision = this.cluster.rbac.authorize({ user, verb, resourceRequest: false, path });
    if (!decision.allowed) throw new ApiError(403, 'Forbidden', `forbidden: User "${user.name}" cannot ${verb} path "${path}"`, {});
    if (req.method !== 'GET') throw methodNotAllowed();
    const { registry } = this.cluster;
    const slow = this.cluster.faults.settings.slowBody;
    const parts = path.split('/').filter(Boolean);
    let body: unknown;
    if (path === '/version') body = KUBE_VERSION;
    else if (path === '/api') body = apiVersions(`127.0.0.1:${this.boundPort}`);
    else if (path === '/apis') body = apiGroupList(registry);
    else if (path === '/api/v1') body = apiResourceList(registry.group('', 'v1')!);
    else if (parts[0] === 'apis' && parts.length === 2) {
      const g = registry.group(parts[1]);
      body = g && g.group ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined;
    } else if (parts[0] === 'apis' && parts.length === 3) {
      const g = registry.group(parts[1], parts[2]);
      body = g && g.group ? apiResourceList(g) : undefined;
    } else if (path === '/openapi/v3') body = openApiRoot(registry);
    else if (path.startsWith('/openapi/v3/')) body = openApiGroupVersion(registry, path.slice('/openapi/v3/'.length));
    else if (['/healthz', '/livez', '/readyz'].includes(path)) return sendBody(res, 200, 'ok', 'text/plain; charset=utf-8', slow);
    // An empty OpenAPI v2 document (zero protobuf bytes decode to one): kubectl falls back to it for kinds the
    // v3 document lacks, validates nothing, and then reports the real error (e.g. "no matches for kind").
    else if (path === '/openapi/v2') return sendBody(res, 200, Buffer.alloc(0), 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', slow);
    if (body === undefined) throw notFoundPath();
    return sendJson(res, 200, body, slow);
  }

  private async resource(ctx: RequestContext, method: string): Promise<void> {
    const { info, user, query, cluster } = ctx;
    const verb = requestVerb(method, info, query);
    const decision = cluster.rbac.authorize({
      user, verb, resourceRequest: true, apiGroup: info.group, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: info.name,
    });
    if (!decision.allowed) throw forbidden(user.name, verb, info.resource, info.group, info.namespace, info.name, info.subresource);
    if (!cluster.registry.group(info.group, info.version)) throw notFoundPath();

    const plugin = cluster.subresourcePlugin(info.group, info.resource, info.subresource ?? '');
    if (plugin) {
      const handler = plugin.get(method as 'GET' | 'PUT');
      if (!handler) throw methodNotAllowed();
      return this.runPlugin(ctx, handler);
    }

    const def = cluster.registry.find(info.group, info.version, info.resource);
    if (!def || (info.subresource && !def.subresources?.[info.subresource])) throw notFoundPath();
    if (!info.subresource && !def.verbs.includes(verb)) throw methodNotAllowed();
    if (def.group === 'authorization.k8s.io') {
      if (def.resource === 'subjectaccessreviews') return subjectAccessReview(ctx);
      return def.resource === 'selfsubjectaccessreviews' ? selfSubjectAccessReview(ctx) : selfSubjectRulesReview(ctx);
    }
    if (def.group === 'authentication.k8s.io') return selfSubjectReview(ctx);
    if (info.subresource && info.subresource !== 'status') throw notFoundPath();
    if (def.namespaced && info.name && !info.namespace) throw notFoundPath();

    switch (verb) {
      case 'get': return getObject(ctx, def);
      case 'list': return listObjects(ctx, def);
      case 'watch': return serveWatch(ctx, def, this.watches, this.bookmarkIntervalMs);
      case 'create':
        if (info.name) throw methodNotAllowed();
        return create(ctx, def);
      case 'update': return update(ctx, def);
      case 'patch': return patch(ctx, def);
      case 'delete': return remove(ctx, def);
      case 'deletecollection': return removeCollection(ctx, def);
      default: throw methodNotAllowed();
    }
  }

  private async runPlugin(ctx: RequestContext, handler: (call: SubresourceCall) => SubresourceReply | Promise<SubresourceReply>): Promise<void> {
    const result = await handler(subresourceCall(ctx.user, ctx.info, ctx.query, parseOptions(ctx.raw.toString('utf8'))));
    await writeReply(ctx.res, result, this.cluster.faults.settings.slowBody, (res) => this.watches.add(res));
  }

  /** Websocket subresources (console, vnc…): authenticate, authorize `get`, run the check, then upgrade. */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const fail = (e: unknown) => {
      const error = toApiError(e);
      const body = JSON.stringify(error.toStatus());
      socket.end(`HTTP/1.1 ${error.code} ${STATUS_CODES[error.code] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    };
    const entry = this.record(req, undefined);
    try {
      const { faults } = this.cluster;
      if (faults.settings.latencyMs > 0) await sleep(faults.settings.latencyMs);
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
      const user = this.authenticate(req.headers.authorization, offered);
      entry.user = user.name;
      const injected = faults.injectedError();
      if (injected) throw injected;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const info = resourceInfo(url.pathname);
      if (!info || !info.name || !info.subresource) throw notFoundPath();
      const decision = this.cluster.rbac.authorize({
        user, verb: 'get', resourceRequest: true, apiGroup: info.group, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: info.name,
      });
      if (!decision.allowed) throw forbidden(user.name, 'get', info.resource, info.group, info.namespace, info.name, info.subresource);
      const stream = this.cluster.streamPlugin(info.group, info.resource, info.subresource);
      if (!stream || !this.cluster.registry.group(info.group, info.version)) throw notFoundPath();
      const call = subresourceCall(user, info, url.searchParams, undefined);
      await stream.check(call);
      if (!offered.includes(stream.protocol)) throw badRequest(`websocket subprotocol ${stream.protocol} is required`);
      this.agreed.set(req, stream.protocol);
      this.wss.handleUpgrade(req, socket, head, (ws) => stream.handler(ws, call));
    } catch (e) {
      fail(e);
    }
  }
}
