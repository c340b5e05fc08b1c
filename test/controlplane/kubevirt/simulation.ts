// The project's KubeVirt simulation on a real control plane. The same modules that drive the in-process
// simulator (test/sim/kubevirt/ and the scheduler/kubelet of test/sim/workloads/) run against a Replica of the
// cluster's pods, nodes, claims and KubeVirt objects (snapshots, restores and clones included); their writes reach
// kube-apiserver through its API. virt-api's stand-in serves `subresources.kubevirt.io` through the aggregation layer
// (when the cluster lists that group) and the validating webhooks for VMs, migrations, snapshots, restores and clones.
// kube-controller-manager does the rest (Deployments, garbage collection, namespaces).
import { installKubeVirt } from '../../sim/kubevirt/index';
import { launcherPodRefused } from '../../sim/kubevirt/vmi-controller';
import { CLONES, DATAVOLUMES, MIGRATIONS, PODS, PVCS, RESTORES, SNAPSHOT_CONTENTS, SNAPSHOTS, SUBRESOURCE_GROUP, VMIS, VMS } from '../../sim/kubevirt/keys';
import { Registry } from '../../sim/resources';
import type { KubeObject, Store } from '../../sim/store';
import type { AdmissionHook, ClusterHooks, StreamHandler, SubresourceHandler } from '../../sim/types';
import { installKubelet } from '../../sim/workloads/index';
import { apiServiceNames, type ApiServiceRegistration, type ControlPlane } from '../launcher';
import { expectStatus } from '../rest';
import { KubeletServer } from './kubelet-server';
import { Replica } from './replica';
import { VirtApiServer, validatingWebhooks, type VirtApiBackend } from './virt-api';

const NOT_READY = 'node.kubernetes.io/not-ready';

export interface KubeVirtSimulationOptions {
  /** The cluster's optional API groups, as the scenario lists them. */
  groups: readonly string[];
  /** Delay between controller steps (0 in tests, about 1000 ms for people watching). */
  stepDelayMs?: number;
  /** Where problems pushing to the server are reported (default: stderr). */
  log?: (line: string) => void;
}

export class KubeVirtSimulation implements ClusterHooks, VirtApiBackend {
  readonly registry: Registry;
  readonly stepDelayMs: number;
  readonly replica: Replica;
  private readonly subresources = new Map<string, SubresourceHandler>();
  private readonly streams = new Map<string, { protocol: string; check: SubresourceHandler; handler: StreamHandler }>();
  private readonly admissions = new Map<string, AdmissionHook[]>();
  private readonly uninstall: (() => void)[] = [];
  private virtApi: VirtApiServer | undefined;
  private kubelet: KubeletServer | undefined;

  private constructor(private readonly plane: ControlPlane, options: KubeVirtSimulationOptions) {
    this.registry = new Registry(options.groups);
    this.stepDelayMs = options.stepDelayMs ?? 0;
    const kubevirt = this.registry.has('kubevirt.io');
    const served = (group: string, keys: string[]) => (this.registry.has(group) ? keys : []);
    const resources = [
      PODS, 'nodes', PVCS,
      ...(kubevirt ? [VMS, VMIS, MIGRATIONS] : []),
      ...served('cdi.kubevirt.io', [DATAVOLUMES]),
      // Snapshots, their contents, restores and clones: the controllers of test/sim/kubevirt work on them too.
      ...(kubevirt ? [...served('snapshot.kubevirt.io', [SNAPSHOTS, SNAPSHOT_CONTENTS, RESTORES]), ...served('clone.kubevirt.io', [CLONES])] : []),
    ];
    // A launcher pod the server's admission refuses is virt-controller's FailedCreate, retried with backoff.
    const refused = (resource: string, object: KubeObject, message: string) => {
      if (kubevirt && resource === PODS) launcherPodRefused(this.store, object, message);
    };
    this.replica = new Replica({ client: plane.client(undefined, { maxSockets: 16 }), registry: this.registry, resources, createOnly: ['events'], concurrency: 12, log: options.log, refused });
  }

  /** Mirrors the cluster, then starts the controllers, virt-api and its webhooks (KubeVirt only where `kubevirt.io` is served). */
  static async start(plane: ControlPlane, options: KubeVirtSimulationOptions): Promise<KubeVirtSimulation> {
    const simulation = new KubeVirtSimulation(plane, options);
    try {
      await simulation.replica.synced();
      simulation.kubelet = new KubeletServer(simulation.store, simulation.stepDelayMs, plane.servingCertificate());
      const kubeletPort = await simulation.kubelet.listen();
      simulation.uninstall.push(simulation.registerNodes(kubeletPort), installKubelet(simulation), simulation.finishPodDeletions());
      if (simulation.registry.has('kubevirt.io')) {
        simulation.uninstall.push(installKubeVirt(simulation));
        await simulation.startVirtApi();
      }
      // A test starts from the scenario's states (VMs Running, Paused…), not from the moment its objects were made.
      await simulation.replica.settled();
      return simulation;
    } catch (error) {
      await simulation.stop();
      throw error;
    }
  }

  get store(): Store {
    return this.replica.store;
  }

  /** virt-api's port (undefined without KubeVirt). */
  get virtApiPort(): number | undefined {
    return this.virtApi?.port;
  }

  async stop(): Promise<void> {
    for (const dispose of this.uninstall.splice(0)) dispose();
    this.replica.stop();
    await Promise.all([this.virtApi?.close(), this.kubelet?.close()]);
  }

