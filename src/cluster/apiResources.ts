// apiVersion + kind → resource path, from the server's discovery (APIResourceList per group version), cached
// per group version; a kind not found is looked up once more in case its CRD was installed since.
import type { V1APIResourceList } from '@kubernetes/client-node';
import * as l10n from '@vscode/l10n';
import type { KubeHttp } from './kubeHttp';

export interface ApiResource {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** Whether `<plural>/status` exists: without it a PUT replaces status too. */
  statusSubresource: boolean;
}

/** As served; an old or broken aggregated API may leave out `resources`. */
type ApiResourceList = Partial<V1APIResourceList>;

export class UnknownKindError extends Error {}

export class ApiResourceMapper {
  private readonly lists = new Map<string, Promise<ApiResource[]>>();

  constructor(private readonly http: KubeHttp) {}

  async resolve(apiVersion: string, kind: string): Promise<ApiResource> {
    const found = (await this.list(apiVersion)).find((r) => r.kind === kind);
    if (found) return found;
    this.lists.delete(apiVersion);
    const again = (await this.list(apiVersion)).find((r) => r.kind === kind);
    if (!again) throw new UnknownKindError(l10n.t('The server does not serve {0} in {1}.', kind, apiVersion));
    return again;
  }

  /** `/apis/kubevirt.io/v1/namespaces/ns/virtualmachines/name`; `name` omitted for the collection. */
  async path(apiVersion: string, kind: string, namespace: string | undefined, name?: string): Promise<string> {
    const r = await this.resolve(apiVersion, kind);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const scope = r.namespaced ? `/namespaces/${encodeURIComponent(namespace || 'default')}` : '';
    return `${base}${scope}/${r.plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }

  private list(apiVersion: string): Promise<ApiResource[]> {
    let list = this.lists.get(apiVersion);
    if (!list) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      list = this.http.call<ApiResourceList>('GET', path).then((answer) => toResources(apiVersion, answer));
      list.catch(() => this.lists.delete(apiVersion));
      this.lists.set(apiVersion, list);
    }
    return list;
  }
}

function toResources(apiVersion: string, list: ApiResourceList): ApiResource[] {
  const entries = list.resources ?? [];
  const names = new Set(entries.map((r) => r.name));
  return entries
    .filter((r) => !r.name.includes('/'))
    .map((r) => ({ apiVersion, kind: r.kind, plural: r.name, namespaced: r.namespaced, statusSubresource: names.has(`${r.name}/status`) }));
}
