// Which actions the user may take in a namespace, from SelfSubjectAccessReviews of the exact (sub)resources
// each action calls. Answers are cached per (context, namespace) for a while; concurrent askers share one batch
// of reviews. A review the user may not even create (403) counts as "not allowed".
import { ACTIONS, type AccessKind, type Action } from '../model/actions';
import { allowedActions, checkKey, checksFor, type ResourceCheck } from '../model/permissions';
import { KubeApiError } from './errors';
import type { KubeHttp } from './kubeHttp';
import { servesSubresources } from './kubevirtPaths';

export interface NamespaceAccess {
  namespace: string;
  /** Whether the cluster serves subresources.kubevirt.io (decides which checks were made). */
  subresources: boolean;
  /** The actions RBAC allows on a VM, a lone VMI or a pod; intersect with `vmActions`/`vmiActions`/`podActions`. */
  allowed(kind: AccessKind): ReadonlySet<Action>;
  granted(check: ResourceCheck): boolean;
}

interface Entry {
  expires: number;
  access: Promise<NamespaceAccess>;
}

const SSAR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
/** `patch` decides server-side apply in the editor (ask `granted`); Edit itself needs `update` (the PUT). */
const EDIT_CHECKS: ResourceCheck[] = [
  { verb: 'patch', group: 'kubevirt.io', resource: 'virtualmachines' },
  { verb: 'patch', group: 'kubevirt.io', resource: 'virtualmachineinstances' },
];

export class AccessCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The namespace's access, from the cache while fresh. A failed batch is not cached. */
  forNamespace(http: KubeHttp, namespace: string): Promise<NamespaceAccess> {
    const key = cacheKey(http.context, namespace);
    const cached = this.entries.get(key);
    if (cached && cached.expires > this.now()) return cached.access;
    const access = review(http, namespace);
    const entry = { expires: this.now() + this.ttlMs, access };
    this.entries.set(key, entry);
    access.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    return access;
  }

  /** Forget one namespace, a whole context (no namespace), or everything (no context): e.g. after a 403. */
  invalidate(context?: string, namespace?: string): void {
    if (context === undefined) this.entries.clear();
    else if (namespace !== undefined) this.entries.delete(cacheKey(context, namespace));
    else for (const key of [...this.entries.keys()]) if (key.startsWith(cacheKey(context, ''))) this.entries.delete(key);
  }
}

const cacheKey = (context: string, namespace: string) => `${context}\u0000${namespace}`;

async function review(http: KubeHttp, namespace: string): Promise<NamespaceAccess> {
  const subresources = await servesSubresources(http);
  const checks = [...checksFor(ACTIONS, ['vm', 'vmi', 'pod'], subresources), ...EDIT_CHECKS];
  const answers = await Promise.all(checks.map((c) => accessReview(http, namespace, c)));
  const grantedKeys = new Set(checks.filter((_, i) => answers[i]).map(checkKey));
  const granted = (c: ResourceCheck) => grantedKeys.has(checkKey(c));
  const byKind = {
    vm: allowedActions(ACTIONS, 'vm', subresources, granted),
    vmi: allowedActions(ACTIONS, 'vmi', subresources, granted),
    pod: allowedActions(ACTIONS, 'pod', subresources, granted),
  };
  return { namespace, subresources, allowed: (kind) => byKind[kind], granted };
}

/** One SelfSubjectAccessReview; true only when the server says allowed. */
export async function accessReview(http: KubeHttp, namespace: string, check: ResourceCheck): Promise<boolean> {
  const body = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: { namespace, verb: check.verb, group: check.group, resource: check.resource, subresource: check.subresource } },
  };
  try {
    const answer = await http.call<{ status?: { allowed?: boolean } }>('POST', SSAR_PATH, { body });
    return answer.status?.allowed === true;
  } catch (error) {
    if (error instanceof KubeApiError && error.code === 403) return false;
    throw error;
  }
}
