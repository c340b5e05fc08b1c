// `npm run demo [-- --web] [-- --kubeconfig <file>]`: try the extension by hand.
// With a desktop `code` on PATH (and no --web) it opens an Extension Development Host window.
// Otherwise it serves the packaged extension from code-server on 127.0.0.1 until Ctrl-C. The vsix is
// installed rather than loaded through the workbench payload: the payload needs the smoke-test-driver
// option, which hides notification toasts and skips dialogs, and the demo should behave like VS Code.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { onExit } from './harness/cleanup';
import { installExtension, startCodeServer } from './harness/codeServer';
import { execToLog, findOnPath } from './harness/exec';
import { repoRoot } from './harness/paths';
import { ensureToolchain } from './harness/provision';
import { createRunDir, removeRunDir } from './harness/runDir';

const { values: options } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    web: { type: 'boolean', default: false },
  },
});

/** Extension-host environment: KUBECONFIG when given (the extension reads it like kubectl does). */
function extensionEnv(): NodeJS.ProcessEnv {
  if (!options.kubeconfig) {
    return {};
  }
  const file = path.resolve(options.kubeconfig);
  if (!fs.existsSync(file)) {
    throw new Error(`--kubeconfig: no such file ${file}`);
  }
  return { KUBECONFIG: file };
}

function openDesktop(code: string): void {
  console.log(`Opening an Extension Development Host in ${code}`);
  spawn(code, ['--new-window', `--extensionDevelopmentPath=${repoRoot}`], {
    env: { ...process.env, ...extensionEnv() },
    stdio: 'inherit',
    detached: true,
  }).unref();
}

async function serveWeb(): Promise<void> {
  const env = extensionEnv();
  const tools = await ensureToolchain();
  const run = createRunDir('demo');
  onExit(() => removeRunDir(run));
  const vsix = path.join(run.root, 'kubevirt-workbench.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  await execToLog(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
    cwd: repoRoot,
    logFile: path.join(run.logs, 'package.log'),
  });
  await installExtension(tools, run, vsix);
  const server = await startCodeServer(tools, run, { smokeTestDriver: false, env });
  const url = `${server.url}/?${new URLSearchParams({ folder: run.workspace })}`;
  console.log(`\nKubeVirt Workbench demo${env.KUBECONFIG ? ` (KUBECONFIG=${env.KUBECONFIG})` : ''}:\n\n  ${url}\n`);
  console.log('Press Ctrl-C to stop.');
  await server.exited;
  throw new Error(`code-server exited; see ${server.logFile}`);
}

async function main(): Promise<void> {
  const code = options.web ? undefined : findOnPath('code');
  if (code) {
    openDesktop(code);
  } else {
    await serveWeb();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
