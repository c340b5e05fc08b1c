// The lifecycle, access and manifest calls' view of a context: the same door as the tree's (ApiClient: the
// context's CA, client certificate and credentials from client-node's KubeConfig, one log line per call, never
// a header), plus what those callers need on top: picking a context of a merged config, 404 as "absent", and
// request options for the console's websocket.
import * as l10n from '@vscode/l10n';
import type * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiClient, type Reply, type RequestOptions } from './apiClient';
import type { ApiLog } from './apiLog';
import type { ContextConfig, ContextConfigOptions } from './contextConfig';
import { KubeApiError } from './errors';
import { fromKubeConfig, type ResolvedContext } from './kubeconfig';

export type { Reply } from './apiClient';
export type SendOptions = RequestOptions;

/**
 * A context's ContextConfig, its module required on the first call: it brings the Kubernetes client, which the Fleet
 * (importing this module) loads only once it connects, never for the cluster rows read from the kubeconfig.
 */
export function newContextConfig(resolved: ResolvedContext, options?: ContextConfigOptions): ContextConfig {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ContextConfig } = require('./contextConfig') as typeof import('./contextConfig');
  return new ContextConfig(resolved, options);
}

export class KubeHttp extends ApiClient {
  constructor(kubeconfig: ContextConfig, log: ApiLog = () => undefined, timeoutMs = 15_000) {
    super(kubeconfig, log, timeoutMs);
  }

  /** A client for `context` of one in-memory kubeconfig (tests, tools); the extension's come from its Fleet. */
  static forContext(config: KubeConfig, context: string, log?: ApiLog, timeoutMs?: number): KubeHttp {
    const resolved = fromKubeConfig(config).contexts.find((c) => c.name === context);
    if (!resolved) throw new Error(l10n.t('no context named "{0}" in the kubeconfig', context));
    return new KubeHttp(newContextConfig(resolved), log, timeoutMs);
  }

  get context(): string {
    return this.kubeconfig.resolved.name;
  }

  override get server(): string {
    const server = this.kubeconfig.getCurrentCluster()?.server;
    if (!server) throw new Error(l10n.t('context "{0}" names no cluster', this.context));
    return server;
  }

  /** The parsed body of a 2xx answer; any other status rejects with a KubeApiError carrying the Status message. */
  call<T>(method: string, path: string, options: SendOptions = {}): Promise<T> {
    return this.request<T>(method, path, options);
  }

  /** Like `call` with GET, but undefined for a 404. */
  async find<T>(path: string, options: SendOptions = {}): Promise<T | undefined> {
    const reply: Reply = await this.send('GET', path, options);
    if (reply.code === 404) return undefined;
    if (reply.code < 200 || reply.code > 299) throw KubeApiError.fromResponse(reply.code, reply.body);
    return reply.body as T;
  }

  /** Options for an https (or ws) request to the server with the context's credentials applied. */
  async requestOptions(headers: Record<string, string | number> = {}): Promise<https.RequestOptions> {
    const options: https.RequestOptions = { headers: { ...headers } };
    await this.kubeconfig.applyToHTTPSOptions(options);
    return options;
  }
}
