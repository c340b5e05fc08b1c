// What pods take from a ResourceQuota, computed the way the quota controller does: per pod the larger of the
// containers' sum (plus sidecars) and the largest init container, plus the pod's overhead; `pods` counts them.
// Also quantity formatting for whys and generated quotas.
import { parseQuantity } from '../validation/quantity';
import type { AuditPod, Container } from './kinds';

/** `requests.memory` → ['requests', 'memory']; the bare `cpu`/`memory` quota keys mean requests. */
function split(key: string): ['requests' | 'limits', string] {
  const [kind, resource] = key.includes('.') ? key.split(/\.(.*)/s) : ['requests', key];
  return [kind === 'limits' ? 'limits' : 'requests', resource];
}

const amount = (c: Container, kind: 'requests' | 'limits', resource: string) => parseQuantity(c.resources?.[kind]?.[resource]) ?? 0;

/** A pod's requests or limits of one resource, overhead included (how the quota counts it). */
export function podAmount(pod: AuditPod, key: string): number {
  const [kind, resource] = split(key);
  const spec = pod.spec ?? {};
  const sidecars = (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  const regular = [...(spec.containers ?? []), ...sidecars].reduce((sum, c) => sum + amount(c, kind, resource), 0);
  const init = Math.max(0, ...(spec.initContainers ?? []).filter((c) => c.restartPolicy !== 'Always').map((c) => amount(c, kind, resource)));
  return Math.max(regular, init) + (parseQuantity(spec.overhead?.[resource]) ?? 0);
}

/** What the pods use of a quota key (`pods`, `requests.memory`, `limits.cpu`, …). */
export function podsUsage(pods: readonly AuditPod[], key: string): number {
  if (key === 'pods' || key === 'count/pods') return pods.length;
  return pods.reduce((sum, p) => sum + podAmount(p, key), 0);
}

const MI = 2 ** 20;

/** Bytes as `4Gi`, `1536Mi`; whole MiB rounded up. */
export function formatBytes(bytes: number): string {
  const mi = Math.ceil(bytes / MI - 1e-9);
  return mi % 1024 === 0 && mi > 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}

/** Cores as `2`, `1500m`; whole millicores rounded up. */
export function formatCpu(cores: number): string {
  const m = Math.ceil(cores * 1000 - 1e-9);
  return m % 1000 === 0 ? `${m / 1000}` : `${m}m`;
}

/** A quota value as people write it: bytes in Mi/Gi, CPU in cores or millicores, counts as integers. */
export function formatAmount(key: string, value: number): string {
  const [, resource] = split(key);
  if (resource === 'cpu') return formatCpu(value);
  if (['memory', 'ephemeral-storage', 'storage'].includes(resource)) return formatBytes(value);
  return String(Math.ceil(value));
}
