// Reading the rules a SelfSubjectRulesReview returns: does the user get to read workloads in that namespace,
// and which namespaces are named in rules on `namespaces` (a user who may not list namespaces may still be
// allowed to get some by name).

export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

const READ_VERBS = ['get', 'list', 'watch', '*'];

const has = (list: readonly string[] | undefined, value: string) => !!list && (list.includes('*') || list.includes(value));

/** True when some rule grants a read verb on one of the resources (`{ group: 'kubevirt.io', resource: 'virtualmachines' }`). */
export function grantsRead(rules: readonly ResourceRule[], resources: readonly { group: string; resource: string }[]): boolean {
  return rules.some(
    (rule) =>
      rule.verbs.some((v) => READ_VERBS.includes(v)) &&
      resources.some((r) => has(rule.apiGroups, r.group) && has(rule.resources, r.resource)),
  );
}

/** Namespace names from rules that grant reading `namespaces` by name. */
export function namespacesNamedIn(rules: readonly ResourceRule[]): string[] {
  const names = rules
    .filter((rule) => rule.verbs.some((v) => READ_VERBS.includes(v)) && has(rule.apiGroups, '') && has(rule.resources, 'namespaces'))
    .flatMap((rule) => rule.resourceNames ?? []);
  return [...new Set(names)].sort();
}
