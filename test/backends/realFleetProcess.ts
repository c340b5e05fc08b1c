// A scenario on real control planes, started in a process of its own: `node realFleetProcess.js <scenario.json>
// <stepDelayMs>` prints one line `ready <json>` (the kubeconfig and each cluster's URL, CA, groups and a cluster
// admin's credentials) and stops everything once its stdin closes or it gets SIGTERM. The extension host starts
// its real fleets this way (startRealFleetProcess): key generation, loading and the KubeVirt simulation would
// otherwise run on the host's event loop, which then misses VS Code's deadlines (save participants get 1.75 s).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { requireControlPlane } from '../controlplane/binaries';
import { LAUNCHER_ADMIN } from '../controlplane/launcher';
import { RestClient, type Credentials } from '../controlplane/rest';
import { startRealScenario } from '../controlplane/scenario';
import type { Scenario } from '../sim/scenario';
import { ClusterApi } from './clusterApi';
import type { TestCluster, TestFleet } from './fleet';

interface ReadyCluster {
  name: string;
  url: string;
  caPem: string;
  groups: readonly string[];
  /** Undefined for an offline cluster. */
  admin?: Credentials;
}

interface Ready {
  kubeconfig: string;
  clusters: ReadyCluster[];
}

/** Starts `scenario` on real control planes in a child process; `stop()` ends it and everything it started. */
export async function startRealFleetProcess(scenario: Scenario, stepDelayMs: number, makeFleet: (clusters: TestCluster[], kubeconfig: () => string, stop: () => Promise<void>) => TestFleet): Promise<TestFleet> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-real-fleet-'));
  const file = path.join(dir, 'scenario.json');
  fs.writeFileSync(file, JSON.stringify(scenario));
  // In desktop VS Code the host's executable is Electron: run it as Node.
  const child = spawn(process.execPath, [__filename, file, String(stepDelayMs)], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.stdin.end();
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const ready = await new Promise<Ready>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('ready ')) resolve(JSON.parse(line.slice('ready '.length)) as Ready);
      else console.log(line);
    });
    child.once('exit', (code) => reject(new Error(`the real fleet's process exited with code ${code} before it was ready`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const clusters = ready.clusters.map((c): TestCluster => ({
    name: c.name, url: c.url, caPem: c.caPem,
    api: c.admin && new ClusterApi(new RestClient(c.url, c.caPem, c.admin, { maxSockets: 8, userAgent: 'kubevirt-workbench-tests' }), c.groups),
  }));
  return makeFleet(clusters, () => ready.kubeconfig, stop);
}

async function main(file: string, stepDelayMs: number): Promise<void> {
  const scenario = JSON.parse(fs.readFileSync(file, 'utf8')) as Scenario;
  const real = await startRealScenario(scenario, { binaries: await requireControlPlane(), stepDelayMs });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= real.stop().then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.on('SIGTERM', stop);
  process.stdin.resume();
  const ready: Ready = {
    kubeconfig: real.kubeconfig(),
    clusters: real.clusters.map((c) => ({ name: c.name, url: c.url, caPem: c.caPem, groups: c.groups, admin: c.controlPlane?.credentials(LAUNCHER_ADMIN.name) })),
  };
  console.log(`ready ${JSON.stringify(ready)}`);
}

if (require.main === module) {
  main(process.argv[2], Number(process.argv[3] ?? 0)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
