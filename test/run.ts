// `npm test`: builds (or reuses) the test control plane while VS Code's toolchain is provisioned, then unit tests
// (against the in-process simulator), tests against real control planes (etcd + kube-apiserver +
// kube-controller-manager with the KubeVirt simulation; the cluster-layer suites among them), tests inside a real VS
// Code extension host (on the in-process simulator, then the suites marked for it on real control planes), and UI
// tests against the workbench in headless Chromium (on the simulated demo, then the ones marked for it on the demo
// on real control planes). Ends with "N passed, N failed" and a non-zero exit code when any test failed or a layer
// could not run. While working on one thing: `npm test -- --layer host --grep <pattern>` runs the named layers
// only (unit, real, host, ui; repeat --layer for several), and only the tests (or UI tests) whose title matches.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CodeServer, startCodeServer } from './harness/codeServer';
import { noKubeconfig, startDemoSim, startRealDemo, type DemoSim } from './harness/demoSim';
import { findDesktopVSCode, runHostTestsInDesktop } from './harness/desktopHost';
import { seconds } from './harness/exec';
import { runHostTestsInCodeServer } from './harness/hostTests';
import { GREP_ENV, MochaCounts } from './harness/mocha';
import { ensureToolchain, type Toolchain } from './harness/provision';
import { ensureControlPlane, type ControlPlaneBinaries } from './controlplane/binaries';
import { BACKEND_ENV } from './backends/fleet';
import { createRunDir, removeRunDir } from './harness/runDir';
import { runUiTests } from './harness/uiTests';
import { runRealTests, runUnitTests } from './harness/unitTests';

const { values: args } = parseArgs({
  options: {
    layer: { type: 'string', multiple: true },
    grep: { type: 'string' },
  },
});
const runs = (layer: string) => !args.layer?.length || args.layer.includes(layer);
if (args.grep) process.env[GREP_ENV] = args.grep;

interface LayerReport {
  name: string;
  passed: number;
  failed: number;
  time: string;
  note: string;
}

