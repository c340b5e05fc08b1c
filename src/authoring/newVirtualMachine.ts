// "KubeVirt: New Virtual Machine…": cluster, namespace (those the user may create VMs in), name, boot disk,
// sizing, cloud-init user and SSH key, run strategy → an untitled `<name>.yaml` that Apply sends to the chosen
// cluster. Run on a cluster, tenant or namespace of the Fleet view, it starts from there.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CREATE_VM } from '../cluster/createAccess';
import { CONTAINER_DISK_IMAGES, generateVirtualMachine, type VmSizing, type VmSource } from '../model/generators/virtualMachine';
import type { FleetNode } from '../views/nodes';
import { askPlacement, originOf, placementSteps } from './placement';
import { dnsLabel, openGenerated, quantity, Steps } from './prompts';
import type { AuthoringServices } from './services';
import { localPublicKeys, readPublicKey, SSH_KEY } from './sshKeys';

/** Run strategies a new VM may take (WaitAsReceiver is KubeVirt's own, for migration targets). */
const RUN_STRATEGIES = [
  { label: vscode.l10n.t('Always'), detail: vscode.l10n.t('Start it now and keep it running: restarted whenever it stops.') },
  { label: vscode.l10n.t('Halted'), detail: vscode.l10n.t('Create it stopped; start it from the Fleet view.') },
  { label: vscode.l10n.t('Manual'), detail: vscode.l10n.t('Start and stop it yourself; it is not restarted.') },
  { label: vscode.l10n.t('RerunOnFailure'), detail: vscode.l10n.t('Start it now; restarted only after a failure, not after a clean shutdown.') },
  { label: vscode.l10n.t('Once'), detail: vscode.l10n.t('Run it once: never restarted.') },
];

export function newVirtualMachine(services: AuthoringServices, node?: FleetNode): Promise<vscode.TextDocument | undefined> {
  return openGenerated(services.input, services.targets, async () => {
    const origin = originOf(node);
    const steps = new Steps(services.input, vscode.l10n.t('New Virtual Machine'), 6 + placementSteps(origin));
    const { context, namespace } = await askPlacement(steps, services.fleet(), origin, { kind: 'VirtualMachine', check: CREATE_VM, needsKubeVirt: true });
    const name = await steps.text(vscode.l10n.t('Name of the VirtualMachine in {0}', namespace), 'my-vm', dnsLabel);
    const source = await pickSource(steps);
    const sizing = await pickSizing(steps, services, context);
    const user = await steps.text(vscode.l10n.t('Guest user that cloud-init creates'), 'fedora', (v) => (/^[a-z_][a-z0-9_-]*$/.test(v) ? undefined : vscode.l10n.t('A Linux user name.')));
    const sshPublicKey = await pickKey(steps, name, user);
    const strategy = await steps.pick(RUN_STRATEGIES, vscode.l10n.t('Run strategy'));
    const content = generateVirtualMachine({ name, namespace, source, sizing, user, runStrategy: strategy.label, ...(sshPublicKey ? { sshPublicKey } : {}) });
    return { name, content, ...(context ? { context } : {}) };
  });
}

async function pickSource(steps: Steps): Promise<VmSource> {
  const choice = await steps.pick(
    [
      ...CONTAINER_DISK_IMAGES.map((image) => ({ label: image, description: vscode.l10n.t('container disk (ephemeral)'), type: 'containerDisk' as const })),
      { label: vscode.l10n.t('Import a disk image from a URL…'), description: vscode.l10n.t('DataVolume: a persistent copy'), type: 'import' as const },
      { label: vscode.l10n.t('Use an existing PersistentVolumeClaim…'), description: vscode.l10n.t('PVC'), type: 'pvc' as const },
    ],
    vscode.l10n.t('Boot disk'),
  );
  if (choice.type === 'containerDisk') return { type: 'containerDisk', image: choice.label };
  if (choice.type === 'import') {
    steps.adjust(2);
    const url = await steps.text(vscode.l10n.t('URL of the disk image (http(s):// or docker://)'), 'https://', (v) => (/^(https?|docker):\/\/\S+$/.test(v) ? undefined : vscode.l10n.t('An http(s):// or docker:// URL.')));
    const size = await steps.text(vscode.l10n.t('Size of the disk to import into (at least the image size)'), '10Gi', quantity);
    return { type: 'import', url, size };
  }
  steps.adjust(1);
  return { type: 'pvc', claimName: await steps.text(vscode.l10n.t('Name of the PersistentVolumeClaim'), '', dnsLabel) };
}

