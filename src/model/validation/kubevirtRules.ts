// KubeVirt rules the OpenAPI cannot express: the deprecated `running` field, disks and interfaces that name
// missing volumes or networks, volumes no disk uses, and memory sizes that contradict each other.
import * as l10n from '@vscode/l10n';
import { isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { Finding, Severity } from './findings';
import { parseQuantity } from './quantity';
import { nodeAt, nodeRange, pairOf, stringValue } from './yamlText';

type Path = readonly (string | number)[];

/** Where the VirtualMachine spec and the VirtualMachineInstance spec sit in each kind. */
const SPEC_PATHS: Record<string, { vm?: Path; vmi?: Path }> = {
  VirtualMachine: { vm: ['spec'], vmi: ['spec', 'template', 'spec'] },
  VirtualMachinePool: { vm: ['spec', 'virtualMachineTemplate', 'spec'], vmi: ['spec', 'virtualMachineTemplate', 'spec', 'template', 'spec'] },
  VirtualMachineInstance: { vmi: ['spec'] },
  VirtualMachineInstanceReplicaSet: { vmi: ['spec', 'template', 'spec'] },
};

export function checkKubeVirtRules(kind: string, root: Node, lineCounter: LineCounter): Finding[] {
  const findings: Finding[] = [];
  const paths = SPEC_PATHS[kind] ?? {};
  const add = (node: Node, severity: Severity, code: string, message: string) =>
    findings.push({ range: nodeRange(lineCounter, node), severity, code, message });
  const vmSpec = paths.vm && nodeAt(root, paths.vm);
  if (vmSpec) checkRunning(vmSpec, lineCounter, findings);
  const vmiSpec = paths.vmi && nodeAt(root, paths.vmi);
  if (vmiSpec) {
    checkReferences(vmiSpec, add);
    checkMemory(vmiSpec, add);
  }
  return findings;
}

function checkRunning(spec: Node, lineCounter: LineCounter, findings: Finding[]): void {
  const running = pairOf(spec, 'running');
  if (!running || !isScalar(running.key)) return;
  const keyRange = nodeRange(lineCounter, running.key);
  if (pairOf(spec, 'runStrategy')) {
    findings.push({
      range: keyRange,
      severity: 'error',
      code: 'running-exclusive',
      message: l10n.t('spec.running and spec.runStrategy are mutually exclusive; KubeVirt rejects a VM that sets both. Remove spec.running.'),
    });
    return;
  }
  const value = isScalar(running.value) ? running.value.value : undefined;
  const strategy = value === true ? 'Always' : value === false ? 'Halted' : undefined;
  findings.push({
    range: keyRange,
    severity: 'warning',
    code: 'running-deprecated',
    message: l10n.t('spec.running is deprecated; use spec.runStrategy (running: true is Always, false is Halted).'),
    ...(strategy && running.value
      ? {
          fix: {
            title: l10n.t('Replace with runStrategy: {0}', strategy),
            edits: [
              { range: keyRange, newText: 'runStrategy' },
              { range: nodeRange(lineCounter, running.value), newText: strategy },
            ],
          },
        }
      : {}),
  });
}

interface Named {
  name: string;
  node: Node;
}

/** The `name` of every item of the list at `path`, with its name node. */
function names(spec: Node, path: Path): Named[] {
  const list = nodeAt(spec, path);
  if (!isSeq(list)) return [];
  return (list.items as Node[]).flatMap((item) => {
    const node = nodeAt(item, ['name']);
    const name = stringValue(node);
    return node && name !== undefined ? [{ name, node }] : [];
  });
}

function checkReferences(spec: Node, add: (node: Node, severity: Severity, code: string, message: string) => void): void {
  const volumes = names(spec, ['volumes']);
  const volumeNames = new Set(volumes.map((v) => v.name));
  const disks = names(spec, ['domain', 'devices', 'disks']);
  const filesystems = names(spec, ['domain', 'devices', 'filesystems']);
  for (const disk of disks) {
    if (!volumeNames.has(disk.name)) add(disk.node, 'error', 'missing-volume', l10n.t('Disk "{0}" has no volume of that name in spec.volumes.', disk.name));
  }
  for (const fs of filesystems) {
    if (!volumeNames.has(fs.name)) add(fs.node, 'error', 'missing-volume', l10n.t('Filesystem "{0}" has no volume of that name in spec.volumes.', fs.name));
  }
  const used = new Set([...disks, ...filesystems].map((d) => d.name));
  for (const volume of volumes) {
    if (!used.has(volume.name)) {
      // KubeVirt's defaulting attaches such a volume as a plain disk, so this is a hint, not a mistake.
      add(volume.node, 'information', 'unattached-volume', l10n.t('No disk or filesystem uses volume "{0}"; KubeVirt will attach it as a default disk.', volume.name));
    }
  }
  const networkNames = new Set(names(spec, ['networks']).map((n) => n.name));
  for (const iface of names(spec, ['domain', 'devices', 'interfaces'])) {
    if (!networkNames.has(iface.name)) add(iface.node, 'error', 'missing-network', l10n.t('Interface "{0}" has no network of that name in spec.networks.', iface.name));
  }
}

function checkMemory(spec: Node, add: (node: Node, severity: Severity, code: string, message: string) => void): void {
  const quantity = (path: Path) => {
    const node = nodeAt(spec, path);
    const value = isScalar(node) ? parseQuantity(node.value) : undefined;
    // A number or a string the schema accepts, but KubeVirt's quantity parser would refuse.
    if (node && isScalar(node) && typeof node.value === 'string' && value === undefined) {
      add(node, 'error', 'quantity', l10n.t('"{0}" is not a quantity: write a number with an optional suffix, e.g. 2Gi, 512Mi or 1G.', node.value));
    }
    return node && value !== undefined ? { node, value, text: String((node as { value: unknown }).value) } : undefined;
  };
  const request = quantity(['domain', 'resources', 'requests', 'memory']);
  const limit = quantity(['domain', 'resources', 'limits', 'memory']);
  const guest = quantity(['domain', 'memory', 'guest']);
  if (limit && request && limit.value < request.value) {
    add(limit.node, 'warning', 'memory-limit', l10n.t('Memory limit {0} is below the request {1}.', limit.text, request.text));
  }
  if (limit && guest && limit.value < guest.value) {
    add(limit.node, 'warning', 'memory-limit', l10n.t('Memory limit {0} is below the guest memory {1}.', limit.text, guest.text));
  }
}
