// "KubeVirt: New MicroVM Workload…": Pod or Deployment, cluster and namespace, RuntimeClass (with its isolation and
// overhead), name, image → an untitled `<name>.yaml` that Apply sends to the chosen cluster.
import * as vscode from 'vscode';
import { COMMON_RUNTIME_CLASSES, generateMicroVmWorkload, runtimeClassDetail } from '../model/generators/microVmWorkload';
import type { RuntimeClassInfo } from '../model/runtimeClasses';
import type { FleetNode } from '../views/nodes';
import { askPlacement, originOf, placementSteps } from './placement';
import { dnsLabel, openGenerated, Steps } from './prompts';
import type { AuthoringServices } from './services';

export function newMicroVmWorkload(services: AuthoringServices, node?: FleetNode): Promise<vscode.TextDocument | undefined> {
  return openGenerated(services.input, services.targets, async () => {
    const origin = originOf(node);
    const steps = new Steps(services.input, vscode.l10n.t('New MicroVM Workload'), 4 + placementSteps(origin));
    // l10n-ignore: Kubernetes kinds
    const kind = await steps.pick([{ label: 'Deployment' as const }, { label: 'Pod' as const }], vscode.l10n.t('Kind of workload'));
    const check = kind.label === 'Pod' ? { verb: 'create', group: '', resource: 'pods' } : { verb: 'create', group: 'apps', resource: 'deployments' };
    const { context, namespace } = await askPlacement(steps, services.fleet(), origin, { kind: kind.label, check, needsKubeVirt: false });
    const offered = isolating((context ? await services.providers.runtimeClasses(context) : undefined) ?? []);
    const runtimeClass = await steps.pick(
      (offered.length ? offered : isolating(COMMON_RUNTIME_CLASSES)).map((c) => ({ label: c.name, detail: runtimeClassDetail(c) })),
      offered.length ? 'RuntimeClass' : vscode.l10n.t('RuntimeClass (common handlers: no cluster to list them from)'),
    );
    const name = await steps.text(vscode.l10n.t('Name of the {0} in {1}', kind.label, namespace), 'my-app', dnsLabel);
    const image = await steps.text(vscode.l10n.t('Container image'), 'nginxinc/nginx-unprivileged:stable');
    const content = generateMicroVmWorkload({ kind: kind.label, name, namespace, image, runtimeClassName: runtimeClass.label });
    return { name, content, ...(context ? { context } : {}) };
  });
}

function isolating(classes: readonly RuntimeClassInfo[]): RuntimeClassInfo[] {
  return classes.filter((c) => c.isolation.class !== 'container');
}
