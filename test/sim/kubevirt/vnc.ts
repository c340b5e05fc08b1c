// The VMI's `vnc` websocket (virt-api → virt-handler → QEMU's VNC server) and `vnc/screenshot`, over one simulated
// screen per VMI. As virt-handler's ConsoleHandler does, a new viewer drops the current one, unless it asked for
// `preserveSession=true`: then it is refused while another viewer is connected — virt-handler answers 503 "Active
// VNC connection. Request denied." and virt-api relays that as a 500 InternalError Status whose message is client-go's
// enriched dial error (KubeVirt pkg/virt-handler/rest/console.go VNCHandler, pkg/virt-api/rest/dialers.go,
// client-go EnrichError). Sockets end without a close frame (gorilla's Close), as the real chain's do.
import type { WebSocket } from 'ws';
import { badRequest, internalError, notFound } from '../api-error';
import type { KubeObject } from '../store';
import type { ClusterHooks, SubresourceCall } from '../types';
import { vmiSpecOf } from './builders';
import { SUBRESOURCE_GROUP, VMIS } from './keys';
import { Display, SCREEN_HEIGHT, SCREEN_WIDTH } from './rfb/display';
import { encodePng } from './rfb/png';
import { RfbServerSession } from './rfb/protocol';
import { vmiStatus } from './status-types';

export const VNC_SESSION_HELD = "Can't connect to websocket (503): websocket: bad handshake: application info: Active VNC connection. Request denied.";

/** Go's strconv.ParseBool; anything else is an error, which virt-api logs and reads as false. */
function parseBool(value: string | null): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value ?? '');
}

export function installVnc(hooks: ClusterHooks): () => void {
  const { store } = hooks;
  const displays = new Map<string, Display>();
  const viewers = new Map<string, WebSocket>();

  /** virt-api's vmiHasDisplay: a graphics device, and the VMI running. */
  const runningVmi = (call: SubresourceCall): KubeObject => {
    const vmi = store.get(VMIS, call.namespace, call.name);
    if (!vmi) throw notFound('virtualmachineinstance', 'kubevirt.io', call.name);
    if (vmiSpecOf(vmi).domain?.devices?.autoattachGraphicsDevice === false) throw badRequest('No graphics devices are present.');
    if (vmiStatus(vmi).phase !== 'Running') throw badRequest('VMI is not running');
    return vmi;
  };
  const displayOf = (vmi: KubeObject): Display => {
    let display = displays.get(vmi.metadata.uid!);
    if (!display) displays.set(vmi.metadata.uid!, (display = new Display(vmi)));
    return display;
  };

  hooks.addStream(SUBRESOURCE_GROUP, 'virtualmachineinstances', 'vnc', 'plain.kubevirt.io', (call) => {
    const vmi = runningVmi(call);
    if (viewers.has(vmi.metadata.uid!) && parseBool(call.query.get('preserveSession'))) throw internalError(VNC_SESSION_HELD);
    return { code: 200 };
  }, (socket, call) => {
    const vmi = store.get(VMIS, call.namespace, call.name);
    if (!vmi) return socket.terminate();
    const uid = vmi.metadata.uid!;
    viewers.get(uid)?.terminate();
    viewers.set(uid, socket);
    const session = new RfbServerSession(displayOf(vmi), `${vmi.metadata.namespace}_${vmi.metadata.name}`, (bytes) => socket.send(bytes, { binary: true }), () => socket.terminate());
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => session.receive(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)));
    socket.on('close', () => {
      session.dispose();
      if (viewers.get(uid) === socket) viewers.delete(uid);
    });
    session.start();
  });

  // `GET …/vnc/screenshot`: the route shares the `vnc` subresource (RBAC sees `virtualmachineinstances/vnc`).
  hooks.addSubresource(SUBRESOURCE_GROUP, 'virtualmachineinstances', 'vnc', 'GET', (call) => {
    if (call.subpath?.[0] !== 'screenshot' || call.subpath.length > 1) {
      throw badRequest("websocket: the client is not using the websocket protocol: 'upgrade' token not found in 'Connection' header");
    }
    let vmi: KubeObject;
    try {
      vmi = runningVmi(call);
    } catch (error) {
      return { code: 500, body: (error as Error).message, contentType: 'text/plain; charset=utf-8' };
    }
    return { code: 200, body: encodePng(SCREEN_WIDTH, SCREEN_HEIGHT, displayOf(vmi).pixels), contentType: 'image/png' };
  });

  // A VMI that stops running takes its screen and its viewer with it.
  const unsubscribe = store.subscribe((change) => {
    if (change.resource !== VMIS) return;
    const uid = change.object.metadata.uid!;
    if (change.type !== 'DELETED' && vmiStatus(change.object).phase === 'Running') return;
    displays.delete(uid);
    viewers.get(uid)?.terminate();
    viewers.delete(uid);
  });
  return () => {
    unsubscribe();
    for (const socket of viewers.values()) socket.terminate();
  };
}
