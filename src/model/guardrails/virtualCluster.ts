// Virtual clusters (vcluster) seen from the host: its control plane runs as pods (and a StatefulSet or
// Deployment) labelled `app=vcluster, release=<name>`, and the pods it syncs carry `vcluster.loft.sh/managed-by:
// <name>`. Such a host namespace is a tenant of kind "virtual cluster", audited from what vcluster creates on
// the host: with its `policies` on, a ResourceQuota and a LimitRange `vc-<name>` and NetworkPolicies
// `vc-work-<name>` (synced workloads) and `vc-cp-<name>` (control plane).
import * as l10n from '@vscode/l10n';
import type { KubeObject } from '../kubeObject';
import { checkDefinition } from './catalog';
import { combine, listNames, part, type CheckResult, type Part } from './check';
import type { Known } from './known';
import { VCLUSTER_MANAGED_BY } from './pods';
import type { NamespaceSnapshot, TenantRef, TenantSnapshot, VirtualClusterRef } from './snapshot';
import type { Tenant } from '../tenants';

/** The vclusters a namespace hosts, from its pods and (optionally) its StatefulSets and Deployments. */
export function virtualClustersIn(namespace: string, objects: readonly KubeObject[]): VirtualClusterRef[] {
  const names = new Set<string>();
  for (const o of objects) {
    const labels = o.metadata.labels ?? {};
    if (labels.app === 'vcluster' && labels.release) names.add(labels.release);
    if (labels[VCLUSTER_MANAGED_BY]) names.add(labels[VCLUSTER_MANAGED_BY]);
  }
  return [...names].sort().map((name) => ({ name, namespace }));
}

/** The audit's view of a tree tenant: a namespace tenant hosting a vcluster becomes a virtual-cluster tenant. */
export function tenantRef(tenant: Tenant, hosted: readonly VirtualClusterRef[]): TenantRef {
  const virtualClusters = hosted.filter((v) => tenant.namespaces.includes(v.namespace));
  const kind = tenant.kind === 'namespace' && virtualClusters.length ? 'virtual-cluster' : tenant.kind;
  return { name: tenant.name, kind, namespaces: [...tenant.namespaces], virtualClusters };
}

const named = (k: Known<KubeObject[]>, name: string) => k.known && k.value.some((o) => o.metadata.name === name);

function policiesPart(vc: VirtualClusterRef, ns: NamespaceSnapshot): Part {
  const wanted: [string, Known<KubeObject[]>, string][] = [
    ['ResourceQuota', ns.resourceQuotas, `vc-${vc.name}`],
    ['LimitRange', ns.limitRanges, `vc-${vc.name}`],
    ['NetworkPolicy', ns.networkPolicies, `vc-work-${vc.name}`],
  ];
  const unreadable = wanted.find(([, k]) => !k.known);
  if (unreadable && !unreadable[1].known) return part('unknown', l10n.t('vcluster {0}: cannot read its {1} ({2})', vc.name, unreadable[0], unreadable[1].reason));
  const missing = wanted.filter(([, k, name]) => !named(k, name)).map(([kind, , name]) => `${kind} ${name}`);
  const fix = [{ kind: 'manual' as const, text: l10n.t('Turn on policies.resourceQuota, policies.limitRange and policies.networkPolicy in vcluster {0}\'s values (or apply the guardrails Harden generates).', vc.name), objects: [] }];
  if (missing.length === wanted.length) return part('fail', l10n.t('vcluster {0} in {1} runs without its host policies (no {2})', vc.name, vc.namespace, listNames(missing)), fix);
  if (missing.length) return part('warn', `vcluster ${vc.name} in ${vc.namespace} lacks ${listNames(missing)}`, fix);
  return part('pass', l10n.t('vcluster {0} in {1} has its quota, LimitRange and workload NetworkPolicy', vc.name, vc.namespace));
}

/** The vcluster check; none for tenants that host no virtual cluster (it does not apply). */
export function virtualClusterChecks(s: TenantSnapshot): CheckResult[] {
  if (!s.tenant.virtualClusters.length) return [];
  const parts = s.tenant.virtualClusters.map((vc) => {
    const ns = s.namespaces.find((n) => n.name === vc.namespace);
    return ns ? policiesPart(vc, ns) : part('unknown', l10n.t('vcluster {0}: its host namespace {1} is not in the snapshot', vc.name, vc.namespace));
  });
  return [combine(checkDefinition('vcluster-policies'), parts, l10n.t('no virtual cluster to check'))];
}
