// Which namespaces (and Capsule Tenants) a context shows. Namespaces are watched when the user may list them
// (optionally narrowed by a label selector); otherwise they are gathered from what the user is known to use —
// the context's namespace, configured namespaces, readable Capsule Tenants, and names in RBAC rules — and kept
// where a SelfSubjectRulesReview confirms the user can read workloads. A 403 only hides; it is never an error.
import { settleBounded } from '../model/bulk';
import type { KubeObject } from '../model/kubeObject';
import { capsuleTenantOf, type CapsuleTenant } from '../model/tenants';
import { grantsRead, namespacesNamedIn } from '../model/rbacRules';
import { rulesIn } from './access';
import type { ApiClient } from './apiClient';
import { ListWatchCache, type CacheState, type ListWatchOptions } from './listWatch';
import { RESOURCES } from './resources';

export interface NamespaceScopeOptions {
  contextNamespace?: string;
  /** Namespaces to try when namespaces cannot be listed. */
  namespaces?: readonly string[];
  /** Label selector for listing namespaces. */
  namespaceSelector?: string;
  /** Known after discovery, which runs beside the first list of namespaces. */
  capsuleInstalled: Promise<boolean>;
  cacheOptions?: Pick<ListWatchOptions, 'backoff' | 'healthyAfterMs'>;
  onChange(resource: 'namespaces' | 'tenants'): void;
  onCacheState(state: CacheState): void;
}

const WORKLOADS = [
  { group: '', resource: 'pods' },
  { group: 'kubevirt.io', resource: 'virtualmachines' },
  { group: 'kubevirt.io', resource: 'virtualmachineinstances' },
];

export class NamespaceScope {
  private namespaceCache?: ListWatchCache;
  private tenantCache?: ListWatchCache;
  private fallback?: string[];
  private fallingBack?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    private readonly options: NamespaceScopeOptions,
  ) {}

  /** Resolves once the visible namespaces are known. */
  async start(): Promise<void> {
    const { cacheOptions, onChange, onCacheState } = this.options;
    void this.options.capsuleInstalled.then((installed) => {
      if (!installed || this.stopped) return;
      this.tenantCache = new ListWatchCache(this.client, RESOURCES.tenants, undefined, {
        ...cacheOptions,
        onChange: () => onChange('tenants'),
        onState: (state) => {
          onCacheState(state);
          onChange('tenants');
        },
      });
      this.tenantCache.start();
    });
    const namespaces = new ListWatchCache(this.client, RESOURCES.namespaces, undefined, {
      ...cacheOptions,
      labelSelector: this.options.namespaceSelector,
      onChange: () => onChange('namespaces'),
      onState: (state) => {
        onCacheState(state);
        if (state.status === 'forbidden') this.fallingBack ??= this.fallBack();
        onChange('namespaces');
      },
    });
    this.namespaceCache = namespaces;
    namespaces.start();
    await namespaces.whenSettled();
    await this.fallingBack;
  }

  stop(): void {
    this.stopped = true;
    this.namespaceCache?.stop();
    this.tenantCache?.stop();
  }

  /** True when namespaces come from the fallback rather than a namespace list. */
  get inferred(): boolean {
    return this.fallback !== undefined;
  }

  namespaces(): string[] {
    if (this.fallback) return this.fallback;
    return (this.namespaceCache?.objects() ?? []).map((n) => n.metadata.name).sort();
  }

  /** The listed Namespace object (for its labels); undefined where namespaces are not listed or it is gone. */
  namespaceObject(name: string): KubeObject | undefined {
    return this.fallback ? undefined : this.namespaceCache?.get(name);
  }

  /** The Capsule Tenant object by name, with the state of the Tenants' cache (undefined without Capsule). */
  capsuleTenantObject(name: string): { state?: CacheState; object?: KubeObject } {
    return { state: this.tenantCache?.state, object: this.tenantCache?.get(name) };
  }

  /** Readable Capsule Tenants; empty when Capsule is absent or its Tenants are forbidden. */
  capsuleTenants(): CapsuleTenant[] {
    return (this.tenantCache?.objects() ?? []).map(capsuleTenantOf).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Namespaces cannot be listed: gather candidates once Capsule Tenants (if any) are known. */
  private async fallBack(): Promise<void> {
    await this.options.capsuleInstalled;
    await this.tenantCache?.whenSettled();
    const found = await this.gather();
    if (this.stopped) return;
    this.namespaceCache = undefined;
    this.fallback = found;
    this.options.onChange('namespaces');
  }

  private async gather(): Promise<string[]> {
    const { contextNamespace, namespaces = [] } = this.options;
    const probe = contextNamespace || 'default';
    const review = (ns: string) => rulesIn(this.client, ns).catch(() => undefined);
    const probeRules = await review(probe);
    const candidates = [
      ...new Set([
        ...(contextNamespace ? [contextNamespace] : []),
        ...namespaces,
        ...this.capsuleTenants().flatMap((t) => t.namespaces),
        ...namespacesNamedIn(probeRules ?? []),
      ]),
    ];
    // Without rules reviews nothing can be confirmed; show the candidates and let 403s hide what is not readable.
    if (!probeRules) return candidates.sort();
    // As many reviews at once as the context lets requests be in flight: the tenants show once every one is in.
    const confirmed = await settleBounded(candidates, this.client.kubeconfig.limiter.concurrency, async (ns) => {
      const rules = ns === probe ? probeRules : await review(ns);
      return !rules || grantsRead(rules, WORKLOADS);
    });
    return candidates.filter((_, i) => confirmed[i].status === 'fulfilled' && confirmed[i].value).sort();
  }
}
