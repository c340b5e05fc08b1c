// Deployment → ReplicaSet (named by the pod template hash) → pods, with the replica counts in their status.
import { createHash } from 'node:crypto';
import type { KubeObject, Store } from '../store';
import { withCondition, type Condition } from '../common/conditions';
import { recordEvent } from '../common/events';
import { podStatus } from '../common/pod-status';
import { nameSuffix } from '../common/time';
import { ApiError } from '../api-error';
import { applyRuntimeClass } from './runtime-class';

export const DEPLOYMENTS = 'deployments.apps';
export const REPLICASETS = 'replicasets.apps';

type Template = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
type WorkloadSpec = { replicas?: number; selector?: { matchLabels?: Record<string, string> }; template?: Template };

const owner = (object: KubeObject) => ({ apiVersion: 'apps/v1', kind: object.kind!, name: object.metadata.name!, uid: object.metadata.uid!, controller: true, blockOwnerDeletion: true });
const ownedBy = (object: KubeObject, parent: KubeObject) => object.metadata.ownerReferences?.some((o) => o.uid === parent.metadata.uid) ?? false;
const isReady = (pod: KubeObject) => podStatus(pod).phase === 'Running' && (podStatus(pod).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** The pod-template-hash label value: a short, stable hash of the template. */
function templateHash(template: Template | undefined): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const digest = createHash('sha256').update(JSON.stringify(template ?? {})).digest();
  return [...digest.subarray(0, 10)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function reconcileDeployment(store: Store, namespace: string, name: string): void {
  const deployment = store.get(DEPLOYMENTS, namespace, name);
  if (!deployment || deployment.metadata.deletionTimestamp) return;
  const spec = (deployment.spec ?? {}) as WorkloadSpec;
  const hash = templateHash(spec.template);
  const replicas = spec.replicas ?? 1;
  const owned = store.list(REPLICASETS, namespace).filter((rs) => ownedBy(rs, deployment));
  const current = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
  if (!current) {
    const labels = { ...spec.template?.metadata?.labels, 'pod-template-hash': hash };
    const rs = store.create(REPLICASETS, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${name}-${hash}`, namespace, labels, annotations: { 'deployment.kubernetes.io/revision': String(owned.length + 1), 'deployment.kubernetes.io/desired-replicas': String(replicas) }, ownerReferences: [owner(deployment)] },
      spec: { replicas, selector: { matchLabels: { ...spec.selector?.matchLabels, 'pod-template-hash': hash } }, template: { ...spec.template, metadata: { ...spec.template?.metadata, labels } } },
    });
    recordEvent(store, deployment, { reason: 'ScalingReplicaSet', message: `Scaled up replica set ${rs.metadata.name} to ${replicas}`, component: 'deployment-controller' });
    return;
  }
  for (const rs of owned) {
    const want = rs === current ? replicas : 0;
    if ((rs.spec as WorkloadSpec).replicas !== want) return void store.update(REPLICASETS, { ...rs, spec: { ...(rs.spec as object), replicas: want } });
  }
  const counts = owned.map((rs) => (rs.status ?? {}) as { replicas?: number; readyReplicas?: number });
  const ready = counts.reduce((n, c) => n + (c.readyReplicas ?? 0), 0);
  const total = counts.reduce((n, c) => n + (c.replicas ?? 0), 0);
  const old = (deployment.status ?? {}) as { conditions?: Condition[] };
  let conditions = withCondition(old.conditions, ready >= replicas
    ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
    : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
  conditions = withCondition(conditions, { type: 'Progressing', status: 'True', reason: ready >= replicas ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated', message: `ReplicaSet "${current.metadata.name}" ${ready >= replicas ? 'has successfully progressed.' : 'is progressing.'}` });
  const status = { observedGeneration: deployment.metadata.generation ?? 1, replicas: total, updatedReplicas: (current.status as { replicas?: number } | undefined)?.replicas ?? 0, readyReplicas: ready, availableReplicas: ready, ...(total - ready > 0 ? { unavailableReplicas: total - ready } : {}), conditions };
  if (JSON.stringify(status) !== JSON.stringify(deployment.status)) store.update(DEPLOYMENTS, { ...deployment, status });
}

export function reconcileReplicaSet(store: Store, namespace: string, name: string): void {
  const rs = store.get(REPLICASETS, namespace, name);
  if (!rs || rs.metadata.deletionTimestamp) return;
  const spec = (rs.spec ?? {}) as WorkloadSpec;
  const pods = store.list('pods', namespace).filter((p) => ownedBy(p, rs) && !p.metadata.deletionTimestamp);
  const want = spec.replicas ?? 1;
  if (pods.length < want) {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${name}-${nameSuffix()}`, namespace, labels: spec.template?.metadata?.labels, annotations: spec.template?.metadata?.annotations, ownerReferences: [owner(rs)] }, spec: structuredClone(spec.template?.spec ?? {}) };
    try {
      applyRuntimeClass(store, pod);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const failed = (rs.status as { conditions?: Condition[] } | undefined)?.conditions?.some((c) => c.type === 'ReplicaFailure');
      if (failed) return;
      store.update(REPLICASETS, { ...rs, status: { ...(rs.status as object), replicas: pods.length, conditions: withCondition(undefined, { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: error.message }) } });
      return recordEvent(store, rs, { reason: 'FailedCreate', message: `Error creating: ${error.message}`, type: 'Warning', component: 'replicaset-controller' });
    }
    const created = store.create('pods', pod);
    return recordEvent(store, rs, { reason: 'SuccessfulCreate', message: `Created pod: ${created.metadata.name}`, component: 'replicaset-controller' });
  }
  if (pods.length > want) {
    const victim = pods[pods.length - 1];
    store.delete('pods', namespace, victim.metadata.name!);
    return recordEvent(store, rs, { reason: 'SuccessfulDelete', message: `Deleted pod: ${victim.metadata.name}`, component: 'replicaset-controller' });
  }
  const ready = pods.filter(isReady).length;
  const status = { replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation ?? 1 };
  if (JSON.stringify(status) !== JSON.stringify(rs.status)) store.update(REPLICASETS, { ...rs, status });
}
