// The `scale` scenario, generated: clusters × namespaces with VMs (mostly Running or Stopped) and pods, their
// status filled in so the controllers have nothing to do when it loads. Besides the administrator, each cluster has
// a tenant developer (token `<cluster>-developer`) who may read only the first 20 namespaces.
import type { Scenario, ScenarioCluster } from '../scenario';
import type { KubeObject } from '../store';
import { ownerRef, runningVmiStatus, vmiFor } from '../kubevirt/builders';
import { guestOsFor } from '../kubevirt/guest-os';
import { VM_FINALIZER } from '../kubevirt/keys';
import { vmStatusFor } from '../kubevirt/vm-status';

export interface ScaleParams {
  clusters: number;
  /** Per cluster. */
  namespaces: number;
  /** Per cluster. */
  vms: number;
  /** Per cluster; ordinary pods (virt-launcher pods are not generated). */
  pods: number;
}

export const SCALE_DEFAULTS: ScaleParams = { clusters: 3, namespaces: 200, vms: 5000, pods: 5000 };

/** How many namespaces (the first ones) the tenant developer may read. */
export const DEVELOPER_NAMESPACES = 20;

const OS = ['fedora', 'ubuntu', 'centos-stream', 'debian'];
const NOW = '2026-01-05T08:00:00Z';

function parse(params: Record<string, string>): ScaleParams {
  const out = { ...SCALE_DEFAULTS };
  for (const [key, value] of Object.entries(params)) {
    if (!(key in out)) throw new Error(`scenario "scale" has no parameter "${key}" (clusters, namespaces, vms, pods)`);
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || (key !== 'vms' && key !== 'pods' && n < 1)) throw new Error(`scale: ${key} must be a whole number, got "${value}"`);
    out[key as keyof ScaleParams] = n;
  }
  return out;
}

export function scaleScenario(params: Record<string, string> = {}): Scenario {
  const p = parse(params);
  const clusters: ScenarioCluster[] = [];
  for (let c = 1; c <= p.clusters; c++) {
    const name = `scale-${String(c).padStart(2, '0')}`;
    clusters.push({
      name,
      groups: ['kubevirt.io', 'subresources.kubevirt.io', 'cdi.kubevirt.io', 'instancetype.kubevirt.io'],
      users: [{ name: 'admin', token: `${name}-admin`, groups: ['system:masters'] }, { name: 'developer', token: `${name}-developer` }],
      contextUser: 'admin',
      objects: clusterObjects(p),
    });
  }
  return { name: 'scale', clusters };
}

function clusterObjects(p: ScaleParams): KubeObject[] {
  const nodeCount = Math.max(3, Math.ceil((p.vms + p.pods) / 200));
  const nodes = Array.from({ length: nodeCount }, (_, i) => nodeObject(i + 1));
  const namespaces = Array.from({ length: p.namespaces }, (_, i) => scaleNamespace(i));
  const objects: KubeObject[] = [...nodes, runtimeClass()];
  for (const ns of namespaces) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  for (const ns of namespaces.slice(0, DEVELOPER_NAMESPACES)) objects.push(...developerReader(ns));
  let ip = 0;
  const nextIp = () => { ip++; return `10.${244 + Math.floor(ip / 64_000)}.${Math.floor(ip / 250) % 256}.${(ip % 250) + 2}`; };
  for (let i = 0; i < p.vms; i++) objects.push(...vmObjects(i, namespaces[i % namespaces.length], nodes[i % nodes.length].metadata.name!, nextIp));
  const kataNodes = nodes.filter((n) => n.metadata.labels?.['katacontainers.io/kata-runtime']);
  for (let i = 0; i < p.pods; i++) {
    const kata = i % 10 === 9 && kataNodes.length > 0;
    const node = (kata ? kataNodes[i % kataNodes.length] : nodes[(i * 7) % nodes.length]).metadata.name!;
    objects.push(podObject(i, namespaces[i % namespaces.length], node, nextIp(), kata));
  }
  return objects;
}

