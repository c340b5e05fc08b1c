// Tenants as the tree shows them: Capsule Tenants grouping their namespaces, and every other visible namespace
// as a tenant of its own. Infrastructure namespaces are hidden unless asked for.

export interface Tenant {
  name: string;
  /** 'capsule': a Capsule Tenant; 'namespace': a namespace that no readable Tenant claims. */
  kind: 'capsule' | 'namespace';
  namespaces: string[];
  system: boolean;
}

/** A Capsule Tenant reduced to what grouping needs (`status.namespaces`). */
export interface CapsuleTenant {
  name: string;
  namespaces: string[];
}

const SYSTEM_NAMES = new Set([
  'kubevirt',
  'cdi',
  'openshift',
  'capsule-system',
  'cert-manager',
  'local-path-storage',
  'kubevirt-hyperconverged',
  'ingress-nginx',
  'metallb-system',
  'tigera-operator',
  'calico-system',
  'calico-apiserver',
  'gatekeeper-system',
  'olm',
  'operators',
  'kata-deploy',
  'flux-system',
  'argocd',
  'monitoring',
]);

const SYSTEM_PREFIXES = ['kube-', 'kubevirt-', 'openshift-', 'cdi-', 'capsule-', 'cattle-', 'gke-', 'gmp-', 'istio-'];

/** Namespaces that hold cluster infrastructure rather than anyone's workloads. */
export function isSystemNamespace(name: string): boolean {
  return SYSTEM_NAMES.has(name) || SYSTEM_PREFIXES.some((p) => name.startsWith(p));
}

export function filterSystemNamespaces(namespaces: readonly string[], showSystem: boolean): string[] {
  return showSystem ? [...namespaces] : namespaces.filter((n) => !isSystemNamespace(n));
}

/** A Capsule Tenant object (`capsule.clastix.io`), as read from the API. */
export function capsuleTenantOf(object: { metadata: { name: string }; status?: unknown }): CapsuleTenant {
  const status = object.status as { namespaces?: unknown } | undefined;
  const namespaces = Array.isArray(status?.namespaces) ? status.namespaces.filter((n): n is string => typeof n === 'string') : [];
  return { name: object.metadata.name, namespaces: [...new Set(namespaces)].sort() };
}

/**
 * Tenants over the visible namespaces: each Capsule Tenant with the visible namespaces it claims (a Tenant
 * whose namespaces are all invisible is left out; one that owns none is kept), then every unclaimed visible
 * namespace on its own. Sorted by name; system namespaces dropped unless `showSystem`.
 */
export function groupTenants(visibleNamespaces: readonly string[], capsuleTenants: readonly CapsuleTenant[], showSystem: boolean): Tenant[] {
  const visible = new Set(filterSystemNamespaces(visibleNamespaces, showSystem));
  const claimed = new Set<string>();
  const tenants: Tenant[] = [];
  for (const t of capsuleTenants) {
    const namespaces = t.namespaces.filter((n) => visible.has(n));
    for (const n of t.namespaces) claimed.add(n);
    if (t.namespaces.length > 0 && namespaces.length === 0) continue;
    tenants.push({ name: t.name, kind: 'capsule', namespaces, system: false });
  }
  for (const n of visible) {
    if (!claimed.has(n)) tenants.push({ name: n, kind: 'namespace', namespaces: [n], system: isSystemNamespace(n) });
  }
  return tenants.sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
}
