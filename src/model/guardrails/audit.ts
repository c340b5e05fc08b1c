// The per-tenant guardrail audit, pure (no vscode, no I/O): auditTenant(snapshot) runs every check of
// catalog.ts on a TenantSnapshot and returns the results in catalog order, the tenant summary and the
// isolation summary. A check that lacks what it needs is "unknown" with a why naming what could not be read;
// nothing passes by default.
//
// Contract for the integrator (src/cluster fills the snapshot, views show the audit):
//
// 1. Tenants. For each namespace, virtualClustersIn(namespace, pods [+ apps/v1 StatefulSets and Deployments
//    labelled app=vcluster]) finds hosted vclusters; tenantRef(tenant, hosted) turns a tree Tenant into the
//    audit's TenantRef (a namespace tenant hosting a vcluster becomes kind "virtual-cluster").
//
// 2. Reads. Every piece of the snapshot is a Known<T> (known.ts): known(value) once read; notLoaded(resource)
//    before a cache's first list; unknownFromStatus(code, { verb, resource, namespace }) when the read fails
//    (401, 403 and anything else); known([]) when an optional API is not served (404 / not in discovery:
//    KubeVirt, Capsule). Never put an empty list for a read that failed.
//      per namespace (namespaced; list+watch per namespace, or one cluster-wide cache when allowed):
//        core/v1 namespaces (cluster-scoped, get by name) → namespace   (labels)
//        core/v1 pods                                    → pods        (full spec)
//        kubevirt.io/v1 virtualmachines                  → virtualMachines
//        kubevirt.io/v1 virtualmachineinstances          → virtualMachineInstances
//        networking.k8s.io/v1 networkpolicies            → networkPolicies
//        core/v1 resourcequotas                          → resourceQuotas (spec and status.used)
//        core/v1 limitranges                             → limitRanges
//        rbac.authorization.k8s.io/v1 roles, rolebindings → roles, roleBindings
//      cluster-scoped:
//        rbac.authorization.k8s.io/v1 clusterroles, clusterrolebindings → clusterRoles, clusterRoleBindings
//        node.k8s.io/v1 runtimeclasses                   → runtimeClasses
//        capsule.clastix.io/v1beta2 tenants (this tenant's object; kind capsule only) → capsuleTenant
//      capsuleInstalled from discovery; settings from configuration (sandbox policy, platform subjects).
//
// 3. Access reviews. accessReviewPlan(snapshot) lists SubjectAccessReviews for the tenant's subjects (its
//    Capsule owners and the subjects its RoleBindings name). POST subjectAccessReviewBody(r) to
//    /apis/authorization.k8s.io/v1/subjectaccessreviews and record { key: r.key, allowed: status.allowed ===
//    true }. If creating reviews is refused, set accessReviews to unknownFromStatus(403, { verb: 'create',
//    resource: 'subjectaccessreviews.authorization.k8s.io' }); leave out single reviews that failed.
//
// 4. Active probes, after the reviews (they choose whom to act as). probePlan(snapshot) lists dry runs; make
//    each with `?dryRun=All` and impersonation headers (Impersonate-User: identity.user, one Impersonate-Group
//    per identity.groups entry): action create → POST body to the target's collection; action patch → PATCH
//    the named object with Content-Type application/merge-patch+json. Record probeAnswerFromStatus(key, code,
//    message, returned object). When the user may not impersonate (SelfSubjectAccessReview `impersonate` on
//    users, groups and serviceaccounts), set probes to unknown('not permitted to impersonate the tenant's
//    users, groups or service accounts'). Never send a probe without dryRun=All.
//
// 5. auditTenant(snapshot) → TenantAudit; it is cheap, so run it again on every cache change. Harden Tenant…:
//    hardenTenant(snapshot, audit) in ../generators/harden.ts. Export: auditMarkdown / auditHtml in export.ts.
import type { CheckResult } from './check';
import { CHECKS } from './catalog';
import { capacityChecks } from './capacity';
import { networkPolicyChecks } from './networkPolicy';
import { podSecurityChecks } from './podSecurity';
import { probeChecks } from './activeProbes';
import { quotaChecks } from './quota';
import { rbacChecks } from './rbac';
import { sandboxingChecks } from './sandboxing';
import type { Known } from './known';
import type { TenantRef, TenantSnapshot } from './snapshot';
import { isolationSummary, summarize, type IsolationSummary, type TenantSummary } from './summary';
import { virtualClusterChecks } from './virtualCluster';

export interface TenantAudit {
  tenant: TenantRef;
  checks: CheckResult[];
  summary: TenantSummary;
  isolation: Known<IsolationSummary>;
}

const ORDER = new Map<string, number>(CHECKS.map((c, i) => [c.id, i]));

export function auditTenant(s: TenantSnapshot): TenantAudit {
  const checks = [
    ...podSecurityChecks(s),
    ...networkPolicyChecks(s),
    ...quotaChecks(s),
    ...rbacChecks(s),
    ...sandboxingChecks(s),
    ...capacityChecks(s),
    ...virtualClusterChecks(s),
    ...probeChecks(s),
  ].sort((a, b) => (ORDER.get(a.id) ?? 0) - (ORDER.get(b.id) ?? 0));
  return { tenant: s.tenant, checks, summary: summarize(checks), isolation: isolationSummary(s) };
}
