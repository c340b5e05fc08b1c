// The connection state of one context. Connecting asks `/version` within the client's timeout, so a dead
// cluster is reported as unreachable in bounded time; later failures of its watches can move the state too.
import type { ApiClient } from './apiClient';
import { classifyFailure, failureCode, type ConnectionStatus } from './errors';

export interface ConnectionState {
  status: ConnectionStatus;
  /** One line for anything but 'connected', e.g. `connect ECONNREFUSED 127.0.0.1:41234`. */
  reason?: string;
}

export class Connection {
  private current: ConnectionState = { status: 'idle' };
  private attempt?: Promise<string | undefined>;

  constructor(
    readonly client: ApiClient,
    private readonly onState: (state: ConnectionState) => void,
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  /** Probes the server once; resolves with its version (if readable) when connected. The state says why not. */
  connect(): Promise<string | undefined> {
    this.attempt ??= this.probe();
    return this.attempt;
  }

  /** A later call failed in a way that breaks the connection (unreachable, credentials, TLS, discovery). */
  failed(error: unknown, context?: string): void {
    const classified = classifyFailure(error, this.client.credentialKind);
    this.set({ status: classified.status, reason: context ? `${context}: ${classified.reason}` : classified.reason });
  }

  /** A call succeeded again after a failure (the server is back, or fresh credentials were accepted). */
  recovered(): void {
    if (['unreachable', 'tlsError', 'unauthorized', 'credentials'].includes(this.current.status)) this.set({ status: 'connected' });
  }

  private async probe(): Promise<string | undefined> {
    this.set({ status: 'connecting' });
    let serverVersion: string | undefined;
    try {
      const version = await this.client.get<{ gitVersion?: unknown }>('/version');
      if (typeof version?.gitVersion === 'string') serverVersion = version.gitVersion;
    } catch (error) {
      // Authenticated but not allowed to read /version: the cluster is there, RBAC will show what is visible.
      if (failureCode(error) !== 403) {
        this.set(classifyFailure(error, this.client.credentialKind));
        return undefined;
      }
    }
    this.set({ status: 'connected' });
    return serverVersion;
  }

  private set(state: ConnectionState): void {
    if (state.status === this.current.status && state.reason === this.current.reason) return;
    this.current = state;
    this.onState(state);
  }
}
