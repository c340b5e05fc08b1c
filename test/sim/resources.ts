// The resource registry: every API group/version/resource the simulator can serve, with the discovery facts
// kube-apiserver (or the CRD / aggregated API behind it) publishes for it, and its `kubectl get` columns.
import { columnCell } from './jsonpath';
import type { KubeObject } from './store';
import { humanDuration } from './table';

export interface Column {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  /** 0 = shown by default, 1 = only with `-o wide`. */
  priority: number;
  cell: (object: KubeObject) => unknown;
  /** CRD columns: the printer column's JSONPath (`cell` evaluates it), as the CRD declares it. */
  jsonPath?: string;
}

export interface ResourceDef {
  group: string;
  version: string;
  /** Plural, e.g. `virtualmachines`. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  /** Subresources and the verbs they take, e.g. `{ status: ['get','patch','update'] }`. */
  subresources?: Record<string, string[]>;
  /** Served by a CRD: DELETE answers with the object and strategic merge patch is refused (415). */
  crd?: boolean;
  /**
   * Printer columns after NAME. Built-in kinds get AGE last unless a column is named Age; a CRD shows exactly
   * its columns, or AGE alone when it declares none (the CRD default).
   */
  columns?: Column[];
  /** CRDs with a scale subresource: where replicas and the selector live (as in the CRD's `subresources.scale`). */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export interface GroupDef {
  group: string;
  version: string;
  /** The API groups a cluster always serves; the others are installed per scenario. */
  optional: boolean;
  resources: ResourceDef[];
  /**
   * Extra discovery entries that are not resources of their own (virt-api lists its subresources as
   * `virtualmachines/start` …, with only `name` and `namespaced`).
   */
  discoveryOnly?: { name: string; namespaced: boolean }[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS = ['get', 'patch', 'update'];

/** Dot path reader for printer columns: `get(o, 'status', 'phase')`. */
function at(object: unknown, ...path: (string | number)[]): unknown {
  let value: unknown = object;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

const conditionStatus = (type: string) => (o: KubeObject) => {
  const conditions = at(o, 'status', 'conditions');
  const found = Array.isArray(conditions) ? conditions.find((c) => at(c, 'type') === type) : undefined;
  return at(found, 'status');
};

const col = (name: string, cell: (o: KubeObject) => unknown, description = '', type: Column['type'] = 'string', priority = 0): Column =>
  ({ name, type, description, priority, cell });

/** A built-in kind's Age column, where its table has it before other columns (elsewhere it comes last by itself). */
const builtinAge = col('Age', (o) => (o.metadata.creationTimestamp ? humanDuration(Date.now() - Date.parse(o.metadata.creationTimestamp)) : '<unknown>'),
  'CreationTimestamp is a timestamp representing the server time when this object was created.');

/** A CRD printer column: declared by JSONPath, shown as the CRD table convertor shows it. */
const crdCol = (name: string, jsonPath: string, type: Column['type'] = 'string', description = '', priority = 0): Column =>
  ({ name, type, description, priority, jsonPath, cell: (o) => columnCell(jsonPath, type, o) });

const AGE = crdCol('Age', '.metadata.creationTimestamp', 'date');
const REPLICA_SCALE = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.labelSelector' };
const replicaColumns = (what: string) => [
  crdCol('Desired', '.spec.replicas', 'integer', `Number of desired ${what}`),
  crdCol('Current', '.status.replicas', 'integer', `Number of managed and not final or deleted ${what}`),
  crdCol('Ready', '.status.readyReplicas', 'integer', `Number of managed ${what} which are ready to receive traffic`),
  AGE,
];

function podReady(o: KubeObject): string {
  const specContainers = at(o, 'spec', 'containers');
  const statuses = at(o, 'status', 'containerStatuses');
  const total = Array.isArray(specContainers) ? specContainers.length : 0;
  const ready = Array.isArray(statuses) ? statuses.filter((s) => at(s, 'ready') === true).length : 0;
  return `${ready}/${total}`;
}

function podRestarts(o: KubeObject): number {
  const statuses = at(o, 'status', 'containerStatuses');
  return Array.isArray(statuses) ? statuses.reduce((n: number, s) => n + Number(at(s, 'restartCount') ?? 0), 0) : 0;
}

function podStatus(o: KubeObject): unknown {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  const statuses = at(o, 'status', 'containerStatuses');
  if (Array.isArray(statuses)) {
    for (const s of statuses) {
      const reason = at(s, 'state', 'waiting', 'reason') ?? at(s, 'state', 'terminated', 'reason');
      if (reason) return reason;
    }
  }
  return at(o, 'status', 'reason') ?? at(o, 'status', 'phase') ?? 'Pending';
}

function nodeStatus(o: KubeObject): string {
  const ready = conditionStatus('Ready')(o);
  const status = ready === 'True' ? 'Ready' : 'NotReady';
  return at(o, 'spec', 'unschedulable') ? `${status},SchedulingDisabled` : status;
}

function nodeRoles(o: KubeObject): string {
  const roles = Object.keys(o.metadata.labels ?? {})
    .filter((l) => l.startsWith('node-role.kubernetes.io/'))
    .map((l) => l.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.sort().join(',') : '<none>';
}

const core = (resource: string, singular: string, kind: string, namespaced: boolean, extra: Partial<ResourceDef> = {}): ResourceDef =>
  ({ group: '', version: 'v1', resource, singular, kind, namespaced, verbs: ALL_VERBS, ...extra });

const def = (group: string, version: string, resource: string, singular: string, kind: string, namespaced: boolean, extra: Partial<ResourceDef> = {}): ResourceDef =>
  ({ group, version, resource, singular, kind, namespaced, verbs: ALL_VERBS, ...extra });

const crd = (group: string, version: string, resource: string, singular: string, kind: string, namespaced: boolean, extra: Partial<ResourceDef> = {}): ResourceDef =>
  def(group, version, resource, singular, kind, namespaced, { crd: true, ...extra });

export const GROUPS: GroupDef[] = [
  {
    group: '', version: 'v1', optional: false, resources: [
      core('namespaces', 'namespace', 'Namespace', false, {
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'],
        subresources: { finalize: ['update'], status: STATUS },
        columns: [col('Status', (o) => at(o, 'status', 'phase'), 'The phase of the namespace')],
      }),
      core('pods', 'pod', 'Pod', true, {
        shortNames: ['po'], categories: ['all'],
        subresources: { log: ['get'], status: STATUS, exec: ['create', 'get'], portforward: ['create', 'get'], eviction: ['create'] },
        columns: [
          col('Ready', podReady, 'The aggregate readiness state of this pod for accepting traffic.'),
          col('Status', podStatus, 'The aggregate status of the containers in this pod.'),
          col('Restarts', podRestarts, 'The number of times the containers in this pod have been restarted.', 'string'),
          col('IP', (o) => at(o, 'status', 'podIP') ?? '<none>', 'IP address assigned to the pod', 'string', 1),
          col('Node', (o) => at(o, 'spec', 'nodeName') ?? '<none>', 'Name of the node assigned to the pod', 'string', 1),
        ],
      }),
      core('nodes', 'node', 'Node', false, {
        shortNames: ['no'], subresources: { status: STATUS, proxy: ['create', 'delete', 'get', 'patch', 'update'] },
        columns: [
          col('Status', nodeStatus, 'The status of the node'),
          col('Roles', nodeRoles, 'The roles of the node'),
          col('Version', (o) => at(o, 'status', 'nodeInfo', 'kubeletVersion') ?? '', 'Kubelet Version reported by the node.'),
        ],
      }),
      core('events', 'event', 'Event', true, { shortNames: ['ev'] }),
      core('services', 'service', 'Service', true, {
        shortNames: ['svc'], categories: ['all'], subresources: { status: STATUS },
        columns: [
          col('Type', (o) => at(o, 'spec', 'type') ?? 'ClusterIP', 'The type of the service'),
          col('Cluster-IP', (o) => at(o, 'spec', 'clusterIP') ?? '<none>', 'The IP of the service'),
        ],
      }),
      core('resourcequotas', 'resourcequota', 'ResourceQuota', true, { shortNames: ['quota'], subresources: { status: STATUS } }),
      core('limitranges', 'limitrange', 'LimitRange', true, { shortNames: ['limits'] }),
      core('secrets', 'secret', 'Secret', true, {
        columns: [col('Type', (o) => at(o, 'type') ?? 'Opaque', 'The type of the secret')],
      }),
      core('configmaps', 'configmap', 'ConfigMap', true, {
        shortNames: ['cm'], columns: [col('Data', (o) => Object.keys((at(o, 'data') as object) ?? {}).length, 'Number of data entries', 'integer')],
      }),
      core('serviceaccounts', 'serviceaccount', 'ServiceAccount', true, { shortNames: ['sa'], subresources: { token: ['create'] } }),
      core('persistentvolumeclaims', 'persistentvolumeclaim', 'PersistentVolumeClaim', true, {
        shortNames: ['pvc'], subresources: { status: STATUS },
        columns: [col('Status', (o) => at(o, 'status', 'phase') ?? 'Pending', 'The phase of the claim')],
      }),
    ],
  },
  {
    group: 'apps', version: 'v1', optional: false, resources: [
      def('apps', 'v1', 'deployments', 'deployment', 'Deployment', true, {
        shortNames: ['deploy'], categories: ['all'], subresources: { scale: STATUS, status: STATUS },
        columns: [
          col('Ready', (o) => `${at(o, 'status', 'readyReplicas') ?? 0}/${at(o, 'spec', 'replicas') ?? 1}`, 'Number of the pod with ready state'),
          col('Up-to-date', (o) => at(o, 'status', 'updatedReplicas') ?? 0, 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.', 'integer'),
          col('Available', (o) => at(o, 'status', 'availableReplicas') ?? 0, 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.', 'integer'),
        ],
      }),
      def('apps', 'v1', 'replicasets', 'replicaset', 'ReplicaSet', true, {
        shortNames: ['rs'], categories: ['all'], subresources: { scale: STATUS, status: STATUS },
        columns: [
          col('Desired', (o) => at(o, 'spec', 'replicas') ?? 1, 'Number of desired pods', 'integer'),
          col('Current', (o) => at(o, 'status', 'replicas') ?? 0, 'Number of actually running pods', 'integer'),
          col('Ready', (o) => at(o, 'status', 'readyReplicas') ?? 0, 'Number of ready pods', 'integer'),
        ],
      }),
    ],
  },
  {
    group: 'networking.k8s.io', version: 'v1', optional: false, resources: [
      def('networking.k8s.io', 'v1', 'networkpolicies', 'networkpolicy', 'NetworkPolicy', true, { shortNames: ['netpol'] }),
    ],
  },
  {
    group: 'rbac.authorization.k8s.io', version: 'v1', optional: false, resources: [
      def('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'clusterrolebinding', 'ClusterRoleBinding', false, {
        columns: [col('Role', (o) => `${at(o, 'roleRef', 'kind')}/${at(o, 'roleRef', 'name')}`, 'Role')],
      }),
      def('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'clusterrole', 'ClusterRole', false, {
        columns: [col('Created At', (o) => o.metadata.creationTimestamp, 'Created At')],
      }),
      def('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'rolebinding', 'RoleBinding', true, {
        columns: [col('Role', (o) => `${at(o, 'roleRef', 'kind')}/${at(o, 'roleRef', 'name')}`, 'Role')],
      }),
      def('rbac.authorization.k8s.io', 'v1', 'roles', 'role', 'Role', true, {
        columns: [col('Created At', (o) => o.metadata.creationTimestamp, 'Created At')],
      }),
    ],
  },
  {
    // Stored, not enforced: Harden Tenant… applies a policy that keeps a sandbox-required tenant's pods sandboxed.
    group: 'admissionregistration.k8s.io', version: 'v1', optional: false, resources: [
      def('admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicies', 'validatingadmissionpolicy', 'ValidatingAdmissionPolicy', false, { subresources: { status: STATUS } }),
      def('admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicybindings', 'validatingadmissionpolicybinding', 'ValidatingAdmissionPolicyBinding', false),
    ],
  },
  {
    group: 'node.k8s.io', version: 'v1', optional: false, resources: [
      def('node.k8s.io', 'v1', 'runtimeclasses', 'runtimeclass', 'RuntimeClass', false, {
        columns: [col('Handler', (o) => at(o, 'handler'), 'The handler of the runtime class')],
      }),
    ],
  },
  {
    group: 'scheduling.k8s.io', version: 'v1', optional: false, resources: [
      def('scheduling.k8s.io', 'v1', 'priorityclasses', 'priorityclass', 'PriorityClass', false, {
        shortNames: ['pc'],
        columns: [
          col('Value', (o) => at(o, 'value'), 'Value is the integer value of this priority class.', 'integer'),
          col('Global-Default', (o) => at(o, 'globalDefault') ?? false, 'globalDefault specifies whether this PriorityClass should be considered as the default priority.', 'boolean'),
          builtinAge,
          col('PreemptionPolicy', (o) => at(o, 'preemptionPolicy') ?? 'PreemptLowerPriority', 'PreemptionPolicy is the Policy for preempting pods with lower priority.'),
        ],
      }),
    ],
  },
  {
    group: 'authentication.k8s.io', version: 'v1', optional: false, resources: [
      def('authentication.k8s.io', 'v1', 'selfsubjectreviews', 'selfsubjectreview', 'SelfSubjectReview', false, { verbs: ['create'] }),
    ],
  },
  {
    group: 'authorization.k8s.io', version: 'v1', optional: false, resources: [
      def('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', 'selfsubjectaccessreview', 'SelfSubjectAccessReview', false, { verbs: ['create'] }),
      def('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews', 'selfsubjectrulesreview', 'SelfSubjectRulesReview', false, { verbs: ['create'] }),
      def('authorization.k8s.io', 'v1', 'subjectaccessreviews', 'subjectaccessreview', 'SubjectAccessReview', false, { verbs: ['create'] }),
    ],
  },
  {
    // Served so that kubectl's field-validation probe finds it (it checks the CRD API for unknown kinds).
    group: 'apiextensions.k8s.io', version: 'v1', optional: false, resources: [
      def('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'customresourcedefinition', 'CustomResourceDefinition', false, {
        shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: { status: STATUS },
        columns: [col('Created At', (o) => o.metadata.creationTimestamp, 'Created At')],
      }),
    ],
  },
  {
    // KubeVirt's CRDs as virt-operator installs them (names, columns and subresources from its crds.go); only v1 is
    // served here, not the deprecated v1alpha3 that KubeVirt still serves beside it.
    group: 'kubevirt.io', version: 'v1', optional: true, resources: [
      crd('kubevirt.io', 'v1', 'virtualmachines', 'virtualmachine', 'VirtualMachine', true, {
        shortNames: ['vm', 'vms'], categories: ['all'], subresources: { status: STATUS },
        columns: [
          AGE,
          crdCol('Status', '.status.printableStatus', 'string', 'Human Readable Status'),
          crdCol('Ready', ".status.conditions[?(@.type=='Ready')].status"),
        ],
      }),
      // No status subresource: virt-controller and virt-handler write a VMI's status with the object.
      crd('kubevirt.io', 'v1', 'virtualmachineinstances', 'virtualmachineinstance', 'VirtualMachineInstance', true, {
        shortNames: ['vmi', 'vmis'], categories: ['all'],
        columns: [
          AGE,
          crdCol('Phase', '.status.phase'),
          crdCol('IP', '.status.interfaces[0].ipAddress'),
          crdCol('NodeName', '.status.nodeName'),
          crdCol('Ready', ".status.conditions[?(@.type=='Ready')].status"),
          crdCol('Live-Migratable', ".status.conditions[?(@.type=='LiveMigratable')].status", 'string', '', 1),
          crdCol('Paused', ".status.conditions[?(@.type=='Paused')].status", 'string', '', 1),
        ],
      }),
      crd('kubevirt.io', 'v1', 'virtualmachineinstancemigrations', 'virtualmachineinstancemigration', 'VirtualMachineInstanceMigration', true, {
        shortNames: ['vmim', 'vmims'], categories: ['all'], subresources: { status: STATUS },
        columns: [
          crdCol('Phase', '.status.phase', 'string', 'The current phase of VM instance migration'),
          crdCol('VMI', '.spec.vmiName', 'string', 'The name of the VMI to perform the migration on'),
        ],
      }),
      crd('kubevirt.io', 'v1', 'virtualmachineinstancereplicasets', 'virtualmachineinstancereplicaset', 'VirtualMachineInstanceReplicaSet', true, {
        shortNames: ['vmirs', 'vmirss'], categories: ['all'], subresources: { scale: STATUS, status: STATUS }, scale: REPLICA_SCALE,
        columns: replicaColumns('VirtualMachineInstances'),
      }),
      crd('kubevirt.io', 'v1', 'virtualmachineinstancepresets', 'virtualmachineinstancepreset', 'VirtualMachineInstancePreset', true, {
        shortNames: ['vmipreset', 'vmipresets'], categories: ['all'],
      }),
      crd('kubevirt.io', 'v1', 'kubevirts', 'kubevirt', 'KubeVirt', true, {
        shortNames: ['kv', 'kvs'], categories: ['all'], subresources: { status: STATUS },
        columns: [AGE, crdCol('Phase', '.status.phase')],
      }),
    ],
  },
  {
    // virt-api's aggregated API: only the discovery list and the subresource routes plugged in by the KubeVirt module.
    group: 'subresources.kubevirt.io', version: 'v1', optional: true, resources: [],
    discoveryOnly: [
      'expand-vm-spec',
      ...['vnc', 'vnc/screenshot', 'console', 'portforward', 'pause', 'unpause', 'freeze', 'unfreeze', 'softreboot', 'reset',
        'guestosinfo', 'userlist', 'filesystemlist', 'addvolume', 'removevolume', 'sev/fetchcertchain', 'sev/querylaunchmeasurement',
        'sev/setupsession', 'sev/injectlaunchsecret', 'usbredir', 'vsock', 'objectgraph', 'evacuate/cancel'].map((s) => `virtualmachineinstances/${s}`),
      ...['start', 'stop', 'restart', 'migrate', 'expand-spec', 'portforward', 'addvolume', 'removevolume', 'memorydump',
        'removememorydump', 'objectgraph', 'evacuate/cancel'].map((s) => `virtualmachines/${s}`),
    ].map((name) => ({ name, namespaced: true })),
  },
  {
    group: 'pool.kubevirt.io', version: 'v1beta1', optional: true, resources: [
      crd('pool.kubevirt.io', 'v1beta1', 'virtualmachinepools', 'virtualmachinepool', 'VirtualMachinePool', true, {
        shortNames: ['vmpool', 'vmpools'], categories: ['all'], subresources: { scale: STATUS, status: STATUS }, scale: REPLICA_SCALE,
        columns: replicaColumns('VirtualMachines'),
      }),
    ],
  },
  {
    group: 'instancetype.kubevirt.io', version: 'v1beta1', optional: true, resources: [
      crd('instancetype.kubevirt.io', 'v1beta1', 'virtualmachineclusterinstancetypes', 'virtualmachineclusterinstancetype', 'VirtualMachineClusterInstancetype', false, {
        shortNames: ['vmclusterinstancetype', 'vmclusterinstancetypes', 'vmcf', 'vmcfs'],
      }),
      crd('instancetype.kubevirt.io', 'v1beta1', 'virtualmachineclusterpreferences', 'virtualmachineclusterpreference', 'VirtualMachineClusterPreference', false, {
        shortNames: ['vmcp', 'vmcps'],
      }),
      crd('instancetype.kubevirt.io', 'v1beta1', 'virtualmachineinstancetypes', 'virtualmachineinstancetype', 'VirtualMachineInstancetype', true, {
        shortNames: ['vminstancetype', 'vminstancetypes', 'vmf', 'vmfs'], categories: ['all'],
      }),
      crd('instancetype.kubevirt.io', 'v1beta1', 'virtualmachinepreferences', 'virtualmachinepreference', 'VirtualMachinePreference', true, {
        shortNames: ['vmpref', 'vmprefs', 'vmp', 'vmps'], categories: ['all'],
      }),
    ],
  },
  {
    group: 'snapshot.kubevirt.io', version: 'v1beta1', optional: true, resources: [
      crd('snapshot.kubevirt.io', 'v1beta1', 'virtualmachinesnapshots', 'virtualmachinesnapshot', 'VirtualMachineSnapshot', true, {
        shortNames: ['vmsnapshot', 'vmsnapshots'], categories: ['all'], subresources: { status: STATUS },
        columns: [
          crdCol('SourceKind', '.spec.source.kind'), crdCol('SourceName', '.spec.source.name'), crdCol('Phase', '.status.phase'),
          crdCol('ReadyToUse', '.status.readyToUse', 'boolean'), crdCol('CreationTime', '.status.creationTime', 'date'), crdCol('Error', '.status.error.message'),
        ],
      }),
      crd('snapshot.kubevirt.io', 'v1beta1', 'virtualmachinesnapshotcontents', 'virtualmachinesnapshotcontent', 'VirtualMachineSnapshotContent', true, {
        shortNames: ['vmsnapshotcontent', 'vmsnapshotcontents'], categories: ['all'], subresources: { status: STATUS },
        columns: [crdCol('ReadyToUse', '.status.readyToUse', 'boolean'), crdCol('CreationTime', '.status.creationTime', 'date'), crdCol('Error', '.status.error.message')],
      }),
      crd('snapshot.kubevirt.io', 'v1beta1', 'virtualmachinerestores', 'virtualmachinerestore', 'VirtualMachineRestore', true, {
        shortNames: ['vmrestore', 'vmrestores'], categories: ['all'], subresources: { status: STATUS },
        columns: [
          crdCol('TargetKind', '.spec.target.kind'), crdCol('TargetName', '.spec.target.name'),
          crdCol('Complete', '.status.complete', 'boolean'), crdCol('RestoreTime', '.status.restoreTime', 'date'),
        ],
      }),
    ],
  },
  {
    group: 'clone.kubevirt.io', version: 'v1beta1', optional: true, resources: [
      crd('clone.kubevirt.io', 'v1beta1', 'virtualmachineclones', 'virtualmachineclone', 'VirtualMachineClone', true, {
        shortNames: ['vmclone', 'vmclones'], categories: ['all'], subresources: { status: STATUS },
        columns: [crdCol('Phase', '.status.phase'), crdCol('SourceVirtualMachine', '.spec.source.name'), crdCol('TargetVirtualMachine', '.spec.target.name')],
      }),
    ],
  },
  {
    group: 'migrations.kubevirt.io', version: 'v1alpha1', optional: true, resources: [
      crd('migrations.kubevirt.io', 'v1alpha1', 'migrationpolicies', 'migrationpolicy', 'MigrationPolicy', false, { subresources: { status: STATUS } }),
    ],
  },
  {
    group: 'cdi.kubevirt.io', version: 'v1beta1', optional: true, resources: [
      crd('cdi.kubevirt.io', 'v1beta1', 'datavolumes', 'datavolume', 'DataVolume', true, {
        shortNames: ['dv', 'dvs'], categories: ['all'], subresources: { status: STATUS },
        columns: [
          crdCol('Phase', '.status.phase', 'string', 'The phase the data volume is in'),
          crdCol('Progress', '.status.progress', 'string', 'Transfer progress in percentage if known, N/A otherwise'),
          crdCol('Restarts', '.status.restartCount', 'integer', 'The number of times the transfer has been restarted.'),
          AGE,
        ],
      }),
    ],
  },
  {
    group: 'capsule.clastix.io', version: 'v1beta2', optional: true, resources: [
      crd('capsule.clastix.io', 'v1beta2', 'tenants', 'tenant', 'Tenant', false, {
        shortNames: ['tnt'], subresources: { status: STATUS },
        columns: [
          crdCol('State', '.status.state', 'string', 'The actual state of the Tenant'),
          crdCol('Namespace quota', '.spec.namespaceOptions.quota', 'integer', 'The max amount of Namespaces can be created'),
          crdCol('Namespace count', '.status.size', 'integer', 'The total amount of Namespaces in use'),
          crdCol('Node selector', '.spec.nodeSelector', 'string', 'Node Selector applied to Pods'),
          crdCol('Age', '.metadata.creationTimestamp', 'date', 'Age'),
        ],
      }),
    ],
  },
];

export const OPTIONAL_GROUPS = GROUPS.filter((g) => g.optional).map((g) => g.group);

/** The groups and resources one cluster serves. */
export class Registry {
  readonly groups: GroupDef[];

  constructor(optionalGroups: readonly string[]) {
    const unknown = optionalGroups.filter((g) => !OPTIONAL_GROUPS.includes(g));
    if (unknown.length) throw new Error(`unknown optional API group(s): ${unknown.join(', ')}`);
    this.groups = GROUPS.filter((g) => !g.optional || optionalGroups.includes(g.group));
  }

  has(group: string): boolean {
    return this.groups.some((g) => g.group === group);
  }

  group(group: string, version?: string): GroupDef | undefined {
    return this.groups.find((g) => g.group === group && (version === undefined || g.version === version));
  }

  find(group: string, version: string, resource: string): ResourceDef | undefined {
    return this.group(group, version)?.resources.find((r) => r.resource === resource);
  }

  byKind(apiVersion: string, kind: string): ResourceDef | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return this.group(group, version)?.resources.find((r) => r.kind === kind);
  }

  all(): ResourceDef[] {
    return this.groups.flatMap((g) => g.resources);
  }
}

export const apiVersionOf = (def: { group: string; version: string }) => (def.group ? `${def.group}/${def.version}` : def.version);

/** The store key, as `resourceKey` in store.ts. */
export const keyOf = (def: ResourceDef) => (def.group ? `${def.resource}.${def.group}` : def.resource);
