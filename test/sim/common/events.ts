// core/v1 Events as controllers record them (one object per occurrence; no aggregation).
import { randomBytes } from 'node:crypto';
import type { KubeObject, Store } from '../store';
import { timestamp } from './time';

export interface EventSpec {
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  /** Reporting component, e.g. `virtualmachine-controller`, `kubelet`. */
  component: string;
  host?: string;
}

export function recordEvent(store: Store, involved: KubeObject, spec: EventSpec): void {
  const meta = involved.metadata;
  const now = timestamp();
  const namespace = meta.namespace ?? 'default';
  store.create('events', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${meta.name}.${randomBytes(8).toString('hex')}`, namespace },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
    },
    reason: spec.reason,
    message: spec.message,
    type: spec.type ?? 'Normal',
    source: spec.host ? { component: spec.component, host: spec.host } : { component: spec.component },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    reportingComponent: spec.component,
    reportingInstance: spec.host ?? '',
  });
}
