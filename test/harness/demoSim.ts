// The demo scenario's simulated clusters for UI tests and `npm run demo`, with the kubeconfig that points
// the extension at them; and the same scenario on real control planes for the UI tests that run there too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireControlPlane } from '../controlplane/binaries';
import { startRealScenario, type RealScenario } from '../controlplane/scenario';
import { startScenario, type RunningScenario } from '../sim/scenario';
import { loadScenario } from '../sim/scenarios';
import type { RunDir } from './runDir';

export interface DemoSim {
  sim: RunningScenario;
  kubeconfig: string;
}

/** `stepDelayMs`: 0 makes lifecycle transitions immediate (tests); about 1000 lets a person watch them. */
export async function startDemoSim(run: RunDir, stepDelayMs: number): Promise<DemoSim> {
  const sim = await startScenario(loadScenario('demo'), { stepDelayMs });
  const kubeconfig = path.join(run.root, 'demo-kubeconfig.yaml');
  fs.writeFileSync(kubeconfig, sim.kubeconfig(), { mode: 0o600 });
  return { sim, kubeconfig };
}

export interface RealDemo {
  real: RealScenario;
  kubeconfig: string;
}

/** The demo on real control planes with the KubeVirt simulation (the binaries must be built already). */
export async function startRealDemo(run: RunDir): Promise<RealDemo> {
  const real = await startRealScenario(loadScenario('demo'), { binaries: await requireControlPlane(), stepDelayMs: 0, parentDir: path.join(run.root, 'real-demo') });
  const kubeconfig = path.join(run.root, 'demo-real-kubeconfig.yaml');
  fs.writeFileSync(kubeconfig, real.kubeconfig(), { mode: 0o600 });
  return { real, kubeconfig };
}

/** A KUBECONFIG that names no file, so tests never see the developer's own ~/.kube/config. */
export function noKubeconfig(run: RunDir): string {
  return path.join(run.root, 'no-kubeconfig.yaml');
}
