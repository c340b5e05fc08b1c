// The lifecycle lab (simEnv.ts) with what the everyday operations need served: CDI, snapshot.kubevirt.io and
// clone.kubevirt.io. The developer of simEnv has no rights on snapshots, clones or volumes (the forbidden cases).
import { runAction } from '../../../src/cluster/lifecycle';
import { observe, waitForAction } from '../../../src/cluster/waitFor';
import type { KubeHttp } from '../../../src/cluster/kubeHttp';
import type { LifecycleAction } from '../../../src/model/actions';
import type { KubeObject } from '../../sim/store';
import { labScenario, NS, startLab, type Lab } from '../lifecycle/simEnv';

export { eventually, NS, TOKENS, vm } from '../lifecycle/simEnv';
export type { Lab } from '../lifecycle/simEnv';

export const OPERATION_GROUPS = ['kubevirt.io', 'subresources.kubevirt.io', 'cdi.kubevirt.io', 'snapshot.kubevirt.io', 'clone.kubevirt.io'];

export function startOpsLab(objects: KubeObject[]): Promise<Lab> {
  const scenario = labScenario(objects);
  scenario.clusters[0].groups = OPERATION_GROUPS;
  return startLab(scenario);
}

/** Runs a lifecycle action and waits until the VM got there. */
export async function act(http: KubeHttp, name: string, action: LifecycleAction): Promise<void> {
  const target = { namespace: NS, name };
  const baseline = await observe(http, target);
  await runAction(http, { ...target, action });
  const result = await waitForAction(http, target, action, baseline, { timeoutMs: 20_000 });
  if (result.verdict !== 'reached') throw new Error(`${action} ${name} ended in ${result.status}: ${result.reason}`);
}
