// What the simulated guest agent reports, guessed from the VM's disk images and names (fedora, ubuntu, …).
import type { KubeObject } from '../store';
import type { GuestOsInfo } from './status-types';

const PROFILES: GuestOsInfo[] = [
  { id: 'fedora', name: 'Fedora Linux', prettyName: 'Fedora Linux 41 (Cloud Edition)', version: '41 (Cloud Edition)', versionId: '41', kernelRelease: '6.11.4-301.fc41.x86_64', kernelVersion: '#1 SMP PREEMPT_DYNAMIC Sun Oct 20 15:02:33 UTC 2024', machine: 'x86_64' },
  { id: 'ubuntu', name: 'Ubuntu', prettyName: 'Ubuntu 24.04.1 LTS', version: '24.04.1 LTS (Noble Numbat)', versionId: '24.04', kernelRelease: '6.8.0-45-generic', kernelVersion: '#45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024', machine: 'x86_64' },
  { id: 'centos', name: 'CentOS Stream', prettyName: 'CentOS Stream 9', version: '9', versionId: '9', kernelRelease: '5.14.0-503.el9.x86_64', kernelVersion: '#1 SMP PREEMPT_DYNAMIC Wed Sep 4 18:42:31 UTC 2024', machine: 'x86_64' },
  { id: 'rhel', name: 'Red Hat Enterprise Linux', prettyName: 'Red Hat Enterprise Linux 9.4 (Plow)', version: '9.4 (Plow)', versionId: '9.4', kernelRelease: '5.14.0-427.13.1.el9_4.x86_64', kernelVersion: '#1 SMP PREEMPT_DYNAMIC Wed Apr 10 10:29:16 EDT 2024', machine: 'x86_64' },
  { id: 'debian', name: 'Debian GNU/Linux', prettyName: 'Debian GNU/Linux 12 (bookworm)', version: '12 (bookworm)', versionId: '12', kernelRelease: '6.1.0-26-cloud-amd64', kernelVersion: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.112-1 (2024-09-30)', machine: 'x86_64' },
  { id: 'alpine', name: 'Alpine Linux', prettyName: 'Alpine Linux v3.20', version: '3.20.3', versionId: '3.20.3', kernelRelease: '6.6.54-0-virt', kernelVersion: '#1-Alpine SMP PREEMPT_DYNAMIC 2024-10-04 07:47:09', machine: 'x86_64' },
  { id: 'cirros', name: 'CirrOS', prettyName: 'CirrOS 0.6.2', version: '0.6.2', versionId: '0.6.2', kernelRelease: '5.15.0-71-generic', kernelVersion: '#78-Ubuntu SMP Tue Apr 18 09:00:29 UTC 2023', machine: 'x86_64' },
];

/** The first profile whose id appears in the VM's images, preference or name; Fedora otherwise. */
export function guestOsFor(object: KubeObject): GuestOsInfo {
  const text = JSON.stringify([object.metadata.name, object.metadata.labels, object.spec]).toLowerCase();
  return PROFILES.find((p) => text.includes(p.id)) ?? PROFILES[0];
}
