// The list+watch caches the guardrail audit reads on top of the tree's: NetworkPolicies, ResourceQuotas,
// LimitRanges, Roles and RoleBindings (one cluster-wide cache when the user may list and watch them everywhere,
// else one per visible namespace) and the cluster's ClusterRoles and ClusterRoleBindings. They start only when
// a context's guardrails are first wanted. What a cache could not read is "unknown" with the reason, never an
// empty list.
import * as l10n from '@vscode/l10n';
import type { KubeObject } from '../model/kubeObject';
import { notLoaded, unknown, unknownFromStatus, known, type Known } from '../model/guardrails/known';
import { canListWatchClusterWide } from './accessReview';
import type { ApiClient } from './apiClient';
import { ListWatchCache, type CacheState, type ListWatchOptions } from './listWatch';
import { RESOURCES, type ResourceType } from './resources';

export const NAMESPACED_GUARDRAILS = ['networkpolicies', 'resourcequotas', 'limitranges', 'roles', 'rolebindings'] as const;
export const CLUSTER_GUARDRAILS = ['clusterroles', 'clusterrolebindings'] as const;

export type NamespacedGuardrail = (typeof NAMESPACED_GUARDRAILS)[number];
export type ClusterGuardrail = (typeof CLUSTER_GUARDRAILS)[number];
export type GuardrailResource = NamespacedGuardrail | ClusterGuardrail;

export interface GuardrailCacheOptions {
  cacheOptions?: Pick<ListWatchOptions, 'backoff' | 'healthyAfterMs'>;
  /** An object changed or a cache's state moved; `namespace` is undefined for cluster-scoped ones. */
  onChange(resource: GuardrailResource, namespace: string | undefined): void;
  onCacheState(state: CacheState): void;
}

/** `networkpolicies.networking.k8s.io`, `resourcequotas`: the resource as a refusal names it. */
export function qualified(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

/** What a cache holds, as the audit reads it: known once listed, unknown (with why) when it could not be. */
export function cacheKnown(cache: ListWatchCache | undefined, namespace: string | undefined, verb = 'list'): Known<KubeObject[]> {
  const resource = cache ? qualified(cache.type) : 'objects';
  if (!cache) return notLoaded(resource);
  const state = namespace === undefined ? cache.state : cache.stateIn(namespace);
  switch (state.status) {
    case 'synced':
      return known(cache.objects(namespace));
    case 'forbidden':
      return unknownFromStatus(403, { verb, resource, namespace });
    case 'unauthorized':
      return unknownFromStatus(401, { verb, resource, namespace });
    case 'notFound':
      return unknown(l10n.t('{0} are not served by this cluster', resource));
    case 'error':
      return unknown(l10n.t('could not {0} {1}{2}: {3}', verb, resource, namespace ? ` in ${namespace}` : '', state.reason ?? 'error'));
    default:
      return notLoaded(resource);
  }
}

export class GuardrailCaches {
  private readonly clusterWide = new Map<NamespacedGuardrail, ListWatchCache>();
  private readonly perNamespace = new Map<NamespacedGuardrail, Map<string, ListWatchCache>>();
  private readonly clusterScoped = new Map<ClusterGuardrail, ListWatchCache>();
  private namespaces: readonly string[] = [];
  private started?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    private readonly options: GuardrailCacheOptions,
  ) {}

  /** Starts every cache once; per-namespace caches follow `follow(namespaces)`. */
  start(namespaces: readonly string[]): Promise<void> {
    this.namespaces = namespaces;
    this.started ??= this.run();
    return this.started;
  }

  /** The visible namespaces changed: per-namespace caches start for new ones and stop for vanished ones. */
  follow(namespaces: readonly string[]): void {
    this.namespaces = namespaces;
    if (this.stopped) return;
    const visible = new Set(namespaces);
    for (const [kind, caches] of this.perNamespace) {
      for (const [namespace, cache] of caches) {
        if (visible.has(namespace)) continue;
        cache.stop();
        caches.delete(namespace);
      }
      for (const namespace of visible) if (!caches.has(namespace)) caches.set(namespace, this.cache(kind, namespace));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const cache of this.all()) cache.stop();
  }

  namespaced(kind: NamespacedGuardrail, namespace: string): Known<KubeObject[]> {
    const wide = this.clusterWide.get(kind);
    if (wide) return cacheKnown(wide, namespace);
    const cache = this.perNamespace.get(kind)?.get(namespace);
    return cache ? cacheKnown(cache, namespace) : notLoaded(qualified(RESOURCES[kind]));
  }

  cluster(kind: ClusterGuardrail): Known<KubeObject[]> {
    const cache = this.clusterScoped.get(kind);
    return cache ? cacheKnown(cache, undefined) : notLoaded(qualified(RESOURCES[kind]));
  }

  private async run(): Promise<void> {
    for (const kind of CLUSTER_GUARDRAILS) this.clusterScoped.set(kind, this.cache(kind, undefined));
    const wide = await Promise.all(NAMESPACED_GUARDRAILS.map((kind) => canListWatchClusterWide(this.client, RESOURCES[kind])));
    if (this.stopped) return;
    NAMESPACED_GUARDRAILS.forEach((kind, i) => {
      if (wide[i]) this.clusterWide.set(kind, this.cache(kind, undefined));
      else this.perNamespace.set(kind, new Map());
    });
    this.follow(this.namespaces);
    await Promise.all(this.all().map((c) => c.whenSettled()));
  }

  private all(): ListWatchCache[] {
    return [...this.clusterScoped.values(), ...this.clusterWide.values(), ...[...this.perNamespace.values()].flatMap((m) => [...m.values()])];
  }

  private cache(kind: GuardrailResource, namespace: string | undefined): ListWatchCache {
    const cache = new ListWatchCache(this.client, RESOURCES[kind], namespace, {
      ...this.options.cacheOptions,
      onChange: ({ object }) => this.options.onChange(kind, object.metadata.namespace),
      onState: (state) => {
        this.options.onCacheState(state);
        this.options.onChange(kind, namespace);
      },
    });
    cache.start();
    return cache;
  }
}
