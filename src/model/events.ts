// Events about a VM: those whose involvedObject is the VM, its VMI or its virt-launcher pod, oldest first.
import type { IoK8sApiCoreV1Event } from '@kubevirt-ui-ext/kubevirt-api/kubernetes';

/** A core/v1 Event as served (generated type); the name is always there, the generated ObjectMeta leaves it optional. */
export type KubeEvent = Omit<IoK8sApiCoreV1Event, 'metadata'> & { metadata: { name: string; creationTimestamp?: string } };

export interface ObjectRef {
  kind: string;
  name: string;
  /** When known, only events about this incarnation (a VMI of the same name from an earlier run is another). */
  uid?: string;
}

export interface EventRow {
  time?: string;
  type: string;
  reason: string;
  message: string;
  /** `VirtualMachineInstance/web-1` */
  object: string;
  count: number;
}

/** When it last happened: series and lastTimestamp for repeats, eventTime for events.k8s.io-style events. */
export function eventTime(e: KubeEvent): string | undefined {
  return e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
}

/** The events about any of `refs`, without duplicates, sorted by time (stable for equal times). */
export function relatedEvents(events: readonly KubeEvent[], refs: readonly ObjectRef[]): EventRow[] {
  const about = (e: KubeEvent) =>
    refs.some((r) => e.involvedObject.kind === r.kind && e.involvedObject.name === r.name && (!r.uid || !e.involvedObject.uid || e.involvedObject.uid === r.uid));
  const unique = new Map(events.filter(about).map((e) => [e.metadata.name, e]));
  return [...unique.values()]
    .map((e, index) => ({ e, index, at: Date.parse(eventTime(e) ?? '') || 0 }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ e }) => ({
      time: eventTime(e),
      type: e.type ?? 'Normal',
      reason: e.reason ?? '',
      message: e.message ?? '',
      object: `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}`,
      count: e.count ?? 1,
    }));
}
