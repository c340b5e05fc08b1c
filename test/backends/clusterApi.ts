// A cluster admin's access through the API, the same on both backends: what tests used to do to the simulator's
// Store directly (create a pod, change a VM, read a VMI) they do through this, by the simulator's resource keys
// (`pods`, `virtualmachines.kubevirt.io` …), so a suite written once runs on the simulator and on kube-apiserver.
import { collectionPath, objectPath } from '../controlplane/loader';
import { RestClient, expectStatus } from '../controlplane/rest';
import { Registry, apiVersionOf, keyOf, type ResourceDef } from '../sim/resources';
import type { KubeObject } from '../sim/store';

const MERGE = 'application/merge-patch+json';

export class ClusterApi {
  private readonly defs = new Map<string, ResourceDef>();

  constructor(readonly client: RestClient, groups: readonly string[]) {
    for (const def of new Registry(groups).all()) this.defs.set(keyOf(def), def);
  }

  private def(resource: string): ResourceDef {
    const def = this.defs.get(resource);
    if (!def) throw new Error(`the cluster does not serve ${resource}`);
    return def;
  }

  private withKind(def: ResourceDef, object: KubeObject): KubeObject {
    return { ...object, apiVersion: apiVersionOf(def), kind: def.kind };
  }

  /** The object, or undefined when there is none. */
  async get(resource: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const def = this.def(resource);
    const r = await this.client.get(objectPath(def, { metadata: { namespace, name } }));
    if (r.status === 404) return undefined;
    return this.withKind(def, expectStatus(r, `get ${resource} ${namespace ?? ''}/${name}`, 200).json<KubeObject>());
  }

  async list(resource: string, namespace?: string): Promise<KubeObject[]> {
    const def = this.def(resource);
    const path = namespace || !def.namespaced ? collectionPath(def, namespace) : `${def.group ? `/apis/${def.group}` : '/api'}/${def.version}/${def.resource}`;
    const items = expectStatus(await this.client.get(path), `list ${resource}`, 200).json<{ items: KubeObject[] }>().items;
    return items.map((o) => this.withKind(def, o));
  }

  /** Creates an object; its status, where the resource has a status subresource, is written after it. */
  async create(resource: string, object: KubeObject): Promise<KubeObject> {
    const def = this.def(resource);
    const body: KubeObject = { ...this.withKind(def, object), metadata: { ...object.metadata } };
    const status = body.status;
    const created = expectStatus(await this.client.post(collectionPath(def, object.metadata.namespace), body), `create ${resource} ${object.metadata.name}`, 201).json<KubeObject>();
    if (status === undefined || !def.subresources?.status) return this.withKind(def, created);
    return this.writeStatus(resource, created, status);
  }

  /** Replaces an object's spec and metadata at its resourceVersion (a 409 when someone changed it meanwhile). */
  async update(resource: string, object: KubeObject): Promise<KubeObject> {
    const def = this.def(resource);
    const r = await this.client.put(objectPath(def, object), this.withKind(def, object));
    return this.withKind(def, expectStatus(r, `update ${resource} ${object.metadata.name}`, 200).json<KubeObject>());
  }

  /** A JSON merge patch of the object (or of its status subresource). */
  async patch(resource: string, namespace: string | undefined, name: string, patch: unknown, options: { status?: boolean } = {}): Promise<KubeObject> {
    const def = this.def(resource);
    const path = `${objectPath(def, { metadata: { namespace, name } })}${options.status && def.subresources?.status ? '/status' : ''}`;
    return this.withKind(def, expectStatus(await this.client.patch(path, patch, MERGE), `patch ${resource} ${namespace ?? ''}/${name}`, 200).json<KubeObject>());
  }

  async writeStatus(resource: string, object: KubeObject, status: unknown): Promise<KubeObject> {
    return this.patch(resource, object.metadata.namespace, object.metadata.name ?? '', { status }, { status: true });
  }

  /** Deletes an object (true), or finds none (false). */
  async delete(resource: string, namespace: string | undefined, name: string): Promise<boolean> {
    const r = await this.client.delete(objectPath(this.def(resource), { metadata: { namespace, name } }));
    if (r.status === 404) return false;
    expectStatus(r, `delete ${resource} ${namespace ?? ''}/${name}`, 200, 202);
    return true;
  }

  close(): void {
    this.client.close();
  }
}