  // ---- ClusterHooks: what the KubeVirt module plugs in ----

  addSubresource(group: string, resource: string, subresource: string, method: 'GET' | 'PUT', handler: SubresourceHandler): void {
    this.subresources.set(`${method} ${group}/${resource}/${subresource}`, handler);
  }

  addStream(group: string, resource: string, subresource: string, protocol: string, check: SubresourceHandler, handler: StreamHandler): void {
    this.streams.set(`${group}/${resource}/${subresource}`, { protocol, check, handler });
  }

  addAdmission(resourceKey: string, hook: AdmissionHook): void {
    this.admissions.set(resourceKey, [...(this.admissions.get(resourceKey) ?? []), hook]);
  }

  // ---- VirtApiBackend ----

  subresource(resource: string, subresource: string, method: string): SubresourceHandler | undefined {
    return this.subresources.get(`${method} ${SUBRESOURCE_GROUP}/${resource}/${subresource}`);
  }

  stream(resource: string, subresource: string): { protocol: string; check: SubresourceHandler; handler: StreamHandler } | undefined {
    return this.streams.get(`${SUBRESOURCE_GROUP}/${resource}/${subresource}`);
  }

  admission(resourceKey: string): readonly AdmissionHook[] {
    return this.admissions.get(resourceKey) ?? [];
  }

  async refresh(namespace: string, name: string): Promise<void> {
    await Promise.all([VMS, VMIS].map((resource) => this.replica.refresh(resource, namespace, name)));
  }

  flush(): Promise<void> {
    return this.replica.flush();
  }

  /**
   * virt-api: its HTTPS server, the webhooks (always, as virt-operator installs them), and the aggregated
   * `subresources.kubevirt.io/v1` where the cluster serves it (a cluster without it — KubeVirt's API without
   * virt-api's — stays without it).
   */
  private async startVirtApi(): Promise<void> {
    const registration: ApiServiceRegistration = { group: SUBRESOURCE_GROUP, version: 'v1', port: 0, caPem: this.plane.caPem, serviceName: 'virt-api' };
    this.virtApi = new VirtApiServer(this, this.plane.servingCertificate(apiServiceNames(registration)), this.plane.frontProxy);
    const port = await this.virtApi.listen();
    const admin = this.plane.client();
    const webhooks = validatingWebhooks(port, this.plane.caPem);
    expectStatus(await admin.patch('/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/virt-api-validator?fieldManager=kubevirt-workbench-launcher&force=true', webhooks, 'application/apply-patch+yaml'), 'apply the ValidatingWebhookConfiguration', 200, 201);
    if (this.registry.has(SUBRESOURCE_GROUP)) await this.plane.registerApiService({ ...registration, port });
  }

  /**
   * The simulation is every node's kubelet: a node says where its kubelet answers (`localhost` as its InternalDNS
   * address, which kube-apiserver is started to prefer, and the kubelet port), and — since kube-apiserver taints
   * every new node `node.kubernetes.io/not-ready` until the node lifecycle controller, off here for want of kubelet
   * heartbeats, sees it Ready — a node whose stored status says Ready loses that taint, as on a cluster.
   */
  private registerNodes(kubeletPort: number): () => void {
    const register = (name: string | undefined) => {
      const node = this.store.get('nodes', undefined, name ?? '');
      if (!node) return;
      const spec = (node.spec ?? {}) as { taints?: { key: string }[] };
      const status = (node.status ?? {}) as { conditions?: { type: string; status: string }[]; addresses?: { type: string; address: string }[]; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } };
      const ready = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      const taints = (spec.taints ?? []).filter((t) => !(ready && t.key === NOT_READY));
      const addresses = [...(status.addresses ?? []).filter((a) => a.type !== 'InternalDNS'), { type: 'InternalDNS', address: 'localhost' }];
      const registered = status.daemonEndpoints?.kubeletEndpoint?.Port === kubeletPort && status.addresses?.some((a) => a.type === 'InternalDNS' && a.address === 'localhost');
      if (registered && taints.length === (spec.taints ?? []).length) return;
      this.store.update('nodes', {
        ...node,
        spec: { ...spec, taints: taints.length ? taints : undefined },
        status: { ...status, addresses, daemonEndpoints: { ...status.daemonEndpoints, kubeletEndpoint: { Port: kubeletPort } } },
      });
    };
    for (const node of this.store.list('nodes')) register(node.metadata.name);
    return this.store.subscribe((change) => {
      if (change.resource === 'nodes' && change.type !== 'DELETED') setImmediate(() => register(change.object.metadata.name));
    });
  }

  /** A pod the server is deleting gracefully is gone once its kubelet says so: here, at once. */
  private finishPodDeletions(): () => void {
    const finish = (namespace: string | undefined, name: string | undefined) => {
      const pod = this.store.get(PODS, namespace, name ?? '');
      if (pod?.metadata.deletionTimestamp && !pod.metadata.finalizers?.length) this.replica.finishPodDeletion(namespace ?? '', name ?? '');
    };
    for (const pod of this.store.list(PODS)) finish(pod.metadata.namespace, pod.metadata.name);
    return this.store.subscribe((change) => {
      if (change.resource === PODS && change.type === 'MODIFIED' && change.object.metadata.deletionTimestamp) finish(change.object.metadata.namespace, change.object.metadata.name);
    });
  }
}
