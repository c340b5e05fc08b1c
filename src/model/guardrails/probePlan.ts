// MTB-style active probes: server-side dry runs (dryRun=All) made as the tenant through impersonation — create a
// privileged pod, a hostPath pod, a NodePort Service, an unsandboxed pod; relabel the namespace; annotate the
// admin's quota, LimitRange and NetworkPolicies. Nothing is stored. Each probe acts as one tenant subject that
// RBAC allows to try (from the access reviews), so a refusal shows what admission does, not just RBAC. A
// harmless control pod, dry-run the same way, shows whether pods are refused for reasons of their own (a
// registry rule, a required label): then the other pod probes' refusals prove nothing.
import * as l10n from '@vscode/l10n';
import type { KubeObject } from '../kubeObject';
import { eligibilityAttributes, guardrailPolicyNames, relabelAttributes, reviewAnswer, type ResourceAttributes } from './accessReviews';
import type { Subject } from './kinds';
import { known, unknown, type Known } from './known';
import type { NamespaceSnapshot, ProbeAnswer, TenantSnapshot } from './snapshot';
import { identityOf, subjectKey, tenantSubjects, type Identity } from './subjects';
import { runtimeClassesOf, sandboxClassNames } from './runtimes';
import { sandboxRequired } from './sandboxRequirement';

export type ProbeKind = 'control-pod' | 'privileged-pod' | 'hostpath-pod' | 'nodeport-service' | 'unsandboxed-pod' | 'namespace-relabel' | 'guardrail-patch';

export interface ProbeTarget {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
}

export interface ProbeRequest {
  key: string;
  kind: ProbeKind;
  namespace: string;
  subject: Subject;
  identity: Identity;
  /** `create`: POST `body` to the collection; `patch`: a JSON merge patch of the named object. Always dryRun=All. */
  action: 'create' | 'patch';
  target: ProbeTarget;
  body: object;
}

const PROBE_IMAGE = 'registry.k8s.io/pause:3.10';
export const PROBE_ANNOTATION = 'kubevirt-workbench.io/probe';

export function probeKey(kind: ProbeKind, namespace: string, subject: Subject, name = ''): string {
  return [kind, namespace, subjectKey(subject), name].join('|');
}

const PODS: ProbeTarget = { group: '', version: 'v1', resource: 'pods' };

/** A pod that meets restricted in every way but the one the probe is about, so a refusal is about that. */
function probePod(namespace: string, kind: ProbeKind, container: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `kubevirt-workbench-${kind}`, namespace, labels: { 'app.kubernetes.io/managed-by': 'kubevirt-workbench', [PROBE_ANNOTATION]: kind } },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'probe',
          image: PROBE_IMAGE,
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '10m', memory: '16Mi' } },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          ...container,
        },
      ],
      ...spec,
    },
  };
}

function probeBody(kind: 'control-pod' | 'privileged-pod' | 'hostpath-pod' | 'nodeport-service' | 'unsandboxed-pod', namespace: string, runtimeClassName?: string): KubeObject {
  switch (kind) {
    case 'control-pod':
      return probePod(namespace, kind, {}, runtimeClassName ? { runtimeClassName } : {});
    case 'privileged-pod':
      // privileged with allowPrivilegeEscalation=false is invalid, so that field is left out here.
      return probePod(namespace, kind, { securityContext: { privileged: true, capabilities: { drop: ['ALL'] } } });
    case 'hostpath-pod':
      return probePod(namespace, kind, { volumeMounts: [{ name: 'host', mountPath: '/host', readOnly: true }] }, { volumes: [{ name: 'host', hostPath: { path: '/', type: 'Directory' } }] });
    case 'unsandboxed-pod':
      return probePod(namespace, kind);
    case 'nodeport-service':
      return {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `kubevirt-workbench-${kind}`, namespace, labels: { 'app.kubernetes.io/managed-by': 'kubevirt-workbench' } },
        spec: { type: 'NodePort', selector: { [PROBE_ANNOTATION]: kind }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
      };
  }
}

/** The subject a probe acts as: the first RBAC allows to try, else the first whose review is unknown, else none. */
export function probeActor(s: TenantSnapshot, subjects: readonly Subject[], attributes: ResourceAttributes): Subject | undefined {
  const answers = subjects.map((subject) => ({ subject, answer: reviewAnswer(s, subject, attributes) }));
  return (answers.find((a) => a.answer.known && a.answer.value) ?? answers.find((a) => !a.answer.known))?.subject;
}

