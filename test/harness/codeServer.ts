// Starts code-server on 127.0.0.1 in its own process group: it forks a server, file watcher, pty host
// and extension hosts, and only a group kill reliably stops all of them.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { onExit } from './cleanup';
import { execToLog, seconds } from './exec';
import { Toolchain } from './provision';
import { RunDir } from './runDir';

export interface CodeServerOptions {
  /** Needed for the workbench to honour extensionDevelopmentPath/extensionTestsPath in the URL payload. */
  smokeTestDriver: boolean;
  /** Extra environment inherited by every extension host of this server. */
  env?: NodeJS.ProcessEnv;
  port?: number;
}

export interface CodeServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** host:port; the remote authority of vscode-remote:// URIs for this server. */
  authority: string;
  logFile: string;
  /** Settles when the code-server process exits, for whatever reason. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function commonArgs(run: RunDir): string[] {
  return ['--user-data-dir', run.userData, '--extensions-dir', run.extensions];
}

function serverEnv(tools: Toolchain, run: RunDir, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...tools.env, ...run.env, ...extra };
}

export async function installExtension(tools: Toolchain, run: RunDir, vsix: string): Promise<void> {
  await execToLog(tools.node, [tools.codeServerEntry, ...commonArgs(run), '--install-extension', vsix], {
    env: serverEnv(tools, run),
    timeoutMs: 120_000,
    logFile: path.join(run.logs, 'install-extension.log'),
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already gone
  }
}

async function waitHealthy(url: string, exited: () => string | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exitReason = exited();
    if (exitReason) {
      throw new Error(`code-server exited during startup (${exitReason})`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000}s`);
}

export async function startCodeServer(tools: Toolchain, run: RunDir, options: CodeServerOptions): Promise<CodeServer> {
  const started = Date.now();
  const port = options.port ?? (await freePort());
  const authority = `127.0.0.1:${port}`;
  const url = `http://${authority}`;
  const logFile = path.join(run.logs, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    tools.codeServerEntry,
    ...commonArgs(run),
    '--config', path.join(run.root, 'config.yaml'),
    '--auth', 'none',
    '--bind-addr', authority,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    // The default (3 h) keeps the extension host of every closed page alive.
    '--reconnection-grace-time', '5',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const child = spawn(tools.node, args, {
    env: serverEnv(tools, run, options.env),
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  let exitReason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      exitReason = error.message;
      resolve();
    });
    child.once('exit', (code, signal) => {
      exitReason = `code ${code ?? signal}`;
      resolve();
    });
  });
  const pid = child.pid;
  if (pid === undefined) {
    await exited;
    throw new Error(`code-server could not be started: ${exitReason}`);
  }
  const unregister = onExit(() => killGroup(pid, 'SIGKILL'));
  const stop = async () => {
    unregister();
    if (exitReason === undefined) {
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    // Children that ignored SIGTERM while their parent exited.
    killGroup(pid, 'SIGKILL');
  };
  try {
    await waitHealthy(url, () => exitReason, 60_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; see ${path.relative(process.cwd(), logFile)}`, { cause: error });
  }
  console.log(`code-server: listening on ${url} after ${seconds(started)}`);
  return { url, authority, logFile, exited, stop };
}