async function layer(name: string, body: () => Promise<{ counts: MochaCounts; note?: string }>): Promise<LayerReport> {
  console.log(`\n=== ${name} tests ===`);
  const started = Date.now();
  try {
    const { counts, note } = await body();
    const pending = counts.pending > 0 ? `${counts.pending} pending` : undefined;
    const retried = counts.retried ? `${counts.retried} passed on a second attempt` : undefined;
    const notes = [note, pending, retried].filter((n) => n !== undefined).join(', ');
    return { name, passed: counts.passed, failed: counts.failed, time: seconds(started), note: notes };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.log(`${name}: could not run: ${message}`);
    // A layer that could not run counts as one failure so the total can never look green.
    return { name, passed: 0, failed: 1, time: seconds(started), note: 'could not run' };
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const run = createRunDir('test');
  const folder = run.workspace;
  const vscodeLayers = runs('host') || runs('ui');

  // The Go build of the control plane (minutes, once) and the Node/code-server install (minutes, once) overlap.
  console.log('\n=== setup: control plane and toolchain ===');
  const toolchain: Promise<Toolchain> | undefined = vscodeLayers ? ensureToolchain() : undefined;
  toolchain?.catch(() => undefined);
  const binaries: Promise<ControlPlaneBinaries> | undefined = runs('real') || runs('host') || runs('ui') ? ensureControlPlane() : undefined;
  binaries?.catch((error: unknown) => console.log(`setup: no control plane: ${error instanceof Error ? error.message : String(error)}`));
  await Promise.allSettled([binaries]);

  const reports: LayerReport[] = runs('unit') ? [await layer('unit', async () => ({ ...(await runUnitTests(run)), note: 'in-process simulator' }))] : [];
  if (binaries && runs('real')) {
    reports.push(
      await layer('real', async () => {
        const { version, origin, kubeControllerManager } = await binaries;
        const counts = await runRealTests(run);
        return { ...counts, note: `real kube-apiserver ${version}, ${origin}${kubeControllerManager ? '' : ', no kube-controller-manager'}, with the KubeVirt simulation` };
      }),
    );
  }
  if (!toolchain) return summary(reports, run, started);

  console.log('\n=== setup ===');
  let server: CodeServer | undefined;
  let demo: DemoSim | undefined;
  let setupError: unknown;
  const setupStarted = Date.now();
  try {
    demo = await startDemoSim(run, 0);
    server = await startCodeServer(await toolchain, run, { smokeTestDriver: true });
    console.log(`setup: ready in ${seconds(setupStarted)}`);
  } catch (error) {
    setupError = error;
  }
  const needServer = (): CodeServer => {
    if (!server) {
      throw setupError;
    }
    return server;
  };
  // Host tests start their own clusters (simulated, or real ones); nothing else may leak in from ~/.kube/config.
  const isolated = { KUBECONFIG: noKubeconfig(run), ...(args.grep ? { [GREP_ENV]: args.grep } : {}) };

  /** The host suite in desktop VS Code when there is one, else in code-server; `env` goes to the extension host. */
  const hostRun = async (env: Record<string, string>, hostFolder = folder): Promise<{ counts: MochaCounts; host: string }> => {
    const desktop = await findDesktopVSCode();
    if (desktop) return { counts: await runHostTestsInDesktop(desktop, { run, folder: hostFolder, extensionEnv: env }), host: 'desktop VS Code' };
    return { counts: await runHostTestsInCodeServer(needServer(), { run, folder: hostFolder, extensionEnv: env }), host: 'code-server' };
  };

  try {
    if (runs('host')) {
      reports.push(
        await layer('host', async () => {
          const { counts, host } = await hostRun(isolated);
          return { counts, note: `${host}, in-process simulator` };
        }),
      );
    }
    if (runs('host') && binaries) {
      reports.push(
        await layer('host', async () => {
          const { version } = await binaries;
          // The marked suites start their fleets on real control planes from inside the extension host, one per
          // suite (the tests change the demo, as on the simulator); their data and logs go under the run folder.
          // A workspace of its own, too: the workbench restores the editors (untitled ones with their text) left in a folder.
          const tmp = path.join(run.root, 'host-real', 'tmp');
          const realFolder = path.join(run.root, 'host-real', 'workspace');
          for (const dir of [tmp, realFolder]) fs.mkdirSync(dir, { recursive: true });
          const { counts, host } = await hostRun({ ...isolated, [BACKEND_ENV]: 'real', TMPDIR: tmp }, realFolder);
          return { counts, note: `${host}, real kube-apiserver ${version} with the KubeVirt simulation, the suites marked for it` };
        }),
      );
    }
    if (runs('ui')) {
      reports.push(
        await layer('ui', async () => {
          if (!demo) throw setupError;
          // A workspace of their own: the workbench restores a folder's editors, and the host tests leave some open.
          const uiFolder = path.join(run.root, 'ui', 'workspace');
          fs.mkdirSync(uiFolder, { recursive: true });
          return { counts: await runUiTests(needServer(), { run, folder: uiFolder, demo, noKubeconfig: isolated.KUBECONFIG, grep: args.grep }), note: 'in-process simulator' };
        }),
      );
    }
    if (runs('ui') && binaries) {
      reports.push(
        await layer('ui', async () => {
          const { version } = await binaries;
          const realDemo = await startRealDemo(run);
          try {
            const uiFolder = path.join(run.root, 'ui-real', 'workspace');
            fs.mkdirSync(uiFolder, { recursive: true });
            const counts = await runUiTests(needServer(), { run, folder: uiFolder, demo: realDemo, backend: 'real', noKubeconfig: isolated.KUBECONFIG, grep: args.grep });
            return { counts, note: `real kube-apiserver ${version} with the KubeVirt simulation, the tests marked for it` };
          } finally {
            await realDemo.real.stop();
          }
        }),
      );
    }
  } finally {
    await server?.stop();
    await demo?.sim.stop();
  }

  return summary(reports, run, started);
}

function summary(reports: LayerReport[], run: ReturnType<typeof createRunDir>, started: number): number {
  console.log('\n=== summary ===');
  for (const r of reports) {
    const note = r.note ? `  (${r.note})` : '';
    console.log(`${r.name.padEnd(5)} ${r.passed} passed, ${r.failed} failed in ${r.time}${note}`);
  }
  const passed = reports.reduce((sum, r) => sum + r.passed, 0);
  const failed = reports.reduce((sum, r) => sum + r.failed, 0);
  if (failed === 0) {
    removeRunDir(run);
  } else {
    console.log(`logs and scratch files kept in ${run.root}`);
  }
  console.log(`total time ${seconds(started)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
