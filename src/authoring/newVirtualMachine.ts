// "KubeVirt: New Virtual Machine…": source, sizing, cloud-init user and SSH key, run strategy → untitled YAML.
import * as path from 'node:path';
import { RUN_STRATEGIES } from '../model/schema/enums';
import { CONTAINER_DISK_IMAGES, generateVirtualMachine, type VmSizing, type VmSource } from '../model/generators/virtualMachine';
import { dnsLabel, openGenerated, Steps } from './prompts';
import type { AuthoringProviders } from './providers';
import { localPublicKeys } from './sshKeys';

export function newVirtualMachine(providers: AuthoringProviders): Promise<void> {
  return openGenerated(async () => {
    const steps = new Steps('New Virtual Machine', 6);
    const name = await steps.input('Name of the VirtualMachine', 'my-vm', dnsLabel);
    const source = await pickSource(steps);
    const sizing = await pickSizing(steps, providers);
    const user = await steps.input('Guest user that cloud-init creates', 'fedora', (v) => (/^[a-z_][a-z0-9_-]*$/.test(v) ? undefined : 'A Linux user name.'));
    const keys = await localPublicKeys();
    const key = await steps.pick(
      [...keys.map((k) => ({ label: `~/.ssh/${path.basename(k.file)}`, detail: k.text.slice(0, 60), text: k.text as string | undefined })), { label: 'No SSH key', text: undefined }],
      'SSH public key for the user (from ~/.ssh)',
    );
    const strategy = await steps.pick(RUN_STRATEGIES.map((label) => ({ label })), 'Run strategy');
    return generateVirtualMachine({ name, source, sizing, user, runStrategy: strategy.label, ...(key.text ? { sshPublicKey: key.text } : {}) });
  });
}

async function pickSource(steps: Steps): Promise<VmSource> {
  const choice = await steps.pick(
    [
      ...CONTAINER_DISK_IMAGES.map((image) => ({ label: image, description: 'container disk', type: 'containerDisk' as const })),
      { label: 'Import a disk image from a URL…', description: 'DataVolume', type: 'import' as const },
      { label: 'Use an existing PersistentVolumeClaim…', description: 'PVC', type: 'pvc' as const },
    ],
    'Boot disk',
  );
  if (choice.type === 'containerDisk') return { type: 'containerDisk', image: choice.label };
  if (choice.type === 'import') {
    const url = await steps.input('URL of the disk image (http(s):// or docker://)', 'https://', (v) => (/^(https?|docker):\/\/\S+$/.test(v) ? undefined : 'An http(s):// or docker:// URL.'));
    return { type: 'import', url, size: '10Gi' };
  }
  return { type: 'pvc', claimName: await steps.input('Name of the PersistentVolumeClaim', '', dnsLabel) };
}

async function pickSizing(steps: Steps, providers: AuthoringProviders): Promise<VmSizing> {
  const known = await providers.instancetypes();
  if (known?.instancetypes.length) {
    const instancetype = await steps.pick(known.instancetypes.map((label) => ({ label })), 'Instancetype');
    const preference = await steps.pick([{ label: 'No preference' }, ...known.preferences.map((label) => ({ label }))], 'Preference');
    return { type: 'instancetype', instancetype: instancetype.label, ...(preference.label !== 'No preference' ? { preference: preference.label } : {}) };
  }
  const size = await steps.pick(
    [
      { label: '1 core, 2Gi', cores: 1, memory: '2Gi' },
      { label: '2 cores, 4Gi', cores: 2, memory: '4Gi' },
      { label: '4 cores, 8Gi', cores: 4, memory: '8Gi' },
      { label: '8 cores, 16Gi', cores: 8, memory: '16Gi' },
    ],
    'CPU cores and memory (no cluster to list instancetypes from)',
  );
  return { type: 'resources', cores: size.cores, memory: size.memory };
}
