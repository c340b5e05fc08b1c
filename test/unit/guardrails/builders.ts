// Realistic objects and snapshots for the guardrail tests: a hardened tenant `team-a` as a platform team would
// set it up (restricted Pod Security, default deny with DNS, quota, LimitRange, an `edit` binding for its
// group, a Kata VM workload), from which each test breaks one thing.
import type { KubeObject } from '../../../src/model/kubeObject';
import { accessReviewPlan, type AccessReviewRequest } from '../../../src/model/guardrails/accessReviews';
import type { AuditPod, AuditVmi, BindingObject, LimitRangeObject, NetworkPolicyObject, ResourceQuotaObject, RoleObject, RuntimeClassObject } from '../../../src/model/guardrails/kinds';
import { known, unknownFromStatus, type Known } from '../../../src/model/guardrails/known';
import { probePlan, type ProbeRequest } from '../../../src/model/guardrails/probePlan';
import { DEFAULT_SETTINGS, type NamespaceSnapshot, type ProbeAnswer, type TenantSnapshot } from '../../../src/model/guardrails/snapshot';

export const NS = 'team-a';
export const GROUP = 'team-a-devs';

export const forbidden = <T>(verb: string, resource: string, namespace?: string): Known<T> => unknownFromStatus(403, { verb, resource, namespace });

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } };
}

export const RESTRICTED_LABELS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
};

/** A pod that meets restricted, as a careful team writes it; `patch` edits the spec to break it. */
export function pod(name: string, patch: (spec: NonNullable<AuditPod['spec']>) => void = () => {}, meta: Partial<KubeObject['metadata']> = {}): AuditPod {
  const spec: NonNullable<AuditPod['spec']> = {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'app',
      image: 'registry.example.com/team-a/api:1.4.2',
      ports: [{ containerPort: 8080 }],
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    }],
    volumes: [{ name: 'config', configMap: { name: 'api' } }],
  };
  patch(spec);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels: { app: name }, ...meta }, spec, status: { phase: 'Running' } };
}

/** A Kata pod admitted with its RuntimeClass overhead (null: admitted without it). */
export function kataPod(name: string, runtimeClassName = 'kata-fc', overhead: Record<string, string> | null = { cpu: '250m', memory: '130Mi' }): AuditPod {
  return pod(name, (spec) => {
    spec.runtimeClassName = runtimeClassName;
    if (overhead) spec.overhead = overhead;
  });
}

/** A running VM's virt-launcher pod, as KubeVirt renders it (compute container sized guest + overhead). */
export function launcher(vm: string, memory = '2354Mi', cpu = '200m'): AuditPod {
  return pod(`virt-launcher-${vm}-x7k2q`, (spec) => {
    spec.containers = [{
      name: 'compute',
      image: 'quay.io/kubevirt/virt-launcher:v1.5.0',
      resources: { requests: { cpu, memory, 'devices.kubevirt.io/kvm': '1' }, limits: { cpu, memory, 'devices.kubevirt.io/kvm': '1' } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }, runAsNonRoot: true, runAsUser: 107 },
    }];
    spec.volumes = [{ name: 'private', emptyDir: {} }, { name: 'public', emptyDir: {} }];
  }, {
    name: `virt-launcher-${vm}-x7k2q`,
    labels: { 'kubevirt.io': 'virt-launcher', 'vm.kubevirt.io/name': vm },
    ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', name: vm, uid: `uid-${vm}`, controller: true }],
  });
}

export function vm(name: string): KubeObject {
  return { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: NS }, spec: { runStrategy: 'Always' } };
}

export function vmi(name: string, guest = '2Gi', phase = 'Running', cores = 2): AuditVmi {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name, namespace: NS },
    spec: { domain: { cpu: { cores }, memory: { guest }, resources: { requests: { memory: guest } } } },
    status: { phase, nodeName: 'worker-2' },
  };
}

export const DNS_RULE = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};

export function policy(name: string, spec: NetworkPolicyObject['spec'], ns = NS): NetworkPolicyObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

export const defaultDeny = (ns = NS) => policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [DNS_RULE] }, ns);

export function quota(name: string, hard: Record<string, string>, used?: Record<string, string>, ns = NS): ResourceQuotaObject {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace: ns }, spec: { hard }, ...(used ? { status: { hard, used } } : {}) };
}

export const FULL_HARD = {
  'requests.cpu': '8', 'requests.memory': '16Gi', 'limits.cpu': '16', 'limits.memory': '24Gi', 'requests.ephemeral-storage': '50Gi',
  pods: '40', services: '20', secrets: '50', configmaps: '50', persistentvolumeclaims: '20', 'services.nodeports': '0', 'services.loadbalancers': '0',
};

export function limitRangeObject(name = 'defaults', ns = NS): LimitRangeObject {
  return { apiVersion: 'v1', kind: 'LimitRange', metadata: { name, namespace: ns }, spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] } };
}

export function roleBinding(name: string, role: string, subjects: BindingObject['subjects'], kind: 'Role' | 'ClusterRole' = 'ClusterRole', ns = NS): BindingObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace: ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role }, subjects };
}

export function clusterRoleBinding(name: string, role: string, subjects: BindingObject['subjects']): BindingObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects };
}

export function clusterRole(name: string, rules: RoleObject['rules']): RoleObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules };
}

