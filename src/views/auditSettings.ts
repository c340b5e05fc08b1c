// The guardrail audit's settings: which tenants must run sandboxed, and the platform administrators whose
// bindings inside tenant namespaces are not the tenant's (`User:name`, `Group:name`, `ServiceAccount:ns:name`).
import * as vscode from 'vscode';
import type { Subject } from '../model/guardrails/kinds';
import type { AuditSettings } from '../model/guardrails/snapshot';

export const AUDIT_SETTINGS = ['kubevirtWorkbench.guardrails.sandbox', 'kubevirtWorkbench.guardrails.platformSubjects'];

function subjectOf(text: string): Subject | undefined {
  const [kind, ...rest] = text.trim().split(':');
  if ((kind === 'User' || kind === 'Group') && rest.length) return { kind, name: rest.join(':') };
  if (kind === 'ServiceAccount' && rest.length === 2 && rest[0] && rest[1]) return { kind, namespace: rest[0], name: rest[1] };
  return undefined;
}

export function auditSettings(): AuditSettings {
  const config = vscode.workspace.getConfiguration('kubevirtWorkbench.guardrails');
  const sandbox = config.get<string>('sandbox') === 'all' ? 'all' : 'labelled';
  const platformSubjects = config.get<string[]>('platformSubjects', []).map(subjectOf).filter((s): s is Subject => s !== undefined);
  return { sandbox, platformSubjects };
}
