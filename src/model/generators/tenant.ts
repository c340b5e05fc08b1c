// "New Tenant": a namespace with guardrails — Pod Security admission labels, a ResourceQuota over compute and
// object counts (no NodePorts, no load balancers), a LimitRange so quota-counted pods get defaults, a
// default-deny NetworkPolicy that still allows DNS, a RoleBinding for the tenant's group and, when runtime
// classes are restricted, a ValidatingAdmissionPolicy that enforces them.
import { podSecurityLabels } from '../guardrails/podSecurity';
import type { PssLevel } from '../guardrails/podSecurityStandards';
import { defaultDenyPolicy, limitRange, namespaceLabels, resourceQuota, runtimeClassPolicy } from './guardrailObjects';
import { toYaml } from './yamlOutput';

/** Object counts a new tenant starts with; NodePorts and load balancers stay closed until an admin opens them. */
export const OBJECT_COUNTS: Readonly<Record<string, string>> = {
  services: '20',
  secrets: '50',
  configmaps: '50',
  persistentvolumeclaims: '20',
  'services.nodeports': '0',
  'services.loadbalancers': '0',
};

export type PodSecurityLevel = PssLevel;

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
    namespaceLabels(namespace, podSecurityLabels(options.podSecurity)),
    resourceQuota(namespace, 'tenant-quota', {
      'requests.cpu': options.cpu,
      'requests.memory': options.memory,
      'limits.cpu': options.cpu,
      'limits.memory': options.memory,
      'requests.ephemeral-storage': '20Gi',
      pods: String(options.pods),
      ...OBJECT_COUNTS,
    }),
    limitRange(namespace),
    defaultDenyPolicy(namespace),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'tenant-edit', namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: options.group }],
    },
  ];
  if (options.runtimeClasses.length) objects.push(...runtimeClassPolicy(`${namespace}-runtime-classes`, [namespace], options.runtimeClasses));
  return toYaml(objects);
}
