// A small CDI: DataVolumes from a VM's dataVolumeTemplates import in a few steps and leave a bound PVC.
import { randomUUID } from 'node:crypto';
import type { KubeObject, Store } from '../store';
import { withCondition, type Condition } from '../common/conditions';
import { recordEvent } from '../common/events';
import { ownerRef } from './builders';
import { DATAVOLUMES, PIN_ANNOTATION, PVCS } from './keys';
import { vmSpec } from './run-strategy';

type DvSpec = { pvc?: PvcSpec; storage?: PvcSpec; source?: Record<string, unknown> };
type PvcSpec = { accessModes?: string[]; resources?: { requests?: { storage?: string } }; storageClassName?: string; volumeMode?: string };
type DvStatus = { phase?: string; progress?: string; conditions?: Condition[]; claimName?: string };

/** Creates the missing DataVolumes of a VM's templates; returns whether any was created. */
export function ensureDataVolumes(store: Store, vm: KubeObject): boolean {
  let created = false;
  for (const template of vmSpec(vm).dataVolumeTemplates ?? []) {
    if (store.get(DATAVOLUMES, vm.metadata.namespace, template.metadata.name)) continue;
    store.create(DATAVOLUMES, dataVolumeFor(vm, template.metadata.name, template.spec));
    created = true;
  }
  return created;
}

export function dataVolumeFor(vm: KubeObject, name: string, spec: unknown, status?: DvStatus): KubeObject {
  return {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: { name, namespace: vm.metadata.namespace, ownerReferences: vm.metadata.uid ? [ownerRef(vm)] : undefined },
    spec: spec ?? { source: { blank: {} }, storage: { resources: { requests: { storage: '10Gi' } } } },
    ...(status ? { status } : {}),
  };
}

const conditionsFor = (old: Condition[] | undefined, bound: boolean, running: boolean, ready: boolean, reason: string) => {
  let conditions = withCondition(old, { type: 'Bound', status: bound ? 'True' : 'False', reason: bound ? 'Bound' : 'Pending' });
  conditions = withCondition(conditions, { type: 'Running', status: running ? 'True' : 'False', reason });
  return withCondition(conditions, { type: 'Ready', status: ready ? 'True' : 'False', reason });
};

/** One import step: Pending → ImportScheduled → ImportInProgress → Succeeded with a Bound PVC. */
export function reconcileDataVolume(store: Store, namespace: string, name: string): void {
  const dv = store.get(DATAVOLUMES, namespace, name);
  if (!dv || dv.metadata.annotations?.[PIN_ANNOTATION] || dv.metadata.deletionTimestamp) return;
  const status = (dv.status ?? {}) as DvStatus;
  const write = (next: DvStatus) => store.update(DATAVOLUMES, { ...dv, status: { ...status, ...next } });
  switch (status.phase) {
    case undefined:
    case '':
    case 'Pending':
      write({ phase: 'ImportScheduled', progress: 'N/A', claimName: name, conditions: conditionsFor(status.conditions, false, false, false, 'Pending') });
      recordEvent(store, dv, { reason: 'ImportScheduled', message: `Import into ${name} scheduled`, component: 'datavolume-import-controller' });
      return;
    case 'ImportScheduled':
      ensurePvc(store, dv);
      write({ phase: 'ImportInProgress', progress: '45.00%', conditions: conditionsFor(status.conditions, true, true, false, 'Pod is running') });
      return;
    case 'ImportInProgress':
      write({ phase: 'Succeeded', progress: '100.0%', conditions: conditionsFor(status.conditions, true, false, true, 'Completed') });
      recordEvent(store, dv, { reason: 'ImportSucceeded', message: 'Successfully imported into PVC ' + name, component: 'datavolume-import-controller' });
      return;
    default:
      return;
  }
}

/** The DataVolume's PVC, bound, owned by the DataVolume. */
export function pvcFor(dv: KubeObject, phase: 'Bound' | 'Pending' = 'Bound'): KubeObject {
  const spec = (dv.spec ?? {}) as DvSpec;
  const claim = spec.pvc ?? spec.storage ?? {};
  const size = claim.resources?.requests?.storage ?? '10Gi';
  const accessModes = claim.accessModes ?? ['ReadWriteOnce'];
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: dv.metadata.name,
      namespace: dv.metadata.namespace,
      labels: { app: 'containerized-data-importer', 'app.kubernetes.io/component': 'storage', 'app.kubernetes.io/managed-by': 'cdi-controller' },
      ownerReferences: dv.metadata.uid ? [ownerRef(dv)] : undefined,
    },
    spec: { accessModes, resources: { requests: { storage: size } }, storageClassName: claim.storageClassName ?? 'local-path', volumeMode: claim.volumeMode ?? 'Filesystem', ...(phase === 'Bound' ? { volumeName: `pvc-${randomUUID()}` } : {}) },
    status: phase === 'Bound' ? { phase, accessModes, capacity: { storage: size } } : { phase },
  };
}

function ensurePvc(store: Store, dv: KubeObject): void {
  if (!store.get(PVCS, dv.metadata.namespace, dv.metadata.name!)) store.create(PVCS, pvcFor(dv));
}
