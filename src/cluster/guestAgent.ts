// Guest details from the guest agent: the VMI's guestosinfo, userlist and filesystemlist subresources (virt-api →
// virt-handler → qemu-guest-agent). Without AgentConnected virt-api refuses them; the KubeApiError then carries its
// words ("VMI does not have guest agent connected").
import { guestDetails, type GuestAgentInfo, type GuestDetails, type GuestFilesystem, type GuestUser } from '../model/guestDetails';
import type { KubeHttp } from './kubeHttp';
import { subresourcePath } from './kubevirtPaths';

export async function fetchGuestDetails(http: KubeHttp, namespace: string, name: string): Promise<GuestDetails> {
  const get = <T>(sub: string) => http.call<T>('GET', subresourcePath('virtualmachineinstances', namespace, name, sub));
  const [info, users, filesystems] = await Promise.all([
    get<GuestAgentInfo>('guestosinfo'),
    get<{ items?: GuestUser[] }>('userlist'),
    get<{ items?: GuestFilesystem[] }>('filesystemlist'),
  ]);
  return guestDetails(info, users.items ?? [], filesystems.items ?? []);
}
