// Admission the simulator applies to API creates only (never to objects loaded from a scenario): Pod Security
// admission's enforce level from the namespace label (the baseline and restricted controls that tenants' pods
// and the audit's dry runs meet), and ResourceQuota's `services.nodeports` count. Messages are kube-apiserver's.
import { ApiError } from '../api-error';
import type { KubeObject, Store } from '../store';

type SecurityContext = {
  privileged?: boolean; allowPrivilegeEscalation?: boolean; runAsNonRoot?: boolean; runAsUser?: number;
  capabilities?: { add?: string[]; drop?: string[] }; seccompProfile?: { type?: string };
};
type Container = { name: string; ports?: { hostPort?: number }[]; securityContext?: SecurityContext };
type PodSpec = {
  hostNetwork?: boolean; hostPID?: boolean; hostIPC?: boolean; securityContext?: SecurityContext;
  containers?: Container[]; initContainers?: Container[]; volumes?: { name: string; hostPath?: unknown }[];
};

const LEVELS = ['privileged', 'baseline', 'restricted'];
const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
const containerWord = (names: string[]) => (names.length === 1 ? 'container' : 'containers');

function violations(spec: PodSpec, level: string): string[] {
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const where = (test: (c: Container) => boolean) => containers.filter(test).map((c) => c.name);
  const out: string[] = [];
  const hostNamespaces = [spec.hostNetwork && 'hostNetwork=true', spec.hostPID && 'hostPID=true', spec.hostIPC && 'hostIPC=true'].filter((x): x is string => !!x);
  if (hostNamespaces.length) out.push(`host namespaces (${hostNamespaces.join(', ')})`);
  const privileged = where((c) => c.securityContext?.privileged === true);
  if (privileged.length) out.push(`privileged (${containerWord(privileged)} ${quoted(privileged)} must not set securityContext.privileged=true)`);
  const added = where((c) => (c.securityContext?.capabilities?.add ?? []).some((cap) => !BASELINE_CAPABILITIES.has(cap)));
  if (added.length) out.push(`non-default capabilities (${containerWord(added)} ${quoted(added)} must not include capabilities in securityContext.capabilities.add)`);
  const hostPaths = (spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name);
  if (hostPaths.length) out.push(`hostPath volumes (${hostPaths.length === 1 ? 'volume' : 'volumes'} ${quoted(hostPaths)})`);
  const hostPorts = where((c) => (c.ports ?? []).some((p) => !!p.hostPort));
  if (hostPorts.length) out.push(`hostPort (${containerWord(hostPorts)} ${quoted(hostPorts)} uses hostPorts)`);
  if (level !== 'restricted') return out;
  const escalation = where((c) => c.securityContext?.allowPrivilegeEscalation !== false);
  if (escalation.length) out.push(`allowPrivilegeEscalation != false (${containerWord(escalation)} ${quoted(escalation)} must set securityContext.allowPrivilegeEscalation=false)`);
  const drop = where((c) => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL'));
  if (drop.length) out.push(`unrestricted capabilities (${containerWord(drop)} ${quoted(drop)} must set securityContext.capabilities.drop=["ALL"])`);
  const nonRoot = where((c) => (c.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot) !== true);
  if (nonRoot.length) out.push(`runAsNonRoot != true (pod or ${containerWord(nonRoot)} ${quoted(nonRoot)} must set securityContext.runAsNonRoot=true)`);
  const seccomp = where((c) => !['RuntimeDefault', 'Localhost'].includes(c.securityContext?.seccompProfile?.type ?? spec.securityContext?.seccompProfile?.type ?? ''));
  if (seccomp.length) out.push(`seccompProfile (pod or ${containerWord(seccomp)} ${quoted(seccomp)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`);
  return out;
}

/** Throws kube-apiserver's 403 when the namespace enforces a level the pod breaks. */
export function admitPodSecurity(store: Store, pod: KubeObject): void {
  const namespace = store.get('namespaces', undefined, pod.metadata.namespace ?? '');
  const level = namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce'];
  if (!level || !LEVELS.includes(level) || level === 'privileged') return;
  const version = namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce-version'] || 'latest';
  const found = violations((pod.spec ?? {}) as PodSpec, level);
  if (!found.length) return;
  throw new ApiError(403, 'Forbidden', `pods "${pod.metadata.name ?? ''}" is forbidden: violates PodSecurity "${level}:${version}": ${found.join(', ')}`, { name: pod.metadata.name, kind: 'pods' });
}

/** Throws the quota's 403 when a NodePort or LoadBalancer Service would exceed `services.nodeports`. */
export function admitNodePortQuota(store: Store, service: KubeObject): void {
  const type = (service.spec as { type?: string } | undefined)?.type;
  if (type !== 'NodePort' && type !== 'LoadBalancer') return;
  const requested = ((service.spec as { ports?: unknown[] }).ports ?? []).length || 1;
  const namespace = service.metadata.namespace ?? '';
  const used = store.list('services', namespace).filter((s) => ['NodePort', 'LoadBalancer'].includes((s.spec as { type?: string } | undefined)?.type ?? ''))
    .reduce((n, s) => n + (((s.spec as { ports?: unknown[] }).ports ?? []).length || 1), 0);
  for (const quota of store.list('resourcequotas', namespace)) {
    const hard = (quota.spec as { hard?: Record<string, string> } | undefined)?.hard?.['services.nodeports'];
    if (hard === undefined || used + requested <= Number(hard)) continue;
    throw new ApiError(403, 'Forbidden', `services "${service.metadata.name ?? ''}" is forbidden: exceeded quota: ${quota.metadata.name}, requested: services.nodeports=${requested}, used: services.nodeports=${used}, limited: services.nodeports=${hard}`, { name: service.metadata.name, kind: 'services' });
  }
}
