// NetworkPolicy checks per namespace: a default deny for ingress and egress (a policy selecting every pod with
// no allow rules, egress rules only for DNS), a DNS exception so pods can still resolve names, and no rule
// that opens the namespace to everyone (no peers, `namespaceSelector: {}`, `0.0.0.0/0`).
import * as l10n from '@vscode/l10n';
import { checkDefinition } from './catalog';
import { agree, combine, listNames, part, worstVerdict, type CheckResult, type Part, type Verdict } from './check';
import type { AuditPod, NetworkPolicyObject, NetworkPolicyPeer, NetworkPolicyPort } from './kinds';
import { describeSelector, isEmptySelector, selectorMatches } from './labelSelector';
import { activePods } from './pods';
import type { NamespaceSnapshot, TenantSnapshot } from './snapshot';

type Direction = 'Ingress' | 'Egress';

/** policyTypes as the API server defaults them: Ingress always, Egress when there are egress rules. */
export function policyTypes(p: NetworkPolicyObject): string[] {
  return p.spec?.policyTypes?.length ? p.spec.policyTypes : ['Ingress', ...(p.spec?.egress?.length ? ['Egress'] : [])];
}

const isolates = (p: NetworkPolicyObject, d: Direction) => policyTypes(p).includes(d);
const namespaceWide = (p: NetworkPolicyObject) => isEmptySelector(p.spec?.podSelector);
const selects = (p: NetworkPolicyObject, pod: AuditPod) => selectorMatches(p.spec?.podSelector, pod.metadata.labels);

/** Ports a namespace's DNS answers on: 53, and 1053 where a vcluster's CoreDNS serves its synced pods. */
const dnsPorts = (vcluster: boolean): (number | string)[] => (vcluster ? [53, 1053] : [53]);

function isDnsPort(port: NetworkPolicyPort, vcluster: boolean): boolean {
  if (typeof port.port === 'string') return /^dns/.test(port.port);
  if (port.port === undefined) return false;
  return dnsPorts(vcluster).includes(port.port);
}

/** Whether a rule lets UDP DNS through: no ports means every port. */
function allowsDns(ports: NetworkPolicyPort[] | undefined, vcluster: boolean): boolean {
  if (!ports?.length) return true;
  return ports.some((p) => (p.protocol ?? 'TCP') === 'UDP' && (isDnsPort(p, vcluster) || (typeof p.port === 'number' && p.endPort !== undefined && p.port <= 53 && p.endPort >= 53)));
}

const dnsOnly = (ports: NetworkPolicyPort[] | undefined, vcluster: boolean) => !!ports?.length && ports.every((p) => isDnsPort(p, vcluster));

function denies(p: NetworkPolicyObject, d: Direction, vcluster: boolean): boolean {
  if (!namespaceWide(p) || !isolates(p, d)) return false;
  return d === 'Ingress' ? !(p.spec?.ingress ?? []).length : (p.spec?.egress ?? []).every((r) => dnsOnly(r.ports, vcluster));
}

interface Finding {
  verdict: Verdict;
  text: string;
}

function peerFinding(peer: NetworkPolicyPeer): Finding | undefined {
  if (peer.namespaceSelector && isEmptySelector(peer.namespaceSelector)) {
    return isEmptySelector(peer.podSelector)
      ? { verdict: 'fail', text: l10n.t('every pod in every namespace (namespaceSelector: {})') }
      : { verdict: 'warn', text: l10n.t('pods labelled {0} in any namespace (tenants set their own pod labels)', describeSelector(peer.podSelector)) };
  }
  const cidr = peer.ipBlock?.cidr;
  if (cidr === '0.0.0.0/0' || cidr === '::/0') return { verdict: peer.ipBlock?.except?.length ? 'warn' : 'fail', text: `${cidr}${peer.ipBlock?.except?.length ? ` except ${peer.ipBlock.except.join(', ')}` : ''}` };
  return undefined;
}

/** Whether a policy's rules for a direction let everyone in (or out): then selecting a pod isolates nothing. */
function opensWide(p: NetworkPolicyObject, d: Direction): boolean {
  const rules = d === 'Ingress' ? (p.spec?.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports })) : (p.spec?.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
  return rules.some((r) => (!r.peers?.length && !r.ports?.length) || (r.peers ?? []).some((peer) => peerFinding(peer)?.verdict === 'fail'));
}

function defaultDenyPart(ns: NamespaceSnapshot, vcluster: boolean): Part {
  if (!ns.networkPolicies.known) return part('unknown', l10n.t('cannot read NetworkPolicies in {0} ({1})', ns.name, ns.networkPolicies.reason));
  const policies = ns.networkPolicies.value;
  const missing = (['Ingress', 'Egress'] as const).filter((d) => !policies.some((p) => denies(p, d, vcluster)));
  if (!missing.length) {
    const names = policies.filter((p) => denies(p, 'Ingress', vcluster) || denies(p, 'Egress', vcluster)).map((p) => p.metadata.name);
    return part('pass', l10n.t('{0}: {1} {2} ingress and egress by default', ns.name, listNames(names), agree(names.length, 'denies', 'deny')));
  }
  const what = missing.map((d) => d.toLowerCase()).join(' and ');
  const fix = [{ kind: 'defaultDenyPolicy' as const, namespace: ns.name }];
  const pods = ns.pods.known ? activePods(ns.pods.value) : [];
  const covered = pods.length > 0 && pods.every((pod) => missing.every((d) => policies.some((p) => isolates(p, d) && selects(p, pod) && !opensWide(p, d))));
  if (covered) {
    const names = policies.filter((p) => !namespaceWide(p)).map((p) => p.metadata.name);
    return part('warn', l10n.t('{0} has no namespace-wide default deny for {1}; its current pods are isolated by {2}, new pods with other labels would not be', ns.name, what, listNames(names)), fix);
  }
  return part('fail', l10n.t('{0} has no default-deny NetworkPolicy for {1}', ns.name, what), fix);
}

