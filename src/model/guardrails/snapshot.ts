// The input of the audit: everything the checks read about one tenant, each piece "known" with its value or
// "unknown" with the reason (403, not loaded, not permitted to impersonate). See audit.ts for how to fill it.
import type { KubeObject } from '../kubeObject';
import type {
  AuditPod, AuditVmi, BindingObject, CapsuleTenantObject, LimitRangeObject, NetworkPolicyObject, ResourceQuotaObject, RoleObject,
  RuntimeClassObject, Subject,
} from './kinds';
import type { Known } from './known';

/** A namespace on its own, a Capsule Tenant over its namespaces, or the host namespace of a virtual cluster. */
export type TenantKind = 'namespace' | 'capsule' | 'virtual-cluster';

export interface VirtualClusterRef {
  /** The vcluster's release name (its StatefulSet and the `vcluster.loft.sh/managed-by` value). */
  name: string;
  /** Its host namespace. */
  namespace: string;
}

export interface TenantRef {
  name: string;
  kind: TenantKind;
  namespaces: string[];
  /** vclusters hosted in the tenant's namespaces (see virtualCluster.ts); empty for most tenants. */
  virtualClusters: VirtualClusterRef[];
}

export interface NamespaceSnapshot {
  name: string;
  /** The Namespace object, for its labels. */
  namespace: Known<KubeObject>;
  pods: Known<AuditPod[]>;
  /** Known and empty when KubeVirt is not installed (404 on the API group). */
  virtualMachines: Known<KubeObject[]>;
  virtualMachineInstances: Known<AuditVmi[]>;
  networkPolicies: Known<NetworkPolicyObject[]>;
  resourceQuotas: Known<ResourceQuotaObject[]>;
  limitRanges: Known<LimitRangeObject[]>;
  roles: Known<RoleObject[]>;
  roleBindings: Known<BindingObject[]>;
}

/** A SubjectAccessReview's answer, by the key of its request (accessReviews.ts). Failed reviews are left out. */
export interface AccessReviewAnswer {
  key: string;
  allowed: boolean;
}

/** A server-side dry run made as the tenant, by the key of its request (activeProbes.ts). */
export type ProbeAnswer =
  /** The server would have accepted it; `object` is what the dry run returned (after mutating admission). */
  | { key: string; outcome: 'admitted'; object?: KubeObject }
  | { key: string; outcome: 'refused'; code: number; message: string }
  /** The probe could not be judged: impersonation refused, the probe itself invalid, the server failing. */
  | { key: string; outcome: 'error'; reason: string };

/** Namespace label that marks tenants whose pods must run sandboxed: `required`, or `exempt` to opt out. */
export const SANDBOX_LABEL = 'kubevirt-workbench.io/sandbox';

export interface AuditSettings {
  /** `labelled`: only namespaces labelled `kubevirt-workbench.io/sandbox: required`; `all`: every tenant but `exempt` ones. */
  sandbox: 'labelled' | 'all';
  /** Platform administrators bound inside tenant namespaces; they are not the tenant. */
  platformSubjects: Subject[];
}

export const DEFAULT_SETTINGS: AuditSettings = { sandbox: 'labelled', platformSubjects: [] };

export interface TenantSnapshot {
  tenant: TenantRef;
  namespaces: NamespaceSnapshot[];
  clusterRoles: Known<RoleObject[]>;
  clusterRoleBindings: Known<BindingObject[]>;
  runtimeClasses: Known<RuntimeClassObject[]>;
  capsuleInstalled: boolean;
  /** The Capsule Tenant object; only for tenants of kind `capsule`. */
  capsuleTenant?: Known<CapsuleTenantObject>;
  accessReviews: Known<AccessReviewAnswer[]>;
  probes: Known<ProbeAnswer[]>;
  settings: AuditSettings;
}
