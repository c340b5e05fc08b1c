// The VMI's VNC: virt-api's `vnc` websocket carrying raw RFB (plainStream.ts), for a webview's noVNC relayed by the
// extension host. `preserveSession` asks not to take over a viewer already connected; virt-api then refuses with a
// 500 whose message says "Active VNC connection".
import { KubeApiError } from './errors';
import type { KubeHttp } from './kubeHttp';
import { subresourcePath } from './kubevirtPaths';
import { openPlainStream, type PlainStream, type StreamOptions } from './plainStream';

export interface VncOptions extends Omit<StreamOptions, 'query'> {
  /** Refuse instead of dropping another viewer (virtctl vnc's default is to take over). */
  preserveSession?: boolean;
}

export function openVnc(http: KubeHttp, namespace: string, name: string, options: VncOptions = {}): Promise<PlainStream> {
  const { preserveSession, ...stream } = options;
  return openPlainStream(http, subresourcePath('virtualmachineinstances', namespace, name, 'vnc'), { ...stream, query: { preserveSession: preserveSession ? 'true' : 'false' } });
}

/** Whether a refusal means another viewer holds the session. */
export function isVncSessionHeld(error: unknown): boolean {
  return error instanceof KubeApiError && /Active VNC connection/i.test(error.message);
}
