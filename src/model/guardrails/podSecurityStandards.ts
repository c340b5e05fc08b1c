// The Pod Security Standards evaluated on a pod spec, as Pod Security admission's `latest` policy does
// (kubernetes/pod-security-admission, policy/check_*.go): baseline rules, then the restricted ones on top.
// Admission checks a pod only when it is created; this finds running pods that break a namespace's level.
import * as l10n from '@vscode/l10n';
import type { AuditPod, Container, PodSpec, SecurityContext } from './kinds';

export type PssLevel = 'privileged' | 'baseline' | 'restricted';

export interface Violation {
  /** The lowest level the violation breaks: a baseline violation breaks restricted too. */
  level: 'baseline' | 'restricted';
  /** Short, plain: "privileged", "hostPath volume", "runs as root". */
  rule: string;
}

const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret', 'image']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

export function containersOf(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

/** Every Pod Security Standards violation of the pod, each rule once. */
export function pssViolations(pod: AuditPod): Violation[] {
  const spec = pod.spec ?? {};
  const found = new Map<string, Violation>();
  const add = (level: Violation['level'], rule: string) => found.has(rule) || found.set(rule, { level, rule });
  const containers = containersOf(spec);
  const contexts: SecurityContext[] = [spec.securityContext ?? {}, ...containers.map((c) => c.securityContext ?? {})];
  const userNamespace = spec.hostUsers === false;
  const windows = spec.os?.name === 'windows';

  // Baseline.
  if (contexts.some((c) => c.windowsOptions?.hostProcess)) add('baseline', l10n.t('Windows HostProcess'));
  if (spec.hostNetwork) add('baseline', 'hostNetwork');
  if (spec.hostPID) add('baseline', 'hostPID');
  if (spec.hostIPC) add('baseline', 'hostIPC');
  if (containers.some((c) => c.securityContext?.privileged)) add('baseline', 'privileged');
  const extraCaps = containers.flatMap((c) => c.securityContext?.capabilities?.add ?? []).filter((cap) => !BASELINE_CAPABILITIES.has(cap));
  if (extraCaps.length) add('baseline', `adds ${[...new Set(extraCaps)].join(', ')}`);
  if ((spec.volumes ?? []).some((v) => v.hostPath)) add('baseline', l10n.t('hostPath volume'));
  if (containers.some((c) => (c.ports ?? []).some((p) => p.hostPort))) add('baseline', 'hostPort');
  const apparmorAnnotations = Object.entries(pod.metadata.annotations ?? {}).filter(([k]) => k.startsWith(APPARMOR_ANNOTATION));
  if (
    apparmorAnnotations.some(([, v]) => v !== '' && v !== 'runtime/default' && !v.startsWith('localhost/')) ||
    contexts.some((c) => c.appArmorProfile?.type !== undefined && c.appArmorProfile.type !== 'RuntimeDefault' && c.appArmorProfile.type !== 'Localhost')
  ) {
    add('baseline', l10n.t('AppArmor unconfined'));
  }
  if (contexts.some((c) => !SELINUX_TYPES.has(c.seLinuxOptions?.type ?? '') || c.seLinuxOptions?.user || c.seLinuxOptions?.role)) add('baseline', l10n.t('custom SELinux options'));
  const unmaskedProc = containers.some((c) => c.securityContext?.procMount !== undefined && c.securityContext.procMount !== 'Default');
  // Baseline lets a pod in its own user namespace unmask /proc; restricted never does.
  if (unmaskedProc) add(userNamespace ? 'restricted' : 'baseline', 'unmasked /proc');
  if (contexts.some((c) => c.seccompProfile?.type === 'Unconfined')) add('baseline', l10n.t('seccomp unconfined'));
  if ((spec.securityContext?.sysctls ?? []).some((s) => !SAFE_SYSCTLS.has(s.name))) add('baseline', l10n.t('unsafe sysctls'));
  const handlers = containers.flatMap((c) => [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop]);
  if (handlers.some((h) => h?.httpGet?.host || h?.tcpSocket?.host)) add('baseline', l10n.t('probe or hook on another host'));

  // Restricted.
  const badVolumes = (spec.volumes ?? []).filter((v) => !v.hostPath && !Object.keys(v).some((k) => RESTRICTED_VOLUMES.has(k)));
  if (badVolumes.length) add('restricted', l10n.t('restricted volume types'));
  if (!windows && containers.some((c) => c.securityContext?.allowPrivilegeEscalation !== false)) add('restricted', l10n.t('allows privilege escalation'));
  if (!userNamespace) {
    const podNonRoot = spec.securityContext?.runAsNonRoot;
    const nonRoot = podNonRoot !== false && containers.every((c) => c.securityContext?.runAsNonRoot ?? podNonRoot) === true;
    if (!nonRoot) add('restricted', l10n.t('may run as root'));
    if (contexts.some((c) => c.runAsUser === 0)) add('restricted', l10n.t('runs as root (UID 0)'));
  }
  if (!windows) {
    const podSeccomp = spec.securityContext?.seccompProfile?.type;
    const ok = (t: string | undefined) => t === 'RuntimeDefault' || t === 'Localhost';
    if (!containers.every((c) => ok(c.securityContext?.seccompProfile?.type ?? podSeccomp))) add('restricted', l10n.t('no seccomp profile'));
    const capsOk = containers.every((c) => {
      const caps = c.securityContext?.capabilities;
      return (caps?.drop ?? []).includes('ALL') && (caps?.add ?? []).every((cap) => cap === 'NET_BIND_SERVICE');
    });
    if (!capsOk) add('restricted', l10n.t('capabilities not dropped'));
  }
  return [...found.values()];
}

export function meetsLevel(violations: readonly Violation[], level: PssLevel): boolean {
  if (level === 'privileged') return true;
  return !violations.some((v) => v.level === 'baseline' || level === 'restricted');
}

const LEVELS: readonly PssLevel[] = ['privileged', 'baseline', 'restricted'];

export function isPssLevel(value: unknown): value is PssLevel {
  return LEVELS.includes(value as PssLevel);
}

/** True when `a` is at least as strict as `b`. */
export const atLeast = (a: PssLevel, b: PssLevel): boolean => LEVELS.indexOf(a) >= LEVELS.indexOf(b);
