// The guardrail manifests New Tenant… and Harden Tenant… both generate: a namespace's Pod Security labels, a
// ResourceQuota, a LimitRange with container defaults, a default-deny NetworkPolicy that still allows DNS (or
// the DNS exception alone), and the RuntimeClass allow-list — as an admission policy, or a Capsule Tenant rule.
import * as l10n from '@vscode/l10n';
import type { KubeObject } from '../kubeObject';

/** A Namespace carrying only labels: applied server-side it sets those labels and leaves the rest alone. */
export function namespaceLabels(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function resourceQuota(namespace: string, name: string, hard: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace }, spec: { hard } };
}

const DEFAULT_REQUEST = { cpu: '100m', memory: '128Mi' };
const DEFAULT_LIMIT = { cpu: '500m', memory: '512Mi' };

export function limitRange(namespace: string, name = 'tenant-defaults'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name, namespace },
    spec: { limits: [{ type: 'Container', defaultRequest: DEFAULT_REQUEST, default: DEFAULT_LIMIT }] },
  };
}

const DNS_EGRESS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

/** Every pod isolated both ways, with egress only to the cluster DNS. */
export function defaultDenyPolicy(namespace: string): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny-allow-dns', namespace },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [DNS_EGRESS] },
  };
}

/** The DNS exception alone, for a namespace whose egress is already denied. */
export function dnsEgressPolicy(namespace: string): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-dns', namespace },
    spec: { podSelector: {}, policyTypes: ['Egress'], egress: [DNS_EGRESS] },
  };
}

// ResourceQuota scopes cannot select by RuntimeClass, so the allow-list is an admission policy (Kubernetes
// 1.30+) bound to the namespaces. KubeVirt's virt-launcher pods run under the default runtime and are let
// through by their label; a tenant who can create pods could set that label too, so pair this with RBAC if
// the runtime restriction is a security boundary rather than a guardrail.
export function runtimeClassPolicy(name: string, namespaces: readonly string[], runtimeClasses: readonly string[]): KubeObject[] {
  const allowed = runtimeClasses.map((r) => `'${r}'`).join(', ');
  const namespaceSelector =
    namespaces.length === 1
      ? { matchLabels: { 'kubernetes.io/metadata.name': namespaces[0] } }
      : { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...namespaces] }] };
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
              l10n.t('(has(object.metadata.labels) && \'kubevirt.io\' in object.metadata.labels && object.metadata.labels[\'kubevirt.io\'] == \'virt-launcher\')') +
              l10n.t(' || (has(object.spec.runtimeClassName) && object.spec.runtimeClassName in [{0}])', allowed),
            message: l10n.t('Pods in {0} must set runtimeClassName to one of: {1}', namespaces.join(', '), runtimeClasses.join(', ')),
          },
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name },
      spec: { policyName: name, validationActions: ['Deny'], matchResources: { namespaceSelector } },
    },
  ];
}

/**
 * A Capsule Tenant's runtimeClasses rule (server-side applied onto the existing Tenant). Capsule checks only
 * pods that name a class; its `default` gives one to the others — but it would give it to virt-launcher pods
 * too, so tenants with VMs get no default and need the admission policy as well.
 */
export function capsuleRuntimeClassRule(tenant: string, allowed: readonly string[], defaultClass?: string): KubeObject {
  return {
    apiVersion: 'capsule.clastix.io/v1beta2',
    kind: 'Tenant',
    metadata: { name: tenant },
    spec: { runtimeClasses: { allowed: [...allowed], ...(defaultClass ? { default: defaultClass } : {}) } },
  };
}
