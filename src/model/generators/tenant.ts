// "New Tenant": a namespace with guardrails — Pod Security admission labels, a ResourceQuota, a LimitRange so
// quota-counted pods get defaults, a default-deny NetworkPolicy that still allows DNS, a RoleBinding for the
// tenant's group and, when runtime classes are restricted, a ValidatingAdmissionPolicy that enforces them.
import { toYaml } from './yamlOutput';

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export interface TenantOptions {
  name: string;
  cpu: string;
  memory: string;
  pods: number;
  podSecurity: PodSecurityLevel;
  /** Group bound to the `edit` ClusterRole in the namespace. */
  group: string;
  /** RuntimeClasses the tenant's pods may use; empty: no restriction. */
  runtimeClasses: readonly string[];
}

export function generateTenant(options: TenantOptions): string {
  const namespace = options.name;
  const objects: object[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: Object.fromEntries(
          ['enforce', 'audit', 'warn'].flatMap((mode) => [
            [`pod-security.kubernetes.io/${mode}`, options.podSecurity],
            [`pod-security.kubernetes.io/${mode}-version`, 'latest'],
          ]),
        ),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'tenant-quota', namespace },
      spec: {
        hard: {
          'requests.cpu': options.cpu,
          'requests.memory': options.memory,
          'limits.cpu': options.cpu,
          'limits.memory': options.memory,
          pods: String(options.pods),
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'tenant-defaults', namespace },
      spec: {
        limits: [{ type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' } }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-allow-dns', namespace },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'tenant-edit', namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: options.group }],
    },
  ];
  if (options.runtimeClasses.length) objects.push(...runtimeClassPolicy(namespace, options.runtimeClasses));
  return toYaml(objects);
}

// ResourceQuota scopes cannot select by RuntimeClass, so the allow-list is an admission policy (Kubernetes
// 1.30+) bound to this namespace. KubeVirt's virt-launcher pods run under the default runtime and are let
// through by their label; a tenant who can create pods could set that label too, so pair this with RBAC if
// the runtime restriction is a security boundary rather than a guardrail.
function runtimeClassPolicy(namespace: string, runtimeClasses: readonly string[]): object[] {
  const name = `${namespace}-runtime-classes`;
  const allowed = runtimeClasses.map((r) => `'${r}'`).join(', ');
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] }] },
        validations: [
          {
            expression:
              "(has(object.metadata.labels) && 'kubevirt.io' in object.metadata.labels && object.metadata.labels['kubevirt.io'] == 'virt-launcher')" +
              ` || (has(object.spec.runtimeClassName) && object.spec.runtimeClassName in [${allowed}])`,
            message: `Pods in ${namespace} must set runtimeClassName to one of: ${runtimeClasses.join(', ')}`,
          },
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name },
      spec: {
        policyName: name,
        validationActions: ['Deny'],
        matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } },
      },
    },
  ];
}
