// Waits for an action to take effect by watching the VM and its VMI (each a single-object watch, fieldSelector
// metadata.name) — no polling; a watch that keeps failing retries with backoff, and a 404 ends the wait. The verdict comes from the pure rules in model/waitTarget.
import type { LifecycleAction } from '../model/actions';
import type { VirtualMachine, VirtualMachineInstance } from '../model/objects';
import { advance, beginWait, observation, type Observation, type WaitProgress } from '../model/waitTarget';
import type { WatchHandle } from './apiClient';
import { Backoff } from './backoff';
import { failureCode, KubeApiError } from './errors';
import type { KubeHttp } from './kubeHttp';
import { kubevirtPath } from './kubevirtPaths';
import type { ActionTarget } from './lifecycle';

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
    super(`${target} did not get there within ${Math.round(timeoutMs / 1000)} s (last status: ${lastStatus ?? 'unknown'})`);
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

/**
 * List + watch of one object by name. The list gives the current state and the resourceVersion to watch from;
 * when the stream ends (server timeout, 410 Gone, network) it lists and watches again, backing off while it keeps
 * failing, until stopped. A 401, 403 or 404 is final: waiting cannot succeed without read access to something
 * that is served.
 */
class SingleObjectWatch {
  private stopped = false;
  private handle?: WatchHandle;
  private retry?: NodeJS.Timeout;
  private readonly backoff = new Backoff({ initialMs: 500, maxMs: 10_000 });
  private readonly query: { fieldSelector: string };

  constructor(
    private readonly http: KubeHttp,
    private readonly collection: string,
    name: string,
    private readonly onObject: (object: unknown) => void,
    private readonly onFatal: (error: unknown) => void,
  ) {
    this.query = { fieldSelector: `metadata.name=${name}` };
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.handle?.stop();
  }

  private async run(): Promise<void> {
    let ended = false;
    let opened = false;
    const end = (error: unknown) => {
      if (ended || this.stopped) return;
      ended = true;
      this.handle?.stop();
      const code = failureCode(error);
      if (code === 401 || code === 403 || code === 404) return this.onFatal(error);
      // A watch that opened and then ended (a server-side timeout) resumes at once; failures back off.
      if (opened && !error) this.backoff.reset();
      this.again(opened && !error ? 0 : this.backoff.next());
    };
    try {
      const list = await this.http.call<{ metadata?: { resourceVersion?: string }; items?: unknown[] }>('GET', this.collection, { query: this.query });
      if (this.stopped) return;
      this.onObject(list.items?.[0]);
      const query = { ...this.query, resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true };
      this.handle = this.http.watch(this.collection, query, {
        onOpen: () => (opened = true),
        onEvent: (type, object) => {
          if (this.stopped || ended) return;
          if (type === 'ADDED' || type === 'MODIFIED') this.onObject(object);
          else if (type === 'DELETED') this.onObject(undefined);
          else if (type === 'ERROR') end(KubeApiError.fromResponse((object as { code?: number } | undefined)?.code ?? 500, object));
        },
        onDone: (error) => end(error),
      });
    } catch (error) {
      end(error);
    }
  }

  private again(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.run(), delayMs);
  }
}
