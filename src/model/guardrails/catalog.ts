// Every guardrail check: its id, title, category and the reference it follows — a Multi-Tenancy Benchmark id
// (kubernetes-sigs/multi-tenancy, kubectl-mtb) where one exists, the standard and a documentation page. The
// tree, the overview matrix and the export list checks in this order.
import * as l10n from '@vscode/l10n';

export type Category = 'Pod Security' | 'Network' | 'Quota' | 'RBAC' | 'Sandboxing' | 'Capacity' | 'Virtual cluster' | 'Active probes';

/** A category's name as shown (Category values are identifiers). */
export function categoryTitle(category: Category): string {
  const titles: Record<Category, string> = {
    'Pod Security': l10n.t('Pod Security'),
    'Network': l10n.t('Network'),
    'Quota': l10n.t('Quota'),
    'RBAC': l10n.t('RBAC'),
    'Sandboxing': l10n.t('Sandboxing'),
    'Capacity': l10n.t('Capacity'),
    'Virtual cluster': l10n.t('Virtual cluster'),
    'Active probes': l10n.t('Active probes'),
  };
  return titles[category];
}

export interface Reference {
  /** kubectl-mtb benchmark ids. Upstream numbers hostPath and NodePort both MTB-PL1-BC-HI-1; we keep its ids. */
  mtb: string[];
  /** The standard or practice, in words. */
  standard: string;
  url: string;
}

export interface CheckDefinition {
  id: CheckId;
  title: string;
  category: Category;
  reference: Reference;
}

const K8S = 'https://kubernetes.io/docs';
const PSS = `${K8S}/concepts/security/pod-security-standards/`;
const NETPOL = `${K8S}/concepts/services-networking/network-policies/`;
const QUOTA = `${K8S}/concepts/policy/resource-quotas/`;
const RBAC_GOOD = `${K8S}/concepts/security/rbac-good-practices/`;
const RUNTIME_CLASS = `${K8S}/concepts/containers/runtime-class/`;
const OVERHEAD = `${K8S}/concepts/scheduling-eviction/pod-overhead/`;

const define = <I extends string>(id: I, title: string, category: Category, mtb: string[], standard: string, url: string) =>
  ({ id, title, category, reference: { mtb, standard, url } }) as const;