function nodeObject(index: number): KubeObject {
  const name = `worker-${String(index).padStart(3, '0')}`;
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubevirt.io/schedulable': 'true', ...(index % 4 === 0 ? { 'katacontainers.io/kata-runtime': 'true' } : {}) } },
    spec: { podCIDR: `10.${244 + Math.floor(index / 256)}.${index % 256}.0/24` },
    status: {
      capacity: { cpu: '64', memory: '263848296Ki', pods: '250' }, allocatable: { cpu: '63500m', memory: '262799720Ki', pods: '250' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      addresses: [{ type: 'InternalIP', address: `10.1.${Math.floor(index / 250)}.${(index % 250) + 2}` }, { type: 'Hostname', address: name }],
      nodeInfo: { kubeletVersion: 'v1.31.4', containerRuntimeVersion: 'containerd://2.0.2', osImage: 'Ubuntu 24.04.1 LTS', architecture: 'amd64', operatingSystem: 'linux' },
    },
  };
}

/** The i-th namespace (from 0) of every cluster. */
export function scaleNamespace(i: number): string {
  return `team-${String(i + 1).padStart(4, '0')}`;
}

/** The developer reads everything in the namespace, and changes nothing. */
function developerReader(namespace: string): KubeObject[] {
  return [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'developer', namespace }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'developer', namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'developer' }, subjects: [{ kind: 'User', name: 'developer', apiGroup: 'rbac.authorization.k8s.io' }] },
  ];
}

function runtimeClass(): KubeObject {
  return { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata-qemu' }, handler: 'kata-qemu', overhead: { podFixed: { memory: '320Mi', cpu: '250m' } }, scheduling: { nodeSelector: { 'katacontainers.io/kata-runtime': 'true' } } };
}

/** 60 % Running, 35 % Stopped, 5 % Paused; running ones come with their VMI. */
function vmObjects(i: number, namespace: string, node: string, nextIp: () => string): KubeObject[] {
  const name = `vm-${String(i + 1).padStart(5, '0')}`;
  const kind = i % 20 === 19 ? 'paused' : i % 20 < 12 ? 'running' : 'stopped';
  const os = OS[i % OS.length];
  const vm: KubeObject = {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine',
    metadata: { name, namespace, labels: { app: name }, finalizers: [VM_FINALIZER], creationTimestamp: NOW },
    spec: {
      runStrategy: kind === 'stopped' ? 'Halted' : 'Always',
      template: {
        metadata: { labels: { 'kubevirt.io/domain': name } },
        spec: {
          ...(kind === 'paused' ? { startStrategy: 'Paused' } : {}),
          domain: { cpu: { cores: 1 }, memory: { guest: '2Gi' }, devices: { disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }] } },
          volumes: [{ name: 'rootdisk', containerDisk: { image: `quay.io/containerdisks/${os}:latest` } }],
        },
      },
    },
  };
  const observed = { ...vm, status: { runStrategy: (vm.spec as { runStrategy: string }).runStrategy } };
  if (kind === 'stopped') return [{ ...vm, status: vmStatusFor(observed, undefined, { dataVolumes: [], pvcs: [] }) }];
  const vmi = vmiFor(vm, { paused: kind === 'paused' });
  vmi.metadata.creationTimestamp = NOW;
  vmi.metadata.labels = { ...vmi.metadata.labels, 'kubevirt.io/nodeName': node };
  // Owned by its VM as virt-controller makes it; the loaders fill in the VM's uid (test/sim/owners.ts).
  vmi.metadata.ownerReferences = [{ ...ownerRef(vm), uid: '' }];
  vmi.status = runningVmiStatus(vmi, node, nextIp(), undefined, guestOsFor(vmi));
  return [{ ...vm, status: vmStatusFor(observed, vmi, { dataVolumes: [], pvcs: [] }) }, vmi];
}

/** A running pod; a Kata one carries the overhead and nodeSelector admission would give it. */
function podObject(i: number, namespace: string, node: string, ip: string, kata: boolean): KubeObject {
  const name = `app-${String(i + 1).padStart(5, '0')}`;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace, labels: { app: name }, creationTimestamp: NOW },
    spec: {
      containers: [{ name: 'app', image: 'docker.io/library/nginx:1.27', resources: { requests: { cpu: '50m', memory: '64Mi' } } }],
      nodeName: node,
      ...(kata ? { runtimeClassName: 'kata-qemu', overhead: { memory: '320Mi', cpu: '250m' }, nodeSelector: { 'katacontainers.io/kata-runtime': 'true' } } : {}),
    },
    status: {
      phase: 'Running', podIP: ip, podIPs: [{ ip }], startTime: NOW, qosClass: 'Burstable',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: NOW })),
      containerStatuses: [{ name: 'app', image: 'docker.io/library/nginx:1.27', imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: NOW } } }],
    },
  };
}
