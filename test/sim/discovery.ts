// Discovery documents as kube-apiserver serves them (legacy, non-aggregated form: clients that ask for
// `apidiscovery.k8s.io/v2` fall back to it when the response is plain `application/json`), plus a minimal
// OpenAPI v3 that tells kubectl the server does field validation, so `kubectl apply` validates server-side.
import { createHash } from 'node:crypto';
import { apiVersionOf, type GroupDef, type Registry, type ResourceDef } from './resources';

/** The release the differential tests hold the simulator to (test/controlplane/go.mod pins the same). */
export const KUBE_VERSION = {
  major: '1',
  minor: '36',
  emulationMajor: '1',
  emulationMinor: '36',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '35',
  gitVersion: 'v1.36.3',
  // Not a real build: the commit is left blank-ish on purpose.
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.26.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Kinds that a subresource reads/writes when it is not the parent's kind. */
const SUBRESOURCE_KINDS: Record<string, { kind: string; group?: string; version?: string }> = {
  scale: { kind: 'Scale', group: 'autoscaling', version: 'v1' },
  eviction: { kind: 'Eviction', group: 'policy', version: 'v1' },
  exec: { kind: 'PodExecOptions' },
  portforward: { kind: 'PodPortForwardOptions' },
  proxy: { kind: 'NodeProxyOptions' },
  token: { kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1' },
};

const groupVersion = (g: GroupDef) => ({ groupVersion: apiVersionOf(g), version: g.version });

export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function apiGroup(g: GroupDef) {
  return { name: g.group, versions: [groupVersion(g)], preferredVersion: groupVersion(g) };
}

export function apiGroupList(registry: Registry) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: registry.groups.filter((g) => g.group).map(apiGroup) };
}

function resourceEntries(r: ResourceDef): Record<string, unknown>[] {
  const main: Record<string, unknown> = { name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
  if (r.shortNames) main.shortNames = r.shortNames;
  if (r.categories) main.categories = r.categories;
  main.storageVersionHash = createHash('sha256').update(`${r.group}/${r.version}/${r.kind}`).digest('base64').slice(0, 11);
  const subs = Object.entries(r.subresources ?? {}).map(([sub, verbs]) => {
    const other = SUBRESOURCE_KINDS[sub];
    const entry: Record<string, unknown> = { name: `${r.resource}/${sub}`, singularName: '', namespaced: r.namespaced, kind: other?.kind ?? r.kind, verbs };
    if (other?.group) Object.assign(entry, { group: other.group, version: other.version });
    return entry;
  });
  return [main, ...subs];
}

export function apiResourceList(g: GroupDef) {
  const resources = [...g.resources.flatMap(resourceEntries), ...(g.discoveryOnly ?? [])];
  // kube-apiserver's /api/v1 list carries no apiVersion; group lists do.
  return g.group
    ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(g), resources }
    : { kind: 'APIResourceList', groupVersion: 'v1', resources };
}

const openApiPath = (g: GroupDef) => (g.group ? `apis/${g.group}/${g.version}` : 'api/v1');

/** `/openapi/v3`: one entry per group version. */
export function openApiRoot(registry: Registry) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const g of registry.groups) {
    if (!g.resources.length) continue;
    const hash = createHash('sha256').update(JSON.stringify(apiResourceList(g))).digest('hex').slice(0, 32).toUpperCase();
    paths[openApiPath(g)] = { serverRelativeURL: `/openapi/v3/${openApiPath(g)}?hash=${hash}` };
  }
  return { paths };
}

/**
 * `/openapi/v3/apis/{group}/{version}`: per resource, the item path with the `fieldValidation` query parameter
 * and a PATCH operation tagged with its GroupVersionKind. That is what kubectl's field-validation check looks
 * for; without schemas it validates nothing client-side and the server answers for the data.
 */
export function openApiGroupVersion(registry: Registry, path: string) {
  const g = registry.groups.find((x) => openApiPath(x) === path && x.resources.length);
  if (!g) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of g.resources) {
    const base = `/${openApiPath(g)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}/{name}`;
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const parameters = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({ name, in: 'query', schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true } }));
    paths[base] = {
      parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } }],
      patch: {
        operationId: `patch${r.kind}`,
        parameters,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: KUBE_VERSION.gitVersion }, paths, components: { schemas: {} } };
}
