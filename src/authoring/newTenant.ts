// "KubeVirt: New Tenant…": the namespace guardrail bundle.
import * as vscode from 'vscode';
import { COMMON_RUNTIME_CLASSES, runtimeClassDetail } from '../model/generators/microVmWorkload';
import { generateTenant, type PodSecurityLevel } from '../model/generators/tenant';
import { dnsLabel, openGenerated, Steps } from './prompts';
import type { AuthoringProviders } from './providers';

const quantity = (v: string) => (/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.test(v) ? undefined : 'A Kubernetes quantity, e.g. 8, 500m or 16Gi.');

export function newTenant(providers: AuthoringProviders): Promise<void> {
  return openGenerated(async () => {
    const steps = new Steps('New Tenant', 7);
    const name = await steps.input('Namespace of the tenant', 'tenant-a', dnsLabel);
    const cpu = await steps.input('CPU quota (requests and limits)', '8', quantity);
    const memory = await steps.input('Memory quota (requests and limits)', '16Gi', quantity);
    const pods = Number(await steps.input('Pod quota', '20', (v) => (/^\d+$/.test(v) ? undefined : 'A whole number.')));
    const level = await steps.pick(
      (['restricted', 'baseline', 'privileged'] as PodSecurityLevel[]).map((label) => ({ label })),
      'Pod Security level enforced on the namespace',
    );
    const group = await steps.input('Group bound to the edit role in the namespace', `${name}-developers`);
    const classes = (await providers.runtimeClasses()) ?? COMMON_RUNTIME_CLASSES;
    const allowed = await vscode.window.showQuickPick(
      classes.map((c) => ({ label: c.name, detail: runtimeClassDetail(c) })),
      { title: 'New Tenant (7/7)', placeHolder: 'RuntimeClasses the tenant may use (none: no restriction)', canPickMany: true, ignoreFocusOut: true },
    );
    return generateTenant({ name, cpu, memory, pods, podSecurity: level.label, group, runtimeClasses: (allowed ?? []).map((a) => a.label) });
  });
}
