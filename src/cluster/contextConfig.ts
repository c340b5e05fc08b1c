// The KubeConfig of one context as every caller uses it — our ApiClient, client-node's Log, the console's
// websocket: only the context's own cluster and user, credentials from our Credentials (exec plugins bounded
// and cached), one keep-alive agent per context (rebuilt only when the TLS material changes), the proxy client-go
// would use, HTTP/2 where the server speaks it and no proxy is in the way, and a cap on the one-shot requests in
// flight.
import * as l10n from '@vscode/l10n';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type * as http2 from 'node:http2';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { KubeConfig } from '@kubernetes/client-node';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import type WebSocket from 'ws';
import { Credentials, readConfigFile } from './credentials';
import { ConfigError } from './errors';
import { Http2Sessions, type PingTiming } from './http2Sessions';
import { contextKubeConfig, type ResolvedContext } from './kubeconfig';
import { Limiter } from './limiter';
import { proxyFor } from './proxy';

export interface ContextConfigOptions {
  credentials?: Credentials;
  /** For HTTPS_PROXY/NO_PROXY; the extension host's environment by default. */
  env?: NodeJS.ProcessEnv;
  /** One-shot requests in flight at once; default 8. */
  concurrency?: number;
  /** How an HTTP/2 connection's health is checked; client-go's timing by default. */
  ping?: PingTiming;
}

export class ContextConfig extends KubeConfig {
  readonly credentials: Credentials;
  readonly limiter: Limiter;
  private agent?: { key: string; agent: http.Agent; secureContext: tls.SecureContext; proxied: boolean };
  private readonly http2: Http2Sessions;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly resolved: ResolvedContext,
    options: ContextConfigOptions = {},
  ) {
    super();
    const own = contextKubeConfig(resolved);
    this.loadFromOptions({ clusters: own.getClusters(), users: own.getUsers(), contexts: own.getContexts(), currentContext: resolved.name });
    this.credentials = options.credentials ?? new Credentials();
    this.limiter = new Limiter(options.concurrency ?? 8);
    this.http2 = new Http2Sessions(options.ping);
    this.env = options.env ?? process.env;
  }

  /** Credentials, TLS material and the context's agent; used by client-node's Watch and Log through applyToFetchOptions. */
  override async applyToHTTPSOptions(opts: https.RequestOptions | WebSocket.ClientOptions): Promise<void> {
    const { resolved } = this;
    if (resolved.problem) throw new ConfigError(resolved.problem);
    const cluster = resolved.cluster!;
    if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) throw new ConfigError(l10n.t('plain http:// servers need insecure-skip-tls-verify in the kubeconfig'));
    const user = await this.credentials.forContext(resolved);
    const material: https.AgentOptions = {};
    const ca = cluster.caFile ? await readConfigFile(cluster.caFile, 'certificate-authority') : cluster.caData ? Buffer.from(cluster.caData, 'base64') : undefined;
    // Node would only fail at the handshake, with a message that names neither the setting nor the file.
    if (ca && !ca.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(cluster.caFile
      ? l10n.t('the certificate-authority file {0} of cluster "{1}" holds no PEM certificate', cluster.caFile, cluster.name)
      : l10n.t('the certificate-authority-data of cluster "{0}" holds no PEM certificate', cluster.name));
    if (ca) material.ca = ca;
    if (user.cert) material.cert = user.cert;
    if (user.key) material.key = user.key;
    if (cluster.tlsServerName) material.servername = cluster.tlsServerName;
    if (cluster.skipTLSVerify) material.rejectUnauthorized = false;
    const headers: Record<string, string | number | string[]> = { ...((opts.headers as Record<string, string | number | string[]> | undefined) ?? {}) };
    if (user.authorization) headers.Authorization = user.authorization;
    if (user.impersonate) headers['Impersonate-User'] = user.impersonate;
    const { agent, secureContext } = this.agentFor(material);
    Object.assign(opts, material, { headers, agent, secureContext });
  }

  /** The server answered 401: the credential is not asked from the cache again. */
  credentialsRejected(): void {
    this.credentials.invalidate(this.resolved);
  }

  /**
   * A stream for the request `options` (prepared by applyToHTTPSOptions) to `url`, on the context's HTTP/2
   * connection; undefined when the request is to go through the agent: a proxy, plain http, a server that chose
   * HTTP/1.1, or DISABLE_HTTP2 set (client-go's switch). `signal` aborts the wait for the connection.
   */
  async openHttp2(url: URL, options: https.RequestOptions, withBody: boolean, signal: AbortSignal): Promise<http2.ClientHttp2Stream | undefined> {
    const agent = this.agent;
    if (!agent || agent.proxied || url.protocol !== 'https:' || this.env.DISABLE_HTTP2) return undefined;
    const connection: tls.ConnectionOptions = { secureContext: agent.secureContext };
    if (options.servername) connection.servername = options.servername;
    if (options.rejectUnauthorized === false) connection.rejectUnauthorized = false;
    const headers: http2.OutgoingHttpHeaders = { ...(options.headers as http2.OutgoingHttpHeaders), ':method': options.method ?? 'GET', ':path': url.pathname + url.search };
    // Node ends a DELETE's stream at once unless told a body follows.
    const request: http2.ClientSessionRequestOptions = { endStream: !withBody, ...(options.signal ? { signal: options.signal } : {}) };
    return this.http2.open({ server: url.origin, key: agent.key, tls: connection }, headers, request, signal);
  }

  dispose(): void {
    this.http2.dispose();
    this.agent?.agent.destroy();
    this.agent = undefined;
  }

  /**
   * The context's agent and TLS context, built once: Node would otherwise parse the CA and key again into a new
   * context for every connection the agent opens.
   */
  private agentFor(material: https.AgentOptions): { agent: http.Agent; secureContext: tls.SecureContext } {
    const server = this.resolved.cluster!.server;
    const proxy = proxyFor(server, this.resolved.cluster?.proxyUrl, this.env);
    const key = createHash('sha256')
      .update(JSON.stringify([proxy, material.servername, material.rejectUnauthorized, ...[material.ca, material.cert, material.key].map((b) => (b ? (b as Buffer).toString('base64') : ''))]))
      .digest('hex');
    if (this.agent?.key === key) return this.agent;
    const secureContext = this.secureContextOf(material);
    this.agent?.agent.destroy();
    const options = { ...material, secureContext, keepAlive: true, keepAliveMsecs: 30_000 };
    const agent = !proxy
      ? server.startsWith('http:')
        ? new http.Agent(options)
        : new https.Agent(options)
      : proxy.startsWith('socks')
        ? new SocksProxyAgent(proxy, options)
        : server.startsWith('http:')
          ? new HttpProxyAgent({ ...options, proxy })
          : new HttpsProxyAgent({ ...options, proxy });
    this.agent = { key, agent, secureContext, proxied: !!proxy };
    return this.agent;
  }

  /**
   * Node's words for a client certificate or key it cannot read name neither ("asn1 encoding routines::wrong tag");
   * a CA it cannot read it skips, and the PEM check before this catches the usual mistakes.
   */
  private secureContextOf(material: https.AgentOptions): tls.SecureContext {
    try {
      return tls.createSecureContext(material);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new ConfigError(l10n.t('the client certificate or key of user "{0}" cannot be used: {1}', this.resolved.user?.name ?? '', detail));
    }
  }
}
