// "KubeVirt: New Virtual Machine…": cluster, namespace (those the user may create VMs in), name, boot disk,
// sizing, cloud-init user and SSH key, run strategy → an untitled `<name>.yaml` that Apply sends to the chosen
// cluster. Run on a cluster, tenant or namespace of the Fleet view, it starts from there.
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { CREATE_VM } from '../cluster/createAccess';
import { CONTAINER_DISK_IMAGES, generateVirtualMachine, type VmSizing, type VmSource } from '../model/generators/virtualMachine';
import type { FleetNode } from '../views/nodes';
import { askPlacement, originOf, placementSteps } from './placement';
import { dnsLabel, openGenerated, quantity, Steps } from './prompts';
import type { AuthoringServices } from './services';
import { localPublicKeys, readPublicKey, SSH_KEY } from './sshKeys';

/** Run strategies a new VM may take (WaitAsReceiver is KubeVirt's own, for migration targets). */
const RUN_STRATEGIES = [
  { label: 'Always', detail: 'Start it now and keep it running: restarted whenever it stops.' },
  { label: 'Halted', detail: 'Create it stopped; start it from the Fleet view.' },
  { label: 'Manual', detail: 'Start and stop it yourself; it is not restarted.' },
  { label: 'RerunOnFailure', detail: 'Start it now; restarted only after a failure, not after a clean shutdown.' },
  { label: 'Once', detail: 'Run it once: never restarted.' },
];

export function newVirtualMachine(services: AuthoringServices, node?: FleetNode): Promise<vscode.TextDocument | undefined> {
  return openGenerated(services.input, services.targets, async () => {
    const origin = originOf(node);
    const steps = new Steps(services.input, 'New Virtual Machine', 6 + placementSteps(origin));
    const { context, namespace } = await askPlacement(steps, services.fleet(), origin, { kind: 'VirtualMachine', check: CREATE_VM, needsKubeVirt: true });
    const name = await steps.text(`Name of the VirtualMachine in ${namespace}`, 'my-vm', dnsLabel);
    const source = await pickSource(steps);
    const sizing = await pickSizing(steps, services, context);
    const user = await steps.text('Guest user that cloud-init creates', 'fedora', (v) => (/^[a-z_][a-z0-9_-]*$/.test(v) ? undefined : 'A Linux user name.'));
    const sshPublicKey = await pickKey(steps, name, user);
    const strategy = await steps.pick(RUN_STRATEGIES, 'Run strategy');
    const content = generateVirtualMachine({ name, namespace, source, sizing, user, runStrategy: strategy.label, ...(sshPublicKey ? { sshPublicKey } : {}) });
    return { name, content, ...(context ? { context } : {}) };
  });
}

async function pickSource(steps: Steps): Promise<VmSource> {
  const choice = await steps.pick(
    [
      ...CONTAINER_DISK_IMAGES.map((image) => ({ label: image, description: 'container disk (ephemeral)', type: 'containerDisk' as const })),
      { label: 'Import a disk image from a URL…', description: 'DataVolume: a persistent copy', type: 'import' as const },
      { label: 'Use an existing PersistentVolumeClaim…', description: 'PVC', type: 'pvc' as const },
    ],
    'Boot disk',
  );
  if (choice.type === 'containerDisk') return { type: 'containerDisk', image: choice.label };
  if (choice.type === 'import') {
    steps.adjust(2);
    const url = await steps.text('URL of the disk image (http(s):// or docker://)', 'https://', (v) => (/^(https?|docker):\/\/\S+$/.test(v) ? undefined : 'An http(s):// or docker:// URL.'));
    const size = await steps.text('Size of the disk to import into (at least the image size)', '10Gi', quantity);
    return { type: 'import', url, size };
  }
  steps.adjust(1);
  return { type: 'pvc', claimName: await steps.text('Name of the PersistentVolumeClaim', '', dnsLabel) };
}

async function pickSizing(steps: Steps, services: AuthoringServices, context: string | undefined): Promise<VmSizing> {
  const known = context ? await services.providers.instancetypes(context) : undefined;
  if (known?.instancetypes.length) {
    const instancetype = await steps.pick(
      known.instancetypes.map((t) => ({ label: t.name, description: [t.cpus !== undefined ? `${t.cpus} vCPU` : undefined, t.memory].filter(Boolean).join(' · ') })),
      'Instancetype (CPU and memory)',
    );
    steps.adjust(1);
    const preference = await steps.pick([{ label: 'No preference' }, ...known.preferences.map((label) => ({ label }))], 'Preference (guest OS defaults)');
    return { type: 'instancetype', instancetype: instancetype.label, ...(preference.label !== 'No preference' ? { preference: preference.label } : {}) };
  }
  const size = await steps.pick(
    [
      { label: '1 core, 2Gi', cores: 1, memory: '2Gi' },
      { label: '2 cores, 4Gi', cores: 2, memory: '4Gi' },
      { label: '4 cores, 8Gi', cores: 4, memory: '8Gi' },
      { label: '8 cores, 16Gi', cores: 8, memory: '16Gi' },
    ],
    context ? `CPU cores and memory (${context} lists no instancetypes)` : 'CPU cores and memory',
  );
  return { type: 'resources', cores: size.cores, memory: size.memory };
}

/** An OpenSSH public key: from ~/.ssh, pasted, or read from a file; none only after a warning. */
async function pickKey(steps: Steps, name: string, user: string): Promise<string | undefined> {
  const keys = await localPublicKeys();
  for (;;) {
    const choice = await steps.pick(
      [
        ...keys.map((k) => ({ label: `~/.ssh/${path.basename(k.file)}`, detail: `${k.text.slice(0, 60)}…`, key: k.text as string | undefined, how: 'key' as const })),
        { label: 'Paste a public key…', how: 'paste' as const },
        { label: 'Read a public key from a file…', how: 'file' as const },
        { label: 'No SSH key', detail: 'The VM gets no way to log in until you add one', how: 'none' as const },
      ],
      `SSH public key for ${user}`,
    );
    if (choice.how === 'key') return choice.key;
    if (choice.how === 'paste') {
      steps.adjust(1);
      return steps.text('OpenSSH public key (ssh-ed25519 AAAA… or ssh-rsa AAAA…)', '', (v) => (SSH_KEY.test(v.trim()) ? undefined : 'An OpenSSH public key: type, base64 key and an optional comment.'));
    }
    if (choice.how === 'file') {
      steps.adjust(1);
      const file = await steps.text('Path of an OpenSSH public key file', path.join(os.homedir(), '.ssh', ''), async (v) => ((await readPublicKey(v)) ? undefined : 'Not a readable OpenSSH public key file.'));
      return readPublicKey(file);
    }
    const answer = await steps.confirm(
      `${name} will have no way to log in`,
      `Without an SSH key, cloud-init creates ${user} with no password. Add a key or a password to the cloud-init userData before you apply it, or choose a key now.`,
      'Continue Without a Key',
    );
    if (answer === 'Continue Without a Key') return undefined;
    steps.repeat();
  }
}
