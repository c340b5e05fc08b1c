// Contracts between the simulator's HTTP layer (server, routing, RBAC) and the behaviour plugged into it
// (the KubeVirt controller and subresources, admission rules).
import type { WebSocket } from 'ws';
import type { KubeObject, Store } from './store';

export interface SimUser {
  name: string;
  groups: string[];
}

/** A call to an object's subresource (`…/virtualmachines/vm1/start`) after authentication and RBAC. */
export interface SubresourceCall {
  user: SimUser;
  namespace: string;
  name: string;
  /** Parsed JSON/YAML body, or undefined for an empty body. */
  body: unknown;
  dryRun: boolean;
  query: URLSearchParams;
  /** Path segments after the subresource, e.g. `['8080', 'tcp']` for `…/portforward/8080/tcp`. */
  subpath?: string[];
}

/**
 * `body`: an object is sent as JSON, a string as text/plain, bytes as application/octet-stream (or `contentType`);
 * `stream` instead sends each chunk as it comes (chunked), e.g. `pods/log?follow=true`.
 */
export interface SubresourceReply {
  code: number;
  body?: unknown;
  contentType?: string;
  stream?: AsyncIterable<string | Uint8Array>;
}

/** Throws an `ApiError` to answer with a Status. */
export type SubresourceHandler = (call: SubresourceCall) => SubresourceReply | Promise<SubresourceReply>;

/** A websocket subresource (console, vnc): called once the upgrade with the agreed subprotocol succeeded. */
export type StreamHandler = (socket: WebSocket, call: SubresourceCall) => void;

/** Validates or defaults an object before it is stored; throws an `ApiError` (usually 422) to reject it. */
export type AdmissionHook = (object: KubeObject, old: KubeObject | undefined) => void;

/** What a behaviour module (e.g. KubeVirt) gets to plug into one simulated cluster. */
export interface ClusterHooks {
  readonly store: Store;
  /** Delay between controller steps; 0 for tests (still asynchronous), about 1000 ms for the demo. */
  readonly stepDelayMs: number;
  addSubresource(group: string, resource: string, subresource: string, method: 'GET' | 'PUT', handler: SubresourceHandler): void;
  /** Before the handler runs, a failure (e.g. VMI not running) may still be thrown as an ApiError. */
  addStream(group: string, resource: string, subresource: string, protocol: string, check: SubresourceHandler, handler: StreamHandler): void;
  /** `resourceKey` as in store.ts, e.g. `virtualmachines.kubevirt.io`. */
  addAdmission(resourceKey: string, hook: AdmissionHook): void;
}
