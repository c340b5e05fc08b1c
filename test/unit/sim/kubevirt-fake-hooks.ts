// A map-of-handlers ClusterHooks for testing behaviour modules against a bare Store (no HTTP server).
import { ApiError } from '../../sim/api-error';
import { installKubeVirt } from '../../sim/kubevirt';
import { Store, type KubeObject } from '../../sim/store';
import type { AdmissionHook, ClusterHooks, StreamHandler, SubresourceCall, SubresourceHandler, SubresourceReply } from '../../sim/types';

export class FakeHooks implements ClusterHooks {
  readonly store = new Store();
  readonly stepDelayMs = 0;
  readonly subresources = new Map<string, SubresourceHandler>();
  readonly streams = new Map<string, { protocol: string; check: SubresourceHandler; handler: StreamHandler }>();
  readonly admissions = new Map<string, AdmissionHook[]>();

  addSubresource(group: string, resource: string, subresource: string, method: 'GET' | 'PUT', handler: SubresourceHandler): void {
    this.subresources.set(`${method} ${group}/${resource}/${subresource}`, handler);
  }

  addStream(group: string, resource: string, subresource: string, protocol: string, check: SubresourceHandler, handler: StreamHandler): void {
    this.streams.set(`${group}/${resource}/${subresource}`, { protocol, check, handler });
  }

  addAdmission(resourceKey: string, hook: AdmissionHook): void {
    this.admissions.set(resourceKey, [...(this.admissions.get(resourceKey) ?? []), hook]);
  }

  /** Creates through the admission hooks, like the HTTP layer does. */
  create(resource: string, object: KubeObject): KubeObject {
    for (const hook of this.admissions.get(resource) ?? []) hook(object, undefined);
    return this.store.create(resource, object);
  }

  /** Calls a subresource; resolves to the reply or the ApiError it threw. */
  async call(method: 'GET' | 'PUT', resource: string, sub: string, namespace: string, name: string, body?: unknown, dryRun = false): Promise<SubresourceReply | ApiError> {
    const handler = this.subresources.get(`${method} subresources.kubevirt.io/${resource}/${sub}`);
    if (!handler) throw new Error(`no handler for ${method} ${resource}/${sub}`);
    const call: SubresourceCall = { user: { name: 'admin', groups: ['system:masters'] }, namespace, name, body, dryRun, query: new URLSearchParams() };
    try {
      return await handler(call);
    } catch (error) {
      if (error instanceof ApiError) return error;
      throw error;
    }
  }

  /** Resolves once `predicate` holds, checking now and after every store change (the mocha timeout bounds it). */
  until(predicate: (store: Store) => boolean): Promise<void> {
    return new Promise((resolve) => {
      if (predicate(this.store)) return resolve();
      const unsubscribe = this.store.subscribe(() => {
        // Checked after the change is fully recorded, not inside the listener's commit.
        setImmediate(() => {
          if (predicate(this.store)) {
            unsubscribe();
            resolve();
          }
        });
      });
    });
  }
}

export function node(name: string, labels: Record<string, string> = {}, index = 1): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubevirt.io/schedulable': 'true', ...labels } },
    spec: { podCIDR: `10.244.${index}.0/24` },
    status: { addresses: [{ type: 'InternalIP', address: `192.168.10.${10 + index}` }], conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export function vm(name: string, spec: Record<string, unknown> = {}, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace: 'team-a', ...(annotations ? { annotations } : {}) },
    spec: {
      runStrategy: 'Halted',
      template: {
        metadata: { labels: { 'kubevirt.io/domain': name } },
        spec: {
          domain: { devices: { disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }] }, memory: { guest: '1Gi' } },
          volumes: [{ name: 'rootdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } }],
        },
      },
      ...spec,
    },
  };
}

/** Fresh hooks with `nodes` nodes (node01, node02, …) and KubeVirt installed; `dispose` uninstalls it. */
export function withKubeVirt(nodes = 0): { hooks: FakeHooks; dispose: () => void } {
  const hooks = new FakeHooks();
  for (let i = 1; i <= nodes; i++) hooks.store.create('nodes', node(`node${String(i).padStart(2, '0')}`, {}, i));
  return { hooks, dispose: installKubeVirt(hooks) };
}