/** The guardrail objects a tenant must not change, as patch targets. */
export function guardrailTargets(ns: NamespaceSnapshot): ProbeTarget[] {
  const names = (k: { known: boolean; value?: { metadata: { name: string } }[] }) => (k.known ? (k.value ?? []).map((o) => o.metadata.name).sort() : []);
  return [
    ...names(ns.resourceQuotas).map((name) => ({ group: '', version: 'v1', resource: 'resourcequotas', namespace: ns.name, name })),
    ...names(ns.limitRanges).map((name) => ({ group: '', version: 'v1', resource: 'limitranges', namespace: ns.name, name })),
    ...guardrailPolicyNames(ns).map((name) => ({ group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', namespace: ns.name, name })),
  ];
}

/** Every dry run to make for the tenant; empty while its subjects are unknown. */
export function probePlan(s: TenantSnapshot): ProbeRequest[] {
  const subjects = tenantSubjects(s);
  if (!subjects.known) return [];
  const requests: ProbeRequest[] = [];
  const add = (kind: ProbeKind, ns: string, subject: Subject | undefined, action: ProbeRequest['action'], target: ProbeTarget, body: object) => {
    if (subject) requests.push({ key: probeKey(kind, ns, subject, action === 'patch' ? target.name : ''), kind, namespace: ns, subject, identity: identityOf(subject), action, target, body });
  };
  for (const ns of s.namespaces) {
    const [pods, services] = eligibilityAttributes(ns.name);
    const podActor = probeActor(s, subjects.value, pods);
    const required = sandboxRequired(ns, s.settings);
    // Where sandboxing is required the control pod names a sandbox class, so that policy does not refuse it.
    const sandbox = required.known && required.value ? sandboxClassNames(runtimeClassesOf(s))[0] : undefined;
    add('control-pod', ns.name, podActor, 'create', { ...PODS, namespace: ns.name }, probeBody('control-pod', ns.name, sandbox));
    add('privileged-pod', ns.name, podActor, 'create', { ...PODS, namespace: ns.name }, probeBody('privileged-pod', ns.name));
    add('hostpath-pod', ns.name, podActor, 'create', { ...PODS, namespace: ns.name }, probeBody('hostpath-pod', ns.name));
    if (required.known && required.value) add('unsandboxed-pod', ns.name, podActor, 'create', { ...PODS, namespace: ns.name }, probeBody('unsandboxed-pod', ns.name));
    add('nodeport-service', ns.name, probeActor(s, subjects.value, services), 'create', { group: '', version: 'v1', resource: 'services', namespace: ns.name }, probeBody('nodeport-service', ns.name));
    const [, patchNamespace] = relabelAttributes(ns.name);
    add('namespace-relabel', ns.name, probeActor(s, subjects.value, patchNamespace), 'patch', { group: '', version: 'v1', resource: 'namespaces', name: ns.name },
      { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } });
    for (const target of guardrailTargets(ns)) {
      const actor = probeActor(s, subjects.value, { verb: 'patch', group: target.group, resource: target.resource, namespace: ns.name, ...(target.resource === 'networkpolicies' ? { name: target.name } : {}) });
      add('guardrail-patch', ns.name, actor, 'patch', target, { metadata: { annotations: { [PROBE_ANNOTATION]: 'dry-run' } } });
    }
  }
  return requests;
}

/** A probe's answer from the server's reply: 2xx admitted, a refused impersonation or a server failure unjudgeable. */
export function probeAnswerFromStatus(key: string, code: number, message: string, object?: KubeObject): ProbeAnswer {
  if (code >= 200 && code < 300) return { key, outcome: 'admitted', ...(object ? { object } : {}) };
  if (/cannot impersonate/i.test(message)) return { key, outcome: 'error', reason: l10n.t('not permitted to impersonate the tenant: {0}', message) };
  if (code === 403 || ((code === 422 || code === 400) && /denied|forbidden|violates|not allowed/i.test(message))) return { key, outcome: 'refused', code, message };
  return { key, outcome: 'error', reason: l10n.t('the dry run failed ({0}): {1}', code, message) };
}

export function probeAnswer(s: TenantSnapshot, key: string): Known<ProbeAnswer> {
  if (!s.probes.known) return unknown(s.probes.reason);
  const answer = s.probes.value.find((p) => p.key === key);
  return answer ? known(answer) : unknown(l10n.t('this dry run has not been made'));
}

/** Who refused, from the server's message: Pod Security, a quota, a policy, a webhook or RBAC. */
export function refusedBy(message: string): string {
  if (/violates PodSecurity/i.test(message)) return l10n.t('Pod Security admission');
  if (/exceeded quota|must specify (limits|requests)/i.test(message)) return 'quota';
  if (/ValidatingAdmissionPolicy/i.test(message)) return l10n.t('an admission policy');
  if (/admission webhook/i.test(message)) return l10n.t('an admission webhook');
  if (/cannot (create|patch|update) resource/i.test(message)) return 'RBAC';
  return l10n.t('the API server');
}

/**
 * Why a pod probe's refusal proves nothing, if it does not: the control pod (which breaks no rule) was refused
 * too, other than for quota. Undefined when the control was admitted or not tried.
 */
export function controlRefused(s: TenantSnapshot, namespace: string, actor: Subject): string | undefined {
  const control = probeAnswer(s, probeKey('control-pod', namespace, actor));
  if (!control.known || control.value.outcome !== 'refused') return undefined;
  const by = refusedBy(control.value.message);
  return by === 'quota' ? undefined : l10n.t('a harmless control pod was refused too ({0}: {1})', by, shortMessage(control.value.message, 80));
}

export const shortMessage = (message: string, max = 140): string => {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};
