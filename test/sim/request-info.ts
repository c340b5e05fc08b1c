// Splits a request path the way kube-apiserver's RequestInfoFactory does: resource requests under /api and
// /apis ({group}/{version}/[namespaces/{ns}/]{resource}[/{name}[/{subresource}[/…]]]), everything else is a
// non-resource request (discovery, /version, /openapi).

export interface ResourceInfo {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** Path segments after the subresource, e.g. the port of `…/portforward/8080`. */
  rest: string[];
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** The resource addressed by `pathname`, or undefined for a non-resource path. */
export function resourceInfo(pathname: string): ResourceInfo | undefined {
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
  }
  const [resource, name, subresource, ...more] = rest;
  // `/api/v1/namespaces/x` is the namespace x itself (and RBAC sees namespace x, as kube-apiserver does).
  return { group, version, namespace, resource, name, subresource, rest: more };
}
