// Every guardrail check: its id, title, category and the reference it follows — a Multi-Tenancy Benchmark id
// (kubernetes-sigs/multi-tenancy, kubectl-mtb) where one exists, the standard and a documentation page. The
// tree, the overview matrix and the export list checks in this order.

export type Category = 'Pod Security' | 'Network' | 'Quota' | 'RBAC' | 'Sandboxing' | 'Capacity' | 'Virtual cluster' | 'Active probes';

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
  define('psa-enforce', 'Pod Security admission enforces baseline or restricted', 'Pod Security', [], 'Pod Security Standards (enforce label)', `${K8S}/concepts/security/pod-security-admission/`),
  define('psa-relabel', 'Tenant cannot relabel its namespace', 'Pod Security', ['MTB-PL1-CC-CPI-1'], 'Pod Security admission: only admins set the labels', `${K8S}/tasks/configure-pod-container/enforce-standards-namespace-labels/`),
  define('running-pods', "Running pods meet the namespace's Pod Security level", 'Pod Security',
    ['MTB-PL1-BC-CPI-5', 'MTB-PL1-BC-CPI-6', 'MTB-PL1-BC-CPI-3', 'MTB-PL1-BC-CPI-4', 'MTB-PL1-BC-HI-1', 'MTB-PL1-BC-HI-3', 'MTB-PL1-BC-HI-4', 'MTB-PL1-BC-HI-5'],
    'Pod Security Standards (baseline, restricted)', PSS),
  define('netpol-default-deny', 'Default-deny NetworkPolicy for ingress and egress', 'Network', ['MTB-PL1-BC-NI-1'], 'NetworkPolicy default deny', `${NETPOL}#default-policies`),
  define('netpol-dns', 'DNS egress exception', 'Network', [], 'NetworkPolicy egress to cluster DNS', `${NETPOL}#default-deny-all-egress-traffic`),
  define('netpol-wildcard', 'No wildcard NetworkPolicy peers', 'Network', ['MTB-PL1-BC-NI-1'], 'NetworkPolicy peers', `${NETPOL}#behavior-of-to-and-from-selectors`),
  define('quota-compute', 'ResourceQuota limits compute', 'Quota', ['MTB-PL1-CC-FNS-1'], 'ResourceQuota compute resources', `${QUOTA}#compute-resource-quota`),
  define('quota-objects', 'ResourceQuota limits object counts, no NodePorts', 'Quota', ['MTB-PL1-CC-FNS-2', 'MTB-PL1-BC-HI-1'], 'ResourceQuota object counts', `${QUOTA}#object-count-quota`),
  define('limit-range', 'LimitRange gives containers defaults', 'Quota', ['MTB-PL1-CC-FNS-1'], 'LimitRange default requests and limits', `${K8S}/concepts/policy/limit-range/`),
  define('rbac-cluster-bindings', 'No ClusterRoleBinding gives the tenant broad power', 'RBAC', ['MTB-PL1-CC-CPI-1', 'MTB-PL2-CC-TI-1'], 'RBAC good practices: least privilege', RBAC_GOOD),
  define('rbac-namespace-bindings', 'No RoleBinding in the tenant binds a powerful role', 'RBAC', ['MTB-PL2-CC-TI-1'], 'RBAC good practices: escalate, bind, impersonate, wildcards', `${RBAC_GOOD}#privilege-escalation-risks`),
  define('rbac-guardrail-edit', 'Tenant cannot edit its quota, LimitRange or admin NetworkPolicies', 'RBAC', ['MTB-PL1-CC-TI-1', 'MTB-PL1-BC-CPI-2'], 'Tenants must not change admin-managed objects', `${K8S}/reference/access-authn-authz/authorization/#checking-api-access`),
  define('rbac-escalation', 'Tenant cannot escalate or bind roles', 'RBAC', ['MTB-PL2-CC-TI-1'], 'RBAC escalate and bind verbs', `${K8S}/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping`),
  define('rbac-cluster-resources', 'Tenant cannot touch cluster resources', 'RBAC', ['MTB-PL1-CC-CPI-1'], 'Cluster-scoped resources are admin-only', RBAC_GOOD),
  define('sandbox-enforced', 'Unsandboxed pods are refused where sandboxing is required', 'Sandboxing', [], 'RuntimeClass (Kata Containers, gVisor)', RUNTIME_CLASS),
  define('sandbox-pods', 'Pods run sandboxed where required', 'Sandboxing', [], 'RuntimeClass (Kata Containers, gVisor)', RUNTIME_CLASS),
  define('runtimeclass-overhead', 'Sandbox RuntimeClasses declare their overhead', 'Capacity', [], 'Pod Overhead: RuntimeClass overhead.podFixed', OVERHEAD),
  define('pod-overhead', 'Sandboxed pods carry their overhead', 'Capacity', [], 'Pod Overhead: spec.overhead set at admission', OVERHEAD),
  define('migration-headroom', 'Quota leaves room to live-migrate the largest VM', 'Capacity', [], 'KubeVirt live migration: a second launcher pod', 'https://kubevirt.io/user-guide/compute/live_migration/'),
  define('vcluster-policies', "The virtual cluster's host policies are on", 'Virtual cluster', ['MTB-PL1-CC-FNS-1', 'MTB-PL1-BC-NI-1'], 'vCluster policies (resourceQuota, limitRange, networkPolicy)', 'https://www.vcluster.com/docs/vcluster/configure/vcluster-yaml/policies/'),
  define('probe-privileged-pod', 'A privileged pod is refused (dry run as the tenant)', 'Active probes', ['MTB-PL1-BC-CPI-5'], 'Pod Security Standards: privileged containers', `${PSS}#baseline`),
  define('probe-hostpath-pod', 'A hostPath pod is refused (dry run as the tenant)', 'Active probes', ['MTB-PL1-BC-HI-1'], 'Pod Security Standards: HostPath volumes', `${PSS}#baseline`),
  define('probe-nodeport-service', 'A NodePort Service is refused (dry run as the tenant)', 'Active probes', ['MTB-PL1-BC-HI-1'], 'ResourceQuota services.nodeports: 0', `${QUOTA}#object-count-quota`),
] as const;

export type CheckId = (typeof CHECKS)[number]['id'];

const BY_ID = new Map<string, CheckDefinition>(CHECKS.map((c) => [c.id, c]));

export function checkDefinition(id: CheckId): CheckDefinition {
  return BY_ID.get(id) as CheckDefinition;
}
