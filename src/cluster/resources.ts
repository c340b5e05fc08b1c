// The API resources the live tree reads, and their URL paths.

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

export const RESOURCES = {
  namespaces: { group: '', version: 'v1', plural: 'namespaces', namespaced: false },
  pods: { group: '', version: 'v1', plural: 'pods', namespaced: true },
  virtualmachines: { group: 'kubevirt.io', version: 'v1', plural: 'virtualmachines', namespaced: true },
  virtualmachineinstances: { group: 'kubevirt.io', version: 'v1', plural: 'virtualmachineinstances', namespaced: true },
  runtimeclasses: { group: 'node.k8s.io', version: 'v1', plural: 'runtimeclasses', namespaced: false },
  tenants: { group: 'capsule.clastix.io', version: 'v1beta2', plural: 'tenants', namespaced: false },
  virtualmachinesnapshots: { group: 'snapshot.kubevirt.io', version: 'v1beta1', plural: 'virtualmachinesnapshots', namespaced: true },
  kubevirts: { group: 'kubevirt.io', version: 'v1', plural: 'kubevirts', namespaced: true },
  networkpolicies: { group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', namespaced: true },
  resourcequotas: { group: '', version: 'v1', plural: 'resourcequotas', namespaced: true },
  limitranges: { group: '', version: 'v1', plural: 'limitranges', namespaced: true },
  roles: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', namespaced: true },
  rolebindings: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', namespaced: true },
  clusterroles: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', namespaced: false },
  clusterrolebindings: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', namespaced: false },
} as const satisfies Record<string, ResourceType>;

export type ResourceName = keyof typeof RESOURCES;

/** `/api/v1/namespaces/ns/pods`, `/apis/kubevirt.io/v1/virtualmachines` (all namespaces), … */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  return type.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${type.plural}` : `${base}/${type.plural}`;
}
