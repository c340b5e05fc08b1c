// The connection state of one context. Connecting asks for the API groups (`/apis`, which discovery reads next)
// within the client's timeout, so a dead cluster is reported as unreachable in bounded time; later failures of its
// watches can move the state too.
import type { ApiClient } from './apiClient';
import type { ApiGroupList } from './discovery';
import { classifyFailure, type ConnectionStatus } from './errors';

export interface ConnectionState {
  status: ConnectionStatus;
  /** One line for anything but 'connected', e.g. `connect ECONNREFUSED 127.0.0.1:41234`. */
  reason?: string;
}

export class Connection {
  private current: ConnectionState = { status: 'idle' };
  private attempt?: Promise<ApiGroupList | undefined>;

  constructor(
    readonly client: ApiClient,
    private readonly onState: (state: ConnectionState) => void,
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  /** Probes the server once; resolves with its API groups when connected, undefined when not (the state says why). */
  connect(): Promise<ApiGroupList | undefined> {
    this.attempt ??= this.probe();
    return this.attempt;
  }

  /** A later call failed in a way that breaks the connection (unreachable, credentials, TLS, discovery). */
  failed(error: unknown): void {
    this.set(classifyFailure(error, this.client.credentialKind));
  }

  /** A call succeeded again after a failure (the server is back, or fresh credentials were accepted). */
  recovered(): void {
    if (['unreachable', 'tlsError', 'unauthorized', 'credentials'].includes(this.current.status)) this.set({ status: 'connected' });
  }

  private async probe(): Promise<ApiGroupList | undefined> {
    this.set({ status: 'connecting' });
    try {
      const groups = await this.client.get<ApiGroupList>('/apis');
      this.set({ status: 'connected' });
      return groups ?? {};
    } catch (error) {
      this.set(classifyFailure(error, this.client.credentialKind));
      return undefined;
    }
  }

  private set(state: ConnectionState): void {
    if (state.status === this.current.status && state.reason === this.current.reason) return;
    this.current = state;
    this.onState(state);
  }
}