function dnsPart(ns: NamespaceSnapshot, vcluster: boolean): Part {
  if (!ns.networkPolicies.known) return part('unknown', l10n.t('cannot read NetworkPolicies in {0} ({1})', ns.name, ns.networkPolicies.reason));
  const egressPolicies = ns.networkPolicies.value.filter((p) => isolates(p, 'Egress'));
  if (!egressPolicies.length) return part('pass', l10n.t('egress from {0} is not restricted, so DNS is reachable (see the default-deny check)', ns.name));
  const dnsPolicies = egressPolicies.filter((p) => (p.spec?.egress ?? []).some((r) => allowsDns(r.ports, vcluster)));
  const wide = dnsPolicies.find(namespaceWide);
  if (wide) return part('pass', l10n.t('{0}: {1} lets every pod reach DNS', ns.name, wide.metadata.name));
  const pods = ns.pods.known ? activePods(ns.pods.value) : [];
  const isolated = pods.filter((pod) => egressPolicies.some((p) => selects(p, pod)));
  if (!egressPolicies.some(namespaceWide) && isolated.length && isolated.every((pod) => dnsPolicies.some((p) => selects(p, pod)))) {
    return part('pass', l10n.t('{0}: every pod with restricted egress may reach DNS ({1})', ns.name, listNames(dnsPolicies.map((p) => p.metadata.name))));
  }
  return part('warn', l10n.t('{0} restricts egress but no rule lets all its pods reach DNS on UDP {1}', ns.name, dnsPorts(vcluster).join('/')), [{ kind: 'dnsEgressPolicy', namespace: ns.name }]);
}

const portList = (ports: NetworkPolicyPort[]) => ports.map((p) => `${p.protocol ?? 'TCP'} ${p.port ?? 'any'}`).join(', ');

function policyFindings(p: NetworkPolicyObject, vcluster: boolean): Finding[] {
  const findings: Finding[] = [];
  const rules = [
    ...(p.spec?.ingress ?? []).map((r) => ({ egress: false, d: l10n.t('ingress from'), peers: r.from, ports: r.ports })),
    ...(p.spec?.egress ?? []).map((r) => ({ egress: true, d: l10n.t('egress to'), peers: r.to, ports: r.ports })),
  ];
  for (const r of rules) {
    if (!r.peers?.length) {
      if (r.egress && dnsOnly(r.ports, vcluster)) continue;
      findings.push(r.ports?.length ? { verdict: 'warn', text: l10n.t('{0} allows {1} anywhere on {2}', p.metadata.name, r.d, portList(r.ports)) } : { verdict: 'fail', text: r.egress ? l10n.t('{0} allows all egress traffic', p.metadata.name) : l10n.t('{0} allows all ingress traffic', p.metadata.name) });
      continue;
    }
    for (const peer of r.peers) {
      const f = peerFinding(peer);
      if (f) findings.push({ verdict: f.verdict, text: `${p.metadata.name} allows ${r.d} ${f.text}` });
    }
  }
  return findings;
}

function wildcardPart(ns: NamespaceSnapshot, vcluster: boolean): Part {
  if (!ns.networkPolicies.known) return part('unknown', l10n.t('cannot read NetworkPolicies in {0} ({1})', ns.name, ns.networkPolicies.reason));
  const policies = ns.networkPolicies.value;
  const findings = policies.flatMap((p) => policyFindings(p, vcluster).map((f) => ({ ...f, policy: p.metadata.name })));
  if (!findings.length) return part('pass', policies.length ? l10n.t('{0}: no NetworkPolicy allows a wildcard peer', ns.name) : l10n.t('{0} has no NetworkPolicies to open it (see the default-deny check)', ns.name));
  const verdict = worstVerdict(findings.map((f) => f.verdict));
  const worst = findings.filter((f) => f.verdict === verdict);
  const names = [...new Set(findings.map((f) => f.policy))];
  return part(verdict, `${ns.name}: ${worst[0].text}${worst.length > 1 ? ` (+${worst.length - 1} more)` : ''}`,
    [{ kind: 'manual', text: l10n.t('Narrow the peers of {0} in {1} to the namespaces and pods that need access.', listNames(names), ns.name), objects: names.map((name) => ({ kind: 'NetworkPolicy', name, namespace: ns.name })) }],
    findings.map((f) => `${ns.name}/${f.text}`));
}

export function networkPolicyChecks(s: TenantSnapshot): CheckResult[] {
  const vclusterHosts = new Set(s.tenant.virtualClusters.map((v) => v.namespace));
  const each = (f: (ns: NamespaceSnapshot, vcluster: boolean) => Part) => s.namespaces.map((ns) => f(ns, vclusterHosts.has(ns.name)));
  const none = l10n.t('the tenant has no namespaces to check');
  return [
    combine(checkDefinition('netpol-default-deny'), each(defaultDenyPart), none),
    combine(checkDefinition('netpol-dns'), each(dnsPart), none),
    combine(checkDefinition('netpol-wildcard'), each(wildcardPart), none),
  ];
}
