// Waits for an action to take effect by watching the VM and its VMI (each a single-object watch, fieldSelector
// metadata.name) — no polling; a watch that keeps failing retries with backoff, and a 404 ends the wait. The verdict comes from the pure rules in model/waitTarget.
import * as l10n from '@vscode/l10n';
import type { LifecycleAction } from '../model/actions';
import type { VirtualMachine, VirtualMachineInstance } from '../model/objects';
import { advance, beginWait, observation, type Observation, type WaitProgress } from '../model/waitTarget';
import type { KubeHttp } from './kubeHttp';
import { kubevirtPath } from './kubevirtPaths';
import type { ActionTarget } from './lifecycle';
import { SingleObjectWatch } from './objectWatch';

export interface WaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  startPaused?: boolean;
  /** Every observed change, e.g. for a progress notification. */
  onProgress?(progress: WaitProgress): void;
}

export interface WaitResult {
  verdict: 'reached' | 'error';
  /** The status reached, or the error status landed in. */
  status?: string;
  reason?: string;
}

export class WaitTimeoutError extends Error {
  constructor(readonly lastStatus: string | undefined, timeoutMs: number, target: string) {
    super(l10n.t('{0} did not get there within {1} s (last status: {2})', target, Math.round(timeoutMs / 1000), lastStatus ?? 'unknown'));
  }
}

type Resource = 'virtualmachines' | 'virtualmachineinstances';

/** The VM (or lone VMI) and its VMI as they are now: the baseline to take before running an action. */
export async function observe(http: KubeHttp, target: ActionTarget): Promise<Observation> {
  const get = <T>(resource: Resource) => http.find<T>(kubevirtPath(resource, target.namespace, target.name));
  const kind = target.kind ?? 'vm';
  const [vm, vmi] = await Promise.all([kind === 'vm' ? get<VirtualMachine>('virtualmachines') : undefined, get<VirtualMachineInstance>('virtualmachineinstances')]);
  return observation(kind, vm, vmi);
}

/** Resolves once the action's target is reached or an error status is landed in; rejects on timeout or abort. */
export function waitForAction(http: KubeHttp, target: ActionTarget, action: LifecycleAction, baseline: Observation, options: WaitOptions = {}): Promise<WaitResult> {
  const kind = target.kind ?? 'vm';
  const timeoutMs = options.timeoutMs ?? 120_000;
  let progress = beginWait(action, baseline, options.startPaused);
  if (progress.verdict !== 'pending') return Promise.resolve({ verdict: progress.verdict, status: progress.status });
  return new Promise<WaitResult>((resolve, reject) => {
    const objects: { vm?: VirtualMachine; vmi?: VirtualMachineInstance } = {};
    const known = new Set<Resource>();
    const watched: Resource[] = kind === 'vm' ? ['virtualmachines', 'virtualmachineinstances'] : ['virtualmachineinstances'];
    const streams: SingleObjectWatch[] = [];
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      for (const s of streams) s.stop();
      outcome();
    };
    const onChange = (resource: Resource, object: unknown) => {
      if (resource === 'virtualmachines') objects.vm = object as VirtualMachine | undefined;
      else objects.vmi = object as VirtualMachineInstance | undefined;
      known.add(resource);
      if (known.size < watched.length) return;
      progress = advance(progress, observation(kind, objects.vm, objects.vmi), options.startPaused);
      options.onProgress?.(progress);
      if (progress.verdict !== 'pending') {
        const { verdict, status, reason } = progress;
        finish(() => resolve({ verdict, status, ...(reason ? { reason } : {}) }));
      }
    };
    const onAbort = () => finish(() => reject(options.signal?.reason ?? new Error('aborted')));
    const timer = setTimeout(() => finish(() => reject(new WaitTimeoutError(progress.status, timeoutMs, `${target.namespace}/${target.name}`))), timeoutMs);
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    for (const resource of watched) {
      streams.push(new SingleObjectWatch(http, kubevirtPath(resource, target.namespace), target.name, (object) => onChange(resource, object), (error) => finish(() => reject(error))));
    }
  });
}
