// Harden Tenant…: the manifests that fix a tenant's failing guardrails, from the fix hints of its audit — the
// namespace's Pod Security labels, a default-deny NetworkPolicy with DNS (or the DNS exception alone), a
// ResourceQuota sized by quotaSizing.ts (or raised values for an existing one), a LimitRange, and the
// RuntimeClass allow-list (a Capsule Tenant rule when Capsule runs the tenant, an admission policy otherwise or
// when VMs rule out a Capsule default). Every object is partial, meant for server-side apply; each carries a
// comment saying which checks it fixes and how it was sized. What needs a person (bindings, pods) is advice.
import * as l10n from '@vscode/l10n';
import type { TenantAudit } from '../guardrails/audit';
import type { CheckId } from '../guardrails/catalog';
import type { FixHint } from '../guardrails/check';
import { ENFORCE_LABEL } from '../guardrails/podSecurity';
import { atLeast, isPssLevel } from '../guardrails/podSecurityStandards';
import { activePods } from '../guardrails/pods';
import type { TenantSnapshot } from '../guardrails/snapshot';
import type { KubeObject } from '../kubeObject';
import {
  capsuleRuntimeClassRule, defaultDenyPolicy, dnsEgressPolicy, limitRange, namespaceLabels, resourceQuota, runtimeClassPolicy,
} from './guardrailObjects';
import { sizeQuota } from './quotaSizing';
import { toCommentedYaml } from './yamlOutput';

export interface HardenPlan {
  /** Manifests in apply order. */
  objects: KubeObject[];
  /** The same, as a YAML stream with a comment above each document. */
  yaml: string;
  /** Checks some generated object fixes. */
  fixes: CheckId[];
  /** Advice that needs a person, per check. */
  manual: { check: CheckId; text: string }[];
}

type Hint<K extends FixHint['kind']> = Extract<FixHint, { kind: K }> & { check: CheckId };

interface Entry {
  object: KubeObject;
  comment: string[];
  checks: Set<CheckId>;
  order: number;
}

