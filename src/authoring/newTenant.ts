// "KubeVirt: New Tenant…": the namespace guardrail bundle.
import * as vscode from 'vscode';
import { COMMON_RUNTIME_CLASSES, runtimeClassDetail } from '../model/generators/microVmWorkload';
import { generateTenant, type PodSecurityLevel } from '../model/generators/tenant';
import { dnsLabel, openGenerated, quantity, Steps } from './prompts';
import type { AuthoringServices } from './services';

export function newTenant(services: AuthoringServices): Promise<vscode.TextDocument | undefined> {
  return openGenerated(services.input, services.targets, async () => {
    const steps = new Steps(services.input, vscode.l10n.t('New Tenant'), 7);
    const name = await steps.text(vscode.l10n.t('Namespace of the tenant'), 'tenant-a', dnsLabel);
    const cpu = await steps.text(vscode.l10n.t('CPU quota (requests and limits)'), '8', quantity);
    const memory = await steps.text(vscode.l10n.t('Memory quota (requests and limits)'), '16Gi', quantity);
    const pods = Number(await steps.text(vscode.l10n.t('Pod quota'), '20', (v) => (/^\d+$/.test(v) ? undefined : vscode.l10n.t('A whole number.'))));
    const level = await steps.pick(
      (['restricted', 'baseline', 'privileged'] as PodSecurityLevel[]).map((label) => ({ label })),
      vscode.l10n.t('Pod Security level enforced on the namespace'),
    );
    const group = await steps.text(vscode.l10n.t('Group bound to the edit role in the namespace'), `${name}-developers`);
    const classes = (await services.providers.runtimeClasses()) ?? COMMON_RUNTIME_CLASSES;
    const allowed = await steps.pickMany(
      classes.map((c) => ({ label: c.name, detail: runtimeClassDetail(c) })),
      vscode.l10n.t('RuntimeClasses the tenant may use (none: no restriction)'),
    );
    return { name, content: generateTenant({ name, cpu, memory, pods, podSecurity: level.label, group, runtimeClasses: allowed.map((a) => a.label) }) };
  });
}
