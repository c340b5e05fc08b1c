// Restore… as one step for the UI: KubeVirt restores only a VM without a VMI, so a VM that runs is stopped first
// (after the user agreed) and followed to Stopped, then the VirtualMachineRestore is created and followed to
// status.complete. Each stage reports a line of progress; the signal cancels the wait (not what the server started).
import * as l10n from '@vscode/l10n';
import type { Ending } from '../model/judgement';
import type { KubeHttp } from './kubeHttp';
import { runAction } from './lifecycle';
import { restoreSnapshot, waitForRestore } from './snapshots';
import { observe, waitForAction } from './waitFor';

export interface RestoreOptions {
  /** Stop the VM first when it is not Stopped; without it a running VM makes the restore wait and then fail. */
  stopFirst: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?(line: string): void;
}

export async function restoreVm(http: KubeHttp, vm: { namespace: string; name: string }, snapshotName: string, restoreName: string, options: RestoreOptions): Promise<Ending> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  if (options.stopFirst) {
    const baseline = await observe(http, vm);
    if (baseline.exists && baseline.status !== 'Stopped') {
      options.onProgress?.(`Stopping ${vm.name}`);
      await runAction(http, { ...vm, action: 'stop' });
      const stopped = await waitForAction(http, vm, 'stop', baseline, { timeoutMs, signal: options.signal });
      if (stopped.verdict !== 'reached') return { outcome: 'failed', message: l10n.t('{0} did not stop: it is {1}{2}.', vm.name, String(stopped.status), stopped.reason ? ` (${stopped.reason})` : '') };
    }
  }
  options.onProgress?.(`Restoring ${snapshotName}`);
  await restoreSnapshot(http, vm, snapshotName, restoreName);
  return waitForRestore(http, vm.namespace, restoreName, { timeoutMs, signal: options.signal, onProgress: (line) => line && options.onProgress?.(line) });
}