const ORDER = ['Namespace', 'ResourceQuota', 'LimitRange', 'NetworkPolicy', 'Tenant', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'];

/** Whether the tenant runs or may run VMs (unknown counts as yes: a Capsule default would break their launchers). */
function mayRunVms(s: TenantSnapshot): boolean {
  return s.namespaces.some((ns) => !ns.virtualMachines.known || ns.virtualMachines.value.length > 0 || !ns.virtualMachineInstances.known || ns.virtualMachineInstances.value.length > 0);
}

/** The sandbox class the tenant's pods use most, else the first allowed. */
function preferredClass(s: TenantSnapshot, allowed: readonly string[]): string {
  const uses = new Map<string, number>();
  for (const ns of s.namespaces) for (const p of ns.pods.known ? activePods(ns.pods.value) : []) {
    const name = p.spec?.runtimeClassName;
    if (name && allowed.includes(name)) uses.set(name, (uses.get(name) ?? 0) + 1);
  }
  return [...uses].sort((a, b) => b[1] - a[1])[0]?.[0] ?? allowed[0];
}

export function hardenTenant(s: TenantSnapshot, audit: TenantAudit, only?: readonly CheckId[]): HardenPlan {
  const hints = audit.checks
    .filter((c) => c.verdict !== 'pass' && (!only || only.includes(c.id)))
    .flatMap((c) => c.fixes.map((f) => ({ ...f, check: c.id }) as FixHint & { check: CheckId }));
  const of = <K extends FixHint['kind']>(kind: K) => hints.filter((h): h is Hint<K> => h.kind === kind);
  const entries = new Map<string, Entry>();
  const put = (object: KubeObject, check: CheckId, comment: string[] = []) => {
    const key = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    const entry = entries.get(key) ?? { object, comment, checks: new Set<CheckId>(), order: ORDER.indexOf(object.kind ?? '') };
    entry.checks.add(check);
    entries.set(key, entry);
  };

  const labels = new Map<string, { labels: Record<string, string>; checks: CheckId[] }>();
  for (const h of of('namespaceLabels')) {
    const current = labels.get(h.namespace) ?? { labels: {}, checks: [] };
    const had = current.labels[ENFORCE_LABEL];
    const wanted = h.labels[ENFORCE_LABEL];
    const merged = { ...current.labels, ...h.labels };
    // Several checks may ask for an enforce level: keep the strictest.
    if (isPssLevel(had) && isPssLevel(wanted) && atLeast(had, wanted)) merged[ENFORCE_LABEL] = had;
    labels.set(h.namespace, { labels: merged, checks: [...current.checks, h.check] });
  }
  for (const [namespace, l] of labels) for (const check of l.checks) put(namespaceLabels(namespace, l.labels), check, [l10n.t('Pod Security: enforce {0}, warn and audit at restricted.', l.labels[ENFORCE_LABEL])]);

  const denied = new Set(of('defaultDenyPolicy').map((h) => h.namespace));
  for (const h of of('defaultDenyPolicy')) put(defaultDenyPolicy(h.namespace), h.check, [l10n.t('Isolates every pod both ways; egress only to the cluster DNS.')]);
  for (const h of of('dnsEgressPolicy')) {
    if (denied.has(h.namespace)) put(defaultDenyPolicy(h.namespace), h.check);
    else put(dnsEgressPolicy(h.namespace), h.check, [l10n.t('Lets every pod reach the cluster DNS; other egress stays denied.')]);
  }

  const quotas = new Map<string, { namespace: string; name: string; existing: boolean; keys: Set<string>; checks: CheckId[] }>();
  for (const h of of('resourceQuota')) {
    const name = h.quota ?? 'tenant-quota';
    const q = quotas.get(`${h.namespace}/${name}`) ?? { namespace: h.namespace, name, existing: !!h.quota, keys: new Set<string>(), checks: [] };
    for (const k of h.keys) q.keys.add(k);
    q.existing ||= !!h.quota;
    q.checks.push(h.check);
    quotas.set(`${h.namespace}/${name}`, q);
  }
  for (const q of quotas.values()) {
    const ns = s.namespaces.find((n) => n.name === q.namespace);
    if (!ns) continue;
    const existing = ns.resourceQuotas.known ? ns.resourceQuotas.value.find((o) => o.metadata.name === q.name) : undefined;
    const sizing = sizeQuota(s, ns, [...q.keys], existing);
    const head = q.existing ? l10n.t('Raises ResourceQuota {0} (only these keys; the others stay as they are):', q.name) : l10n.t('Sized from current usage:');
    for (const check of q.checks) put(resourceQuota(q.namespace, q.name, sizing.hard), check, [head, ...sizing.explain.map((line) => `  ${line}`)]);
  }

  for (const h of of('limitRange')) put(limitRange(h.namespace), h.check, [l10n.t('Default requests and limits for containers that set none.')]);

  const rules = of('runtimeClassRule');
  if (rules.length) {
    const namespaces = [...new Set(rules.flatMap((r) => r.namespaces))].sort();
    const allowed = rules[0].allowed;
    const vms = mayRunVms(s);
    for (const r of rules) {
      if (r.capsule) {
        const fallback = vms ? undefined : preferredClass(s, allowed);
        put(capsuleRuntimeClassRule(r.tenant, allowed, fallback), r.check, [
          l10n.t('Capsule lets {0}\'s pods use only {1}{2}.', r.tenant, allowed.join(', '), fallback ? l10n.t(', and gives {0} to pods that name none', fallback) : ''),
          ...(vms ? [l10n.t('No default: Capsule would also give it to virt-launcher pods; the admission policy below refuses other unsandboxed pods.')] : []),
        ]);
      }
      if (!r.capsule || vms) {
        for (const o of runtimeClassPolicy(`${r.tenant}-runtime-classes`, namespaces, allowed)) put(o, r.check, [l10n.t('Refuses pods in {0} without one of {1} (virt-launcher pods excepted).', namespaces.join(', '), allowed.join(', '))]);
      }
    }
  }

  const sorted = [...entries.values()].sort((a, b) => a.order - b.order);
  return {
    objects: sorted.map((e) => e.object),
    yaml: toCommentedYaml(sorted.map((e) => ({ object: e.object, comment: [`Fixes: ${[...e.checks].join(', ')}.`, ...e.comment] }))),
    fixes: [...new Set(sorted.flatMap((e) => [...e.checks]))],
    manual: of('manual').map((h) => ({ check: h.check, text: h.text })),
  };
}
