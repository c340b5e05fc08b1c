// "New Virtual Machine": a VirtualMachine booting from a container disk, an imported or an existing disk, sized
// by an instancetype (+ preference) or by cores and memory, with cloud-init creating a user whose SSH key is
// propagated from a Secret through accessCredentials (no password).
import * as l10n from '@vscode/l10n';
import { toYaml } from './yamlOutput';

export const CONTAINER_DISK_IMAGES = [
  'quay.io/containerdisks/fedora:latest',
  'quay.io/containerdisks/ubuntu:latest',
  'quay.io/containerdisks/centos-stream:latest',
  'quay.io/containerdisks/debian:latest',
  'quay.io/kubevirt/cirros-container-disk-demo:latest',
] as const;

export type VmSource =
  | { type: 'containerDisk'; image: string }
  | { type: 'import'; url: string; size: string }
  | { type: 'pvc'; claimName: string };

export type VmSizing =
  | { type: 'instancetype'; instancetype: string; preference?: string; namespaced?: boolean }
  | { type: 'resources'; cores: number; memory: string };

export interface VmOptions {
  name: string;
  namespace?: string;
  source: VmSource;
  sizing: VmSizing;
  runStrategy: string;
  /** Guest user that cloud-init creates. */
  user: string;
  /** Text of an OpenSSH public key; without it no Secret and no accessCredentials are generated. */
  sshPublicKey?: string;
}

const ROOT_DISK = 'rootdisk';
const CLOUD_INIT_DISK = 'cloudinitdisk';

export function generateVirtualMachine(options: VmOptions): string {
  const metadata = { name: options.name, ...(options.namespace ? { namespace: options.namespace } : {}) };
  const secretName = `${options.name}-ssh-key`;
  const objects: object[] = [];
  if (options.sshPublicKey) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { ...metadata, name: secretName },
      type: 'Opaque',
      stringData: { key: options.sshPublicKey.trim() },
    });
  }
  const vmiSpec = {
    ...(options.sshPublicKey
      ? { accessCredentials: [{ sshPublicKey: { source: { secret: { secretName } }, propagationMethod: { noCloud: {} } } }] }
      : {}),
    domain: {
      ...(options.sizing.type === 'resources' ? { cpu: { cores: options.sizing.cores }, memory: { guest: options.sizing.memory } } : {}),
      devices: {
        disks: [
          { name: ROOT_DISK, disk: { bus: 'virtio' } },
          { name: CLOUD_INIT_DISK, disk: { bus: 'virtio' } },
        ],
        interfaces: [{ name: 'default', masquerade: {} }],
      },
    },
    networks: [{ name: 'default', pod: {} }],
    volumes: [
      { name: ROOT_DISK, ...rootVolume(options) },
      { name: CLOUD_INIT_DISK, cloudInitNoCloud: { userData: userData(options) } },
    ],
  };
  objects.push({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata,
    spec: {
      runStrategy: options.runStrategy,
      ...sizingFields(options.sizing),
      ...(options.source.type === 'import' ? { dataVolumeTemplates: [dataVolumeTemplate(options.name, options.source)] } : {}),
      template: { metadata: { labels: { 'kubevirt.io/vm': options.name } }, spec: vmiSpec },
    },
  });
  return toYaml(objects);
}

/** cloud-init's user; without a key the text says there is no way to log in yet. */
function userData(options: VmOptions): string {
  const warning = options.sshPublicKey ? '' : l10n.t('# No SSH key and no password: add ssh_authorized_keys (or a password) for this user to log in.\n');
  return l10n.t('#cloud-config\nuser: {0}\n{1}', options.user, warning);
}

function rootVolume(options: VmOptions): object {
  switch (options.source.type) {
    case 'containerDisk':
      return { containerDisk: { image: options.source.image } };
    case 'import':
      return { dataVolume: { name: `${options.name}-${ROOT_DISK}` } };
    case 'pvc':
      return { persistentVolumeClaim: { claimName: options.source.claimName } };
  }
}

function dataVolumeTemplate(name: string, source: { url: string; size: string }): object {
  return {
    metadata: { name: `${name}-${ROOT_DISK}` },
    spec: {
      source: source.url.startsWith('docker://') ? { registry: { url: source.url } } : { http: { url: source.url } },
      storage: { resources: { requests: { storage: source.size } } },
    },
  };
}

function sizingFields(sizing: VmSizing): object {
  if (sizing.type !== 'instancetype') return {};
  const suffix = sizing.namespaced ? '' : 'Cluster';
  return {
    instancetype: { kind: `VirtualMachine${suffix}Instancetype`, name: sizing.instancetype },
    ...(sizing.preference ? { preference: { kind: `VirtualMachine${suffix}Preference`, name: sizing.preference } } : {}),
  };
}