async function pickSizing(steps: Steps, services: AuthoringServices, context: string | undefined): Promise<VmSizing> {
  const known = context ? await services.providers.instancetypes(context) : undefined;
  if (known?.instancetypes.length) {
    const instancetype = await steps.pick(
      known.instancetypes.map((t) => ({ label: t.name, description: [t.cpus !== undefined ? `${t.cpus} vCPU` : undefined, t.memory].filter(Boolean).join(' · ') })),
      vscode.l10n.t('Instancetype (CPU and memory)'),
    );
    steps.adjust(1);
    const preference = await steps.pick([{ label: vscode.l10n.t('No preference') }, ...known.preferences.map((label) => ({ label }))], vscode.l10n.t('Preference (guest OS defaults)'));
    return { type: 'instancetype', instancetype: instancetype.label, ...(preference.label !== vscode.l10n.t('No preference') ? { preference: preference.label } : {}) };
  }
  const size = await steps.pick(
    [
      { label: vscode.l10n.t('1 core, 2Gi'), cores: 1, memory: '2Gi' },
      { label: vscode.l10n.t('2 cores, 4Gi'), cores: 2, memory: '4Gi' },
      { label: vscode.l10n.t('4 cores, 8Gi'), cores: 4, memory: '8Gi' },
      { label: vscode.l10n.t('8 cores, 16Gi'), cores: 8, memory: '16Gi' },
    ],
    context ? vscode.l10n.t('CPU cores and memory ({0} lists no instancetypes)', context) : vscode.l10n.t('CPU cores and memory'),
  );
  return { type: 'resources', cores: size.cores, memory: size.memory };
}

/** An OpenSSH public key: from ~/.ssh, pasted, or read from a file; none only after a warning. */
async function pickKey(steps: Steps, name: string, user: string): Promise<string | undefined> {
  const keys = await localPublicKeys();
  for (;;) {
    const choice = await steps.pick(
      [
        ...keys.map((k) => ({ label: vscode.l10n.t('~/.ssh/{0}', path.basename(k.file)), detail: `${k.text.slice(0, 60)}…`, key: k.text as string | undefined, how: 'key' as const })),
        { label: vscode.l10n.t('Paste a public key…'), how: 'paste' as const },
        { label: vscode.l10n.t('Read a public key from a file…'), how: 'file' as const },
        { label: vscode.l10n.t('No SSH key'), detail: vscode.l10n.t('The VM gets no way to log in until you add one'), how: 'none' as const },
      ],
      vscode.l10n.t('SSH public key for {0}', user),
    );
    if (choice.how === 'key') return choice.key;
    if (choice.how === 'paste') {
      steps.adjust(1);
      return steps.text(vscode.l10n.t('OpenSSH public key (ssh-ed25519 AAAA… or ssh-rsa AAAA…)'), '', (v) => (SSH_KEY.test(v.trim()) ? undefined : vscode.l10n.t('An OpenSSH public key: type, base64 key and an optional comment.')));
    }
    if (choice.how === 'file') {
      steps.adjust(1);
      const file = await steps.text(vscode.l10n.t('Path of an OpenSSH public key file'), path.join(os.homedir(), '.ssh', ''), async (v) => ((await readPublicKey(v)) ? undefined : vscode.l10n.t('Not a readable OpenSSH public key file.')));
      return readPublicKey(file);
    }
    const answer = await steps.confirm(
      vscode.l10n.t('{0} will have no way to log in', name),
      vscode.l10n.t('Without an SSH key, cloud-init creates {0} with no password. Add a key or a password to the cloud-init userData before you apply it, or choose a key now.', user),
      vscode.l10n.t('Continue Without a Key'),
    );
    if (answer === vscode.l10n.t('Continue Without a Key')) return undefined;
    steps.repeat();
  }
}
