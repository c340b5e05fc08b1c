// "KubeVirt: New MicroVM Workload…": Pod or Deployment, RuntimeClass (with its isolation and overhead), image.
import { COMMON_RUNTIME_CLASSES, generateMicroVmWorkload, runtimeClassDetail } from '../model/generators/microVmWorkload';
import { dnsLabel, openGenerated, Steps } from './prompts';
import type { AuthoringProviders } from './providers';

export function newMicroVmWorkload(providers: AuthoringProviders): Promise<void> {
  return openGenerated(async () => {
    const steps = new Steps('New MicroVM Workload', 4);
    const kind = await steps.pick([{ label: 'Deployment' as const }, { label: 'Pod' as const }], 'Kind of workload');
    const classes = (await providers.runtimeClasses()) ?? COMMON_RUNTIME_CLASSES;
    const runtimeClass = await steps.pick(
      classes.filter((c) => c.isolation.class !== 'container').map((c) => ({ label: c.name, detail: runtimeClassDetail(c) })),
      'RuntimeClass',
    );
    const name = await steps.input('Name', 'my-app', dnsLabel);
    const image = await steps.input('Container image', 'nginxinc/nginx-unprivileged:stable');
    return generateMicroVmWorkload({ kind: kind.label, name, image, runtimeClassName: runtimeClass.label });
  });
}