export const CHECKS = [
  define('psa-enforce', l10n.t('Pod Security admission enforces baseline or restricted'), 'Pod Security', [], l10n.t('Pod Security Standards (enforce label)'), `${K8S}/concepts/security/pod-security-admission/`), // l10n-ignore: category id
  define('psa-relabel', l10n.t('Tenant cannot relabel its namespace'), 'Pod Security', ['MTB-PL1-CC-CPI-1'], l10n.t('Pod Security admission: only admins set the labels'), `${K8S}/tasks/configure-pod-container/enforce-standards-namespace-labels/`), // l10n-ignore: category id
  define('running-pods', l10n.t('Running pods meet the namespace\'s Pod Security level'), 'Pod Security', // l10n-ignore: category id
    ['MTB-PL1-BC-CPI-5', 'MTB-PL1-BC-CPI-6', 'MTB-PL1-BC-CPI-3', 'MTB-PL1-BC-CPI-4', 'MTB-PL1-BC-HI-1', 'MTB-PL1-BC-HI-3', 'MTB-PL1-BC-HI-4', 'MTB-PL1-BC-HI-5'],
    l10n.t('Pod Security Standards (baseline, restricted)'), PSS),
  define('netpol-default-deny', l10n.t('Default-deny NetworkPolicy for ingress and egress'), 'Network', ['MTB-PL1-BC-NI-1'], l10n.t('NetworkPolicy default deny'), `${NETPOL}#default-policies`),
  define('netpol-dns', l10n.t('DNS egress exception'), 'Network', [], l10n.t('NetworkPolicy egress to cluster DNS'), `${NETPOL}#default-deny-all-egress-traffic`),
  define('netpol-wildcard', l10n.t('No wildcard NetworkPolicy peers'), 'Network', ['MTB-PL1-BC-NI-1'], l10n.t('NetworkPolicy peers'), `${NETPOL}#behavior-of-to-and-from-selectors`),
  define('quota-compute', l10n.t('ResourceQuota limits compute'), 'Quota', ['MTB-PL1-CC-FNS-1'], l10n.t('ResourceQuota compute resources'), `${QUOTA}#compute-resource-quota`),
  define('quota-objects', l10n.t('ResourceQuota limits object counts, no NodePorts'), 'Quota', ['MTB-PL1-CC-FNS-2', 'MTB-PL1-BC-HI-1'], l10n.t('ResourceQuota object counts'), `${QUOTA}#object-count-quota`),
  define('limit-range', l10n.t('LimitRange gives containers defaults'), 'Quota', ['MTB-PL1-CC-FNS-1'], l10n.t('LimitRange default requests and limits'), `${K8S}/concepts/policy/limit-range/`),
  define('rbac-cluster-bindings', l10n.t('No ClusterRoleBinding gives the tenant broad power'), 'RBAC', ['MTB-PL1-CC-CPI-1', 'MTB-PL2-CC-TI-1'], l10n.t('RBAC good practices: least privilege'), RBAC_GOOD),
  define('rbac-namespace-bindings', l10n.t('No RoleBinding in the tenant binds a powerful role'), 'RBAC', ['MTB-PL2-CC-TI-1'], l10n.t('RBAC good practices: escalate, bind, impersonate, wildcards'), `${RBAC_GOOD}#privilege-escalation-risks`),
  define('rbac-guardrail-edit', l10n.t('Tenant cannot edit its quota, LimitRange or admin NetworkPolicies'), 'RBAC', ['MTB-PL1-CC-TI-1', 'MTB-PL1-BC-CPI-2'], l10n.t('Tenants must not change admin-managed objects'), `${K8S}/reference/access-authn-authz/authorization/#checking-api-access`),
  define('rbac-escalation', l10n.t('Tenant cannot escalate or bind roles'), 'RBAC', ['MTB-PL2-CC-TI-1'], l10n.t('RBAC escalate and bind verbs'), `${K8S}/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping`),
  define('rbac-cluster-resources', l10n.t('Tenant cannot touch cluster resources'), 'RBAC', ['MTB-PL1-CC-CPI-1'], l10n.t('Cluster-scoped resources are admin-only'), RBAC_GOOD),
  define('sandbox-enforced', l10n.t('Unsandboxed pods are refused where sandboxing is required'), 'Sandboxing', [], l10n.t('RuntimeClass (Kata Containers, gVisor)'), RUNTIME_CLASS),
  define('sandbox-pods', l10n.t('Pods run sandboxed where required'), 'Sandboxing', [], l10n.t('RuntimeClass (Kata Containers, gVisor)'), RUNTIME_CLASS),
  define('runtimeclass-overhead', l10n.t('Sandbox RuntimeClasses declare their overhead'), 'Capacity', [], l10n.t('Pod Overhead: RuntimeClass overhead.podFixed'), OVERHEAD),
  define('pod-overhead', l10n.t('Sandboxed pods carry their overhead'), 'Capacity', [], l10n.t('Pod Overhead: spec.overhead set at admission'), OVERHEAD),
  define('migration-headroom', l10n.t('Quota leaves room to live-migrate the largest VM'), 'Capacity', [], l10n.t('KubeVirt live migration: a second launcher pod'), 'https://kubevirt.io/user-guide/compute/live_migration/'),
  define('vcluster-policies', l10n.t('The virtual cluster\'s host policies are on'), 'Virtual cluster', ['MTB-PL1-CC-FNS-1', 'MTB-PL1-BC-NI-1'], l10n.t('vCluster policies (resourceQuota, limitRange, networkPolicy)'), 'https://www.vcluster.com/docs/vcluster/configure/vcluster-yaml/policies/'), // l10n-ignore: category id
  define('probe-privileged-pod', l10n.t('A privileged pod is refused (dry run as the tenant)'), 'Active probes', ['MTB-PL1-BC-CPI-5'], l10n.t('Pod Security Standards: privileged containers'), `${PSS}#baseline`), // l10n-ignore: category id
  define('probe-hostpath-pod', l10n.t('A hostPath pod is refused (dry run as the tenant)'), 'Active probes', ['MTB-PL1-BC-HI-1'], l10n.t('Pod Security Standards: HostPath volumes'), `${PSS}#baseline`), // l10n-ignore: category id
  define('probe-nodeport-service', l10n.t('A NodePort Service is refused (dry run as the tenant)'), 'Active probes', ['MTB-PL1-BC-HI-1'], l10n.t('ResourceQuota services.nodeports: 0'), `${QUOTA}#object-count-quota`), // l10n-ignore: category id
] as const;

export type CheckId = (typeof CHECKS)[number]['id'];

const BY_ID = new Map<string, CheckDefinition>(CHECKS.map((c) => [c.id, c]));

export function checkDefinition(id: CheckId): CheckDefinition {
  return BY_ID.get(id) as CheckDefinition;
}
