// spec.runStrategy / deprecated spec.running, as `vm.RunStrategy()` resolves them.
import type { KubeObject } from '../store';

export const RUN_STRATEGIES = ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once', 'WaitAsReceiver'] as const;
export type RunStrategy = (typeof RUN_STRATEGIES)[number];

export interface VmSpec {
  running?: boolean | null;
  runStrategy?: string;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: VmiSpec };
  dataVolumeTemplates?: { metadata: { name: string }; spec?: unknown }[];
  instancetype?: { name: string; kind?: string };
  preference?: { name: string; kind?: string };
}

export interface VmiSpec {
  domain?: {
    features?: { acpi?: { enabled?: boolean } };
    devices?: { autoattachSerialConsole?: boolean; autoattachGraphicsDevice?: boolean };
    [field: string]: unknown;
  };
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string; hotpluggable?: boolean }; dataVolume?: { name: string; hotpluggable?: boolean }; containerDisk?: { image: string } }[];
  nodeSelector?: Record<string, string>;
  livenessProbe?: { guestAgentPing?: unknown; [probe: string]: unknown };
  startStrategy?: string;
  terminationGracePeriodSeconds?: number;
  [field: string]: unknown;
}

export const vmSpec = (vm: KubeObject) => (vm.spec ?? {}) as VmSpec;

export const MUTUALLY_EXCLUSIVE = 'Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead';

/** Throws when both fields are set (as the Go code returns an error). */
export function runStrategyOf(vm: KubeObject): RunStrategy {
  const spec = vmSpec(vm);
  const hasRunning = spec.running !== undefined && spec.running !== null;
  if (hasRunning && spec.runStrategy) throw new Error(MUTUALLY_EXCLUSIVE);
  if (spec.runStrategy) return spec.runStrategy as RunStrategy;
  return spec.running ? 'Always' : 'Halted';
}

/** The same strategy without throwing; `Halted` for a VM the admission would have rejected. */
export function safeRunStrategy(vm: KubeObject): RunStrategy {
  try {
    return runStrategyOf(vm);
  } catch {
    return 'Halted';
  }
}
