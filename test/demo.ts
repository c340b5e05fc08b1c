// `npm run demo [-- --web] [-- --kubeconfig <file>]`: try the extension by hand, on the simulated demo fleet
// (or on the clusters of --kubeconfig). With a desktop `code` on PATH (and no --web) it opens an Extension
// Development Host window.
// Otherwise it serves the packaged extension from code-server on 127.0.0.1 until Ctrl-C. The vsix is
// installed rather than loaded through the workbench payload: the payload needs the smoke-test-driver
// option, which hides notification toasts and skips dialogs, and the demo should behave like VS Code.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { onExit } from './harness/cleanup';
import { installExtension, startCodeServer } from './harness/codeServer';
import { startDemoSim } from './harness/demoSim';
import { execToLog, findOnPath } from './harness/exec';
import { repoRoot } from './harness/paths';
import { ensureToolchain } from './harness/provision';
import { createRunDir, removeRunDir, type RunDir } from './harness/runDir';

const { values: options } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    web: { type: 'boolean', default: false },
  },
});

/**
 * The kubeconfig the extension reads (as kubectl would, through KUBECONFIG): the given file, or one for the
 * simulated demo fleet, which then runs until Ctrl-C with lifecycle steps a second apart.
 */
async function kubeconfig(run: RunDir): Promise<string> {
  if (options.kubeconfig) {
    const file = path.resolve(options.kubeconfig);
    if (!fs.existsSync(file)) {
      throw new Error(`--kubeconfig: no such file ${file}`);
    }
    return file;
  }
  const demo = await startDemoSim(run, 1000);
  onExit(() => void demo.sim.stop());
  console.log('Simulated demo fleet:');
  for (const cluster of demo.sim.clusters) console.log(`  ${cluster.name.padEnd(11)} ${cluster.listening ? cluster.url : 'offline (nothing listens)'}`);
  return demo.kubeconfig;
}

async function openDesktop(code: string, run: RunDir): Promise<void> {
  const env = { KUBECONFIG: await kubeconfig(run) };
  console.log(`Opening an Extension Development Host in ${code}`);
  spawn(code, ['--new-window', `--extensionDevelopmentPath=${repoRoot}`], {
    env: { ...process.env, ...env },
    stdio: 'inherit',
    detached: true,
  }).unref();
  if (!options.kubeconfig) {
    console.log('Press Ctrl-C to stop the simulated clusters.');
    await new Promise(() => {});
  }
}

async function serveWeb(run: RunDir): Promise<void> {
  const env = { KUBECONFIG: await kubeconfig(run) };
  const tools = await ensureToolchain();
  const vsix = path.join(run.root, 'kubevirt-workbench.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  await execToLog(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
    cwd: repoRoot,
    logFile: path.join(run.logs, 'package.log'),
  });
  await installExtension(tools, run, vsix);
  const server = await startCodeServer(tools, run, { smokeTestDriver: false, env });
  const url = `${server.url}/?${new URLSearchParams({ folder: run.workspace })}`;
  console.log(`\nKubeVirt Workbench demo (KUBECONFIG=${env.KUBECONFIG}):\n\n  ${url}\n`);
  console.log('Press Ctrl-C to stop.');
  await server.exited;
  throw new Error(`code-server exited; see ${server.logFile}`);
}

async function main(): Promise<void> {
  const run = createRunDir('demo');
  onExit(() => removeRunDir(run));
  const code = options.web ? undefined : findOnPath('code');
  if (code) {
    await openDesktop(code, run);
  } else {
    await serveWeb(run);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
