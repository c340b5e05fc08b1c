// "New MicroVM Workload": a Pod or Deployment whose RuntimeClass runs it in a Kata microVM or a gVisor sandbox.
import * as l10n from '@vscode/l10n';
import { runtimeClassInfo, type RuntimeClassInfo } from '../runtimeClasses';
import { toYaml } from './yamlOutput';

/** The RuntimeClasses kata-deploy and gVisor's quick start create, offered when no cluster can be asked. */
export const COMMON_RUNTIME_CLASSES: readonly RuntimeClassInfo[] = [
  { name: 'kata-qemu', handler: 'kata-qemu', memory: '160Mi' },
  { name: 'kata-clh', handler: 'kata-clh', memory: '130Mi' },
  { name: 'kata-fc', handler: 'kata-fc', memory: '130Mi' },
  { name: 'kata-dragonball', handler: 'kata-dragonball', memory: '130Mi' },
  { name: 'gvisor', handler: 'runsc' },
].map(({ name, handler, memory }) =>
  runtimeClassInfo({ metadata: { name }, handler, ...(memory ? { overhead: { podFixed: { memory, cpu: '250m' } } } : {}) }),
);

/** One line for a picker: isolation and the overhead the RuntimeClass adds to every pod. */
export function runtimeClassDetail(info: RuntimeClassInfo): string {
  const isolation = info.isolation.class === 'microvm' ? 'microVM' : info.isolation.class === 'sandbox' ? l10n.t('user-space kernel sandbox') : l10n.t('shared host kernel');
  const overhead = info.overhead ? Object.entries(info.overhead).map(([k, v]) => `${k} ${v}`).join(', ') : 'none';
  return `${info.isolation.label} · ${isolation} · handler ${info.handler} · overhead ${overhead}`;
}

export interface WorkloadOptions {
  kind: 'Pod' | 'Deployment';
  name: string;
  namespace?: string;
  image: string;
  runtimeClassName: string;
  replicas?: number;
}

export function generateMicroVmWorkload(options: WorkloadOptions): string {
  const labels = { app: options.name };
  const metadata = { name: options.name, ...(options.namespace ? { namespace: options.namespace } : {}) };
  const podSpec = {
    runtimeClassName: options.runtimeClassName,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: options.name,
        image: options.image,
        // Kata sizes the microVM from the limits; the RuntimeClass overhead is added on top.
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
  };
  const object =
    options.kind === 'Pod'
      ? { apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata, labels }, spec: podSpec }
      : {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata,
          spec: { replicas: options.replicas ?? 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
        };
  return toYaml([object]);
}
