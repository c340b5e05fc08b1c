// `portforward/PORT[/PROTOCOL]` of VMs and VMIs: virt-api dials the VMI's first interface address itself (no
// virt-handler), then relays the websocket (subprotocol plain.kubevirt.io): every binary message the client sends is
// written to the TCP connection as is, every chunk read from it goes back as one binary message — no channel bytes,
// unlike pods/portforward. One websocket carries one TCP connection (virtctl port-forward opens one per accepted local
// connection). When either side ends, the other is closed without a close frame. Checks and messages follow KubeVirt
// pkg/virt-api/rest/portforward.go, dialers.go (netDial) and subresource.go (FetchVirtualMachineInstanceForVM).
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { badRequest, conflict, internalError, notFound } from '../api-error';
import type { KubeObject } from '../store';
import type { ClusterHooks, SubresourceCall } from '../types';
import { findCondition } from '../common/conditions';
import { ConnectionRefused, GuestServices } from './guest-services';
import { SUBRESOURCE_GROUP, VMIS, VMS } from './keys';
import { vmiStatus, vmStatus } from './status-types';

/** How long a dialled connection waits for its websocket upgrade (virt-api's stream timeout). */
const UPGRADE_TIMEOUT_MS = 10_000;

export function installPortForward(hooks: ClusterHooks): () => void {
  const { store } = hooks;
  const services = new GuestServices();
  /** Connections dialled by the check, waiting for the handler of the same call. */
  const dialled = new WeakMap<SubresourceCall, Socket>();
  const sockets = new Set<WebSocket>();

  /** FetchVirtualMachineInstanceForVM: the VM must have created its VMI, and own it. */
  const vmiForVm = (call: SubresourceCall): KubeObject => {
    const vm = store.get(VMS, call.namespace, call.name);
    if (!vm) throw notFound('virtualmachine', 'kubevirt.io', call.name);
    if (!vmStatus(vm).created) throw conflict('virtualmachine', 'kubevirt.io', call.name, 'VMI is not started');
    const vmi = store.get(VMIS, call.namespace, call.name);
    if (!vmi) throw notFound('virtualmachineinstance', 'kubevirt.io', call.name);
    if (!vmi.metadata.ownerReferences?.some((o) => o.uid === vm.metadata.uid)) throw internalError(`unable to retrieve vmi [${call.name}] for vm: <nil>`);
    return vmi;
  };
  const vmiItself = (call: SubresourceCall): KubeObject => store.get(VMIS, call.namespace, call.name) ?? raise(notFound('virtualmachineinstance', 'kubevirt.io', call.name));

  const check = (fetch: (call: SubresourceCall) => KubeObject) => async (call: SubresourceCall) => {
    const vmi = fetch(call);
    if (findCondition(vmiStatus(vmi).conditions, 'Paused')) throw conflict('virtualmachineinstance', 'kubevirt.io', vmi.metadata.name!, 'VMI is paused');
    const ip = vmiStatus(vmi).interfaces?.[0]?.ipAddress;
    if (!vmiStatus(vmi).interfaces?.length) throw badRequest('no network interfaces are present');
    const [port = '', protocol = 'tcp'] = call.subpath ?? [];
    if (!port) throw badRequest('port must not be empty');
    const address = `${ip ?? ''}:${port}`;
    if (protocol !== 'tcp' && protocol !== 'udp') throw internalError(`dialing VM: dial ${protocol}: unknown network ${protocol}`);
    if (!/^\d+$/.test(port) || Number(port) > 65535) throw internalError(`dialing VM: dial ${protocol}: address ${address}: invalid port`);
    // A UDP "dial" always succeeds; nothing in the simulated guest answers datagrams.
    if (protocol === 'udp') return { code: 200 };
    try {
      const socket = await services.dial(vmi, Number(port));
      dialled.set(call, socket);
      setTimeout(() => dialled.get(call) === socket && socket.destroy(), UPGRADE_TIMEOUT_MS).unref();
    } catch (error) {
      const why = error instanceof ConnectionRefused ? error.message : (error as Error).message;
      throw internalError(`dialing VM: dial tcp ${address}: ${why}`);
    }
    return { code: 200 };
  };

  const relay = (socket: WebSocket, call: SubresourceCall) => {
    const tcp = dialled.get(call);
    dialled.delete(call);
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      tcp?.destroy();
    });
    if (!tcp) return socket.on('message', () => undefined);
    tcp.on('data', (chunk: Buffer) => socket.send(chunk, { binary: true }));
    tcp.on('close', () => socket.terminate());
    tcp.on('error', () => socket.terminate());
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => tcp.write(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)));
  };

  hooks.addStream(SUBRESOURCE_GROUP, 'virtualmachines', 'portforward', 'plain.kubevirt.io', check(vmiForVm), relay);
  hooks.addStream(SUBRESOURCE_GROUP, 'virtualmachineinstances', 'portforward', 'plain.kubevirt.io', check(vmiItself), relay);

  // A guest that stops running closes its services and every forwarded connection to them.
  const unsubscribe = store.subscribe((change) => {
    if (change.resource === VMIS && (change.type === 'DELETED' || vmiStatus(change.object).phase !== 'Running')) services.stop(change.object.metadata.uid!);
  });
  return () => {
    unsubscribe();
    services.stopAll();
    for (const socket of sockets) socket.terminate();
  };
}

function raise(error: Error): never {
  throw error;
}
