// The shapes of the Kubernetes objects the guardrail checks read, naming only the fields they use. Objects
// arrive as the API serves them (plain JSON); everything else passes through untouched.
import type { KubeObject } from '../kubeObject';
import type { ResourceRule } from '../rbacRules';

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  procMount?: string;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string; localhostProfile?: string };
  appArmorProfile?: { type?: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string; level?: string };
  windowsOptions?: { hostProcess?: boolean };
  sysctls?: { name: string; value?: string }[];
}

interface Handler {
  httpGet?: { host?: string };
  tcpSocket?: { host?: string };
}

export interface Container {
  name: string;
  image?: string;
  ports?: { containerPort?: number; hostPort?: number; protocol?: string }[];
  securityContext?: SecurityContext;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  /** `Always` on an init container makes it a sidecar that runs beside the containers. */
  restartPolicy?: string;
  livenessProbe?: Handler;
  readinessProbe?: Handler;
  startupProbe?: Handler;
  lifecycle?: { postStart?: Handler; preStop?: Handler };
}

export interface Volume {
  name: string;
  hostPath?: { path: string; type?: string };
  [source: string]: unknown;
}

export interface PodSpec {
  runtimeClassName?: string;
  nodeName?: string;
  overhead?: Record<string, string>;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostUsers?: boolean;
  os?: { name?: string };
  securityContext?: SecurityContext;
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
}

export interface AuditPod extends KubeObject {
  spec?: PodSpec;
  status?: { phase?: string };
}

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

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

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
  spec?: { hard?: Record<string, string>; scopes?: string[]; scopeSelector?: { matchExpressions?: unknown[] } };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

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
export interface PolicyRule extends ResourceRule {
  nonResourceURLs?: string[];
}

/** A Role or ClusterRole (aggregated ClusterRoles arrive with their rules filled in by the controller). */
export interface RoleObject extends KubeObject {
  rules?: PolicyRule[] | null;
}

export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
  apiGroup?: string;
}

/** A RoleBinding or ClusterRoleBinding. */
export interface BindingObject extends KubeObject {
  roleRef: { apiGroup?: string; kind: 'Role' | 'ClusterRole'; name: string };
  subjects?: Subject[] | null;
}

export interface RuntimeClassObject extends KubeObject {
  handler?: string;
  overhead?: { podFixed?: Record<string, string> };
}

/** `capsule.clastix.io/v1beta2` Tenant, the parts the audit reads. */
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
