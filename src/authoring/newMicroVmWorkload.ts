// "KubeVirt: New MicroVM Workload…": Pod or Deployment, RuntimeClass (with its isolation and overhead), image.
import { COMMON_RUNTIME_CLASSES, generateMicroVmWorkload, runtimeClassDetail } from '../model/generators/microVmWorkload';
import type { RuntimeClassInfo } from '../model/runtimeClasses';
import { dnsLabel, openGenerated, Steps } from './prompts';
import type { AuthoringProviders } from './providers';

export function newMicroVmWorkload(providers: AuthoringProviders): Promise<void> {
  return openGenerated(async () => {
    const steps = new Steps('New MicroVM Workload', 4);
    const kind = await steps.pick([{ label: 'Deployment' as const }, { label: 'Pod' as const }], 'Kind of workload');
    const offered = isolating((await providers.runtimeClasses()) ?? []);
    const runtimeClass = await steps.pick(
      (offered.length ? offered : isolating(COMMON_RUNTIME_CLASSES)).map((c) => ({ label: c.name, detail: runtimeClassDetail(c) })),
      offered.length ? 'RuntimeClass' : 'RuntimeClass (common handlers: no cluster to list them from)',
    );
    const name = await steps.input('Name', 'my-app', dnsLabel);
    const image = await steps.input('Container image', 'nginxinc/nginx-unprivileged:stable');
    return generateMicroVmWorkload({ kind: kind.label, name, image, runtimeClassName: runtimeClass.label });
  });
}

function isolating(classes: readonly RuntimeClassInfo[]): RuntimeClassInfo[] {
  return classes.filter((c) => c.isolation.class !== 'container');
}
