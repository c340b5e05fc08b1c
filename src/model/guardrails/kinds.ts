// The shapes of the Kubernetes objects the guardrail checks read. Objects arrive as the API serves them (plain
// JSON); their parts are the types generated from Kubernetes' OpenAPI (type-only), the envelope is KubeObject.
import type {
  IoK8sApiCoreV1Container,
  IoK8sApiCoreV1PodSpec,
  IoK8sApiCoreV1ResourceQuotaSpec,
  IoK8sApiCoreV1ResourceQuotaStatus,
  IoK8sApiCoreV1SecurityContext,
  IoK8sApiCoreV1Volume,
  IoK8sApiNetworkingV1NetworkPolicyPeer,
  IoK8sApiNodeV1Overhead,
  IoK8sApiRbacV1PolicyRule,
  IoK8sApimachineryPkgApisMetaV1LabelSelector,
  IoK8sApimachineryPkgApisMetaV1LabelSelectorRequirement,
} from '@kubevirt-ui-ext/kubevirt-api/kubernetes';
import type { KubeObject } from '../kubeObject';

export type LabelSelectorRequirement = IoK8sApimachineryPkgApisMetaV1LabelSelectorRequirement;

export type LabelSelector = IoK8sApimachineryPkgApisMetaV1LabelSelector;

export type SecurityContext = IoK8sApiCoreV1SecurityContext;

export type Container = IoK8sApiCoreV1Container;

export type Volume = IoK8sApiCoreV1Volume;

/** A pod spec as served; the generated type requires `containers`, which a pod template under test may omit. */
export type PodSpec = Partial<IoK8sApiCoreV1PodSpec>;

export interface AuditPod extends KubeObject {
  spec?: PodSpec;
  status?: { phase?: string };
}

/** The VMI parts the capacity checks read (the generated VMI spec requires domain and devices). */
export interface AuditVmi extends KubeObject {
  spec?: {
    domain?: {
      cpu?: { cores?: number; sockets?: number; threads?: number };
      memory?: { guest?: string };
      resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
      devices?: { autoattachGraphicsDevice?: boolean };
    };
  };
  status?: { phase?: string; nodeName?: string };
}

export type NetworkPolicyPeer = IoK8sApiNetworkingV1NetworkPolicyPeer;

/** Hand-written: the generated type has `port` as a string, the API serves an int or a string. */
export interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyObject extends KubeObject {
  spec?: {
    podSelector?: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
    egress?: { to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
  };
}

export interface ResourceQuotaObject extends KubeObject {
  spec?: IoK8sApiCoreV1ResourceQuotaSpec;
  status?: IoK8sApiCoreV1ResourceQuotaStatus;
}

/** Hand-written: the generated type renames `default` to `_default`, which the served JSON does not have. */
export interface LimitRangeItem {
  type: string;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
  max?: Record<string, string>;
  min?: Record<string, string>;
}

export interface LimitRangeObject extends KubeObject {
  spec?: { limits?: LimitRangeItem[] };
}

/** A Role's rule: a SelfSubjectRulesReview's resource rule, or one for non-resource URLs. */
export type PolicyRule = IoK8sApiRbacV1PolicyRule;

/** A Role or ClusterRole (aggregated ClusterRoles arrive with their rules filled in by the controller). */
export interface RoleObject extends KubeObject {
  rules?: PolicyRule[] | null;
}

/** Hand-written: narrower than the generated Subject, whose kind is any string. */
export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
  apiGroup?: string;
}

/** A RoleBinding or ClusterRoleBinding (its roleRef's kind narrowed as Subject's is). */
export interface BindingObject extends KubeObject {
  roleRef: { apiGroup?: string; kind: 'Role' | 'ClusterRole'; name: string };
  subjects?: Subject[] | null;
}

export interface RuntimeClassObject extends KubeObject {
  handler?: string;
  overhead?: IoK8sApiNodeV1Overhead;
}

/** `capsule.clastix.io/v1beta2` Tenant, the parts the audit reads; hand-written as no published package types Capsule. */
export interface CapsuleTenantObject extends KubeObject {
  spec?: {
    owners?: { kind: string; name: string }[];
    runtimeClasses?: {
      allowed?: string[];
      allowedRegex?: string;
      default?: string;
      matchLabels?: Record<string, string>;
      matchExpressions?: LabelSelectorRequirement[];
    };
  };
  status?: { namespaces?: string[] };
}
