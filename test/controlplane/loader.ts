// Loads a scenario's objects into a real cluster through its API, as a cluster admin: namespaces first, then
// cluster-scoped objects, then namespaced RBAC and configuration, then everything else; each phase with bounded
// concurrency. Status is written through the status subresource where the resource has one (objects without one,
// such as VMIs, carry it in the create). What the real API refuses is collected and reported, never skipped.
import { needsOwnerUids, withOwnerUids } from '../sim/owners';
import { Registry, apiVersionOf, type ResourceDef } from '../sim/resources';
import type { KubeObject } from '../sim/store';
import type { RestClient, RestResponse } from './rest';

export interface Refusal {
  object: string;
  status: number;
  message: string;
}

export interface LoadReport {
  objects: number;
  requests: number;
  seconds: number;
  refused: Refusal[];
}

const FIRST_PHASE = new Set(['Namespace']);
/** Namespaced objects that others depend on (RBAC for users, quota and limits before the pods they govern). */
const CONFIG_KINDS = new Set(['ServiceAccount', 'Role', 'RoleBinding', 'Secret', 'ConfigMap', 'LimitRange', 'ResourceQuota']);
const RETRYABLE = new Set([409, 429, 500, 503, 504]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describe = (o: KubeObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

export function collectionPath(def: ResourceDef, namespace: string | undefined): string {
  const base = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
  return def.namespaced ? `${base}/namespaces/${namespace}/${def.resource}` : `${base}/${def.resource}`;
}

export function objectPath(def: ResourceDef, object: KubeObject): string {
  return `${collectionPath(def, object.metadata.namespace)}/${encodeURIComponent(object.metadata.name ?? '')}`;
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function bounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const message = (r: RestResponse) => {
  try {
    return r.json<{ message?: string }>().message ?? r.text;
  } catch {
    return r.text;
  }
};

/** The key of `ScenarioLoader.uids`: owner references name an object by kind, namespace and name. */
const uidKey = (kind: string | undefined, namespace: string | undefined, name: string | undefined) => `${kind}/${namespace ?? ''}/${name}`;

export class ScenarioLoader {
  private requests = 0;
  private readonly refused: Refusal[] = [];
  /** The server's uid of each object created (by uidKey), for the owner references naming it. */
  private readonly uids = new Map<string, string>();
  private readonly serviceAccounts = new Map<string, Promise<void>>();

  constructor(private readonly admin: RestClient, private readonly registry: Registry, private readonly concurrency = 16) {}

  /** Sends one request, retrying what a busy or just-started server answers for a while (429, 5xx, 409 on status). */
  private async send(method: string, path: string, body: unknown, contentType?: string): Promise<RestResponse> {
    for (let attempt = 0; ; attempt++) {
      this.requests++;
      const response = await this.admin.request(method, path, { body, contentType });
      const retry = RETRYABLE.has(response.status) && !(method === 'POST' && response.status === 409) && attempt < 8;
      if (!retry) return response;
      await sleep(100 * 2 ** attempt);
    }
  }

  async load(objects: readonly KubeObject[]): Promise<LoadReport> {
    const started = Date.now();
    const resolved = objects.map((object) => {
      const def = this.registry.byKind(object.apiVersion ?? '', object.kind ?? '');
      if (!def) throw new Error(`no API serves ${object.apiVersion} ${object.kind} (${object.metadata?.name})`);
      const copy = structuredClone(object);
      if (def.namespaced) copy.metadata.namespace ??= 'default';
      else delete copy.metadata.namespace;
      return { def, object: copy };
    });
    const phase = (test: (def: ResourceDef, o: KubeObject) => boolean) => resolved.filter(({ def, object }) => test(def, object));
    const phases = [
      phase((d) => FIRST_PHASE.has(d.kind)),
      phase((d) => !d.namespaced && !FIRST_PHASE.has(d.kind)),
      phase((d) => d.namespaced && CONFIG_KINDS.has(d.kind)),
      phase((d, o) => d.namespaced && !CONFIG_KINDS.has(d.kind) && !needsOwnerUids(o)),
      // Objects that name their owner, once the owners have their uids.
      phase((d, o) => d.namespaced && !CONFIG_KINDS.has(d.kind) && needsOwnerUids(o)),
    ];
    for (const items of phases) await bounded(items, this.concurrency, ({ def, object }) => this.create(def, object));
    return { objects: objects.length, requests: this.requests, seconds: (Date.now() - started) / 1000, refused: this.refused };
  }

  private refuse(object: KubeObject, response: RestResponse, what = 'create'): void {
    this.refused.push({ object: `${describe(object)} (${what})`, status: response.status, message: message(response) });
  }

  private async create(def: ResourceDef, input: KubeObject): Promise<void> {
    const object = structuredClone(withOwnerUids(input, (owner, namespace) => this.uids.get(uidKey(owner.kind, namespace, owner.name))));
    for (const field of ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields'] as const) delete object.metadata[field];
    object.apiVersion = apiVersionOf(def);
    const status = object.status;
    // With a status subresource the create ignores status; it is written afterwards (namespaces' is the server's).
    const separateStatus = !!def.subresources?.status && status !== undefined && def.kind !== 'Namespace';
    if (def.subresources?.status) delete object.status;
    if (def.kind === 'Pod') await this.defaultServiceAccount(object.metadata.namespace ?? 'default');
    const created = await this.send('POST', collectionPath(def, object.metadata.namespace), object);
    if (created.status === 409 && def.kind === 'Namespace') return this.adoptNamespace(def, object);
    if (created.status !== 201) return this.refuse(input, created);
    this.uids.set(uidKey(def.kind, object.metadata.namespace, object.metadata.name), created.json<KubeObject>().metadata.uid!);
    if (!separateStatus) return;
    const written = await this.send('PATCH', `${objectPath(def, object)}/status`, { status: this.statusToWrite(def, object, status) }, 'application/merge-patch+json');
    if (written.status !== 200) this.refuse(input, written, 'status');
  }

  /**
   * A quota's scenario status counts the pods the scenario holds; written as is, the pods loaded next would be
   * counted twice. Its usage starts at zero instead (quota admission needs a usage figure per limit); the
   * controller manager recounts it.
   */
  private statusToWrite(def: ResourceDef, object: KubeObject, status: unknown): unknown {
    if (def.kind !== 'ResourceQuota') return status;
    const hard = ((object.spec as { hard?: Record<string, string> } | undefined)?.hard) ?? {};
    return { hard, used: Object.fromEntries(Object.keys(hard).map((k) => [k, '0'])) };
  }

  /** kube-apiserver already made it (default, kube-system …): add the scenario's labels and annotations. */
  private async adoptNamespace(def: ResourceDef, object: KubeObject): Promise<void> {
    const { labels, annotations } = object.metadata;
    if (!labels && !annotations) return;
    const patched = await this.send('PATCH', objectPath(def, object), { metadata: { labels, annotations } }, 'application/merge-patch+json');
    if (patched.status !== 200) this.refuse(object, patched, 'label');
  }

  /**
   * ServiceAccount admission refuses pods until their namespace's `default` account exists, which the controller
   * manager creates shortly after the namespace; creating it here makes loading independent of that timing.
   */
  private defaultServiceAccount(namespace: string): Promise<void> {
    let ready = this.serviceAccounts.get(namespace);
    if (!ready) {
      ready = (async () => {
        const r = await this.send('POST', `/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
        if (r.status !== 201 && r.status !== 409) throw new Error(`ServiceAccount ${namespace}/default: ${r.status} ${message(r)}`);
      })();
      this.serviceAccounts.set(namespace, ready);
    }
    return ready;
  }
}
