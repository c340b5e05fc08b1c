// Whether a namespace's pods must run sandboxed (Kata microVM, gVisor; KubeVirt VMs count as VM-isolated):
// the namespace label `kubevirt-workbench.io/sandbox` says `required` or `exempt`; without it the setting
// decides (`labelled`: not required, `all`: required).
import * as l10n from '@vscode/l10n';
import { known, unknown, type Known } from './known';
import { SANDBOX_LABEL, type AuditSettings, type NamespaceSnapshot } from './snapshot';

export function sandboxRequired(ns: NamespaceSnapshot, settings: AuditSettings): Known<boolean> {
  if (!ns.namespace.known) {
    return unknown(l10n.t('cannot tell whether {0} requires sandboxing: its labels are unreadable ({1})', ns.name, ns.namespace.reason));
  }
  const label = ns.namespace.value.metadata.labels?.[SANDBOX_LABEL];
  if (label === 'required') return known(true);
  if (label === 'exempt') return known(false);
  return known(settings.sandbox === 'all');
}

/** Why the namespace requires sandboxing or not, for whys. */
export function requirementReason(ns: NamespaceSnapshot, settings: AuditSettings): string {
  const label = ns.namespace.known ? ns.namespace.value.metadata.labels?.[SANDBOX_LABEL] : undefined;
  if (label === 'required' || label === 'exempt') return `label ${SANDBOX_LABEL}=${label}`;
  return settings.sandbox === 'all' ? l10n.t('every tenant must be sandboxed (setting)') : l10n.t('no {0}=required label', SANDBOX_LABEL);
}