/** The built-in roles, abridged to the rules that matter here. */
export const CLUSTER_ROLES: RoleObject[] = [
  clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }]),
  clusterRole('admin', [
    { apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
    { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
    { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
    { apiGroups: [''], resources: ['resourcequotas', 'limitranges'], verbs: ['get', 'list', 'watch'] },
  ]),
  clusterRole('edit', [
    { apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
    { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
    { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  ]),
  clusterRole('view', [{ apiGroups: [''], resources: ['pods', 'services', 'configmaps'], verbs: ['get', 'list', 'watch'] }]),
  clusterRole('system:basic-user', [{ apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] }]),
];

export const CLUSTER_ROLE_BINDINGS: BindingObject[] = [
  clusterRoleBinding('cluster-admin', 'cluster-admin', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }]),
  clusterRoleBinding('system:basic-user', 'system:basic-user', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }]),
];

export function runtimeClass(name: string, handler: string, podFixed?: Record<string, string>): RuntimeClassObject {
  return { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name }, handler, ...(podFixed ? { overhead: { podFixed } } : {}) };
}

export const RUNTIME_CLASSES: RuntimeClassObject[] = [
  runtimeClass('kata-fc', 'kata-fc', { memory: '130Mi', cpu: '250m' }),
  runtimeClass('kata-qemu', 'kata-qemu', { memory: '160Mi', cpu: '250m' }),
  runtimeClass('gvisor', 'runsc'),
];

export function namespaceSnapshot(name = NS, patch: Partial<NamespaceSnapshot> = {}): NamespaceSnapshot {
  return {
    name,
    namespace: known(namespace(name, RESTRICTED_LABELS)),
    pods: known([pod('api'), kataPod('sandboxed-job'), launcher('db')]),
    virtualMachines: known([vm('db')]),
    virtualMachineInstances: known([vmi('db')]),
    networkPolicies: known([defaultDeny(name), policy('allow-web', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }] }, name)]),
    resourceQuotas: known([quota('tenant-quota', FULL_HARD, { 'requests.cpu': '950m', 'requests.memory': '2996Mi', 'limits.cpu': '1450m', 'limits.memory': '3508Mi', 'requests.ephemeral-storage': '0', pods: '3', services: '2', secrets: '4', configmaps: '3', persistentvolumeclaims: '1', 'services.nodeports': '0', 'services.loadbalancers': '0' }, name)]),
    limitRanges: known([limitRangeObject('defaults', name)]),
    roles: known([]),
    roleBindings: known([roleBinding('team-a-edit', 'edit', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: GROUP }], 'ClusterRole', name)]),
    ...patch,
  };
}

/** A hardened namespace tenant with every piece read, no access reviews or probes yet. */
export function hardenedSnapshot(patch: Partial<TenantSnapshot> = {}): TenantSnapshot {
  return {
    tenant: { name: NS, kind: 'namespace', namespaces: [NS], virtualClusters: [] },
    namespaces: [namespaceSnapshot()],
    clusterRoles: known(CLUSTER_ROLES),
    clusterRoleBindings: known(CLUSTER_ROLE_BINDINGS),
    runtimeClasses: known(RUNTIME_CLASSES),
    capsuleInstalled: false,
    accessReviews: known([]),
    probes: known([]),
    settings: DEFAULT_SETTINGS,
    ...patch,
  };
}

/** Answers every planned access review with the predicate (RBAC as the test wants it). */
export function withReviews(s: TenantSnapshot, allowed: (r: AccessReviewRequest) => boolean): TenantSnapshot {
  return { ...s, accessReviews: known(accessReviewPlan(s).map((r) => ({ key: r.key, allowed: allowed(r) }))) };
}

/** What a tenant with `edit` may do: pods, services and NetworkPolicies, nothing cluster-wide or on guardrails. */
export const EDIT_RBAC = (r: AccessReviewRequest) =>
  (r.verb === 'create' && (r.resource === 'pods' || r.resource === 'services')) || r.resource === 'networkpolicies';

/** What a properly fenced tenant may do: create its workloads, nothing else. */
export const FENCED_RBAC = (r: AccessReviewRequest) => r.verb === 'create' && (r.resource === 'pods' || r.resource === 'services');

/** A probe answer without its key. */
export type Outcome = ProbeAnswer extends infer A ? (A extends unknown ? Omit<A, 'key'> : never) : never;

/** Answers every planned probe. */
export function withProbes(s: TenantSnapshot, answer: (p: ProbeRequest) => Outcome): TenantSnapshot {
  return { ...s, probes: known(probePlan(s).map((p) => ({ key: p.key, ...answer(p) }) as ProbeAnswer)) };
}

export const PSA_REFUSAL = 'pods "kubevirt-workbench-privileged-pod" is forbidden: violates PodSecurity "restricted:latest": privileged (container "probe" must not set securityContext.privileged=true)';

/** Refuses what Pod Security, the quota and the runtime-class policy refuse in a hardened namespace; admits the rest (no webhook guards the admin's objects). */
export function hardenedAdmission(p: ProbeRequest): Outcome {
  if (p.kind === 'privileged-pod' || p.kind === 'hostpath-pod') return { outcome: 'refused', code: 403, message: PSA_REFUSAL };
  if (p.kind === 'nodeport-service') return { outcome: 'refused', code: 403, message: 'services "kubevirt-workbench-nodeport-service" is forbidden: exceeded quota: tenant-quota, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0' };
  if (p.kind === 'unsandboxed-pod') return { outcome: 'refused', code: 422, message: 'pods "kubevirt-workbench-unsandboxed-pod" is forbidden: ValidatingAdmissionPolicy \'team-a-runtime-classes\' with binding \'team-a-runtime-classes\' denied request: Pods in team-a must set runtimeClassName' };
  return { outcome: 'admitted' };
}

export const find = (checks: { id: string }[], id: string) => {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c as { id: string; verdict: string; why: string; fixes: unknown[]; details: string[] };
};
