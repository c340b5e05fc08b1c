// A scenario served from a process of its own (`out/test/sim/cli.js`), as a user's clusters are: the bench then
// times the client alone, not a server sharing its thread. The same for both backends: the in-process simulator,
// or real control planes with the KubeVirt simulation on them.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Backend = 'sim' | 'real';

export interface ScenarioProcess {
  kubeconfig: string;
  kubeconfigFile: string;
  /** What the CLI printed while starting (the real backend's load figures among it). */
  banner: string[];
  stop(): Promise<void>;
}

export function startScenarioProcess(backend: Backend, params: Record<string, string>, dir: string, timeoutMs = 3_600_000): Promise<ScenarioProcess> {
  const kubeconfig = path.join(dir, `${backend}.kubeconfig`);
  const cli = path.join(__dirname, '..', 'test', 'sim', 'cli.js');
  const args = [cli, '--scenario', 'scale', '--backend', backend, '--kubeconfig', kubeconfig, '--step-delay', '0'];
  for (const [key, value] of Object.entries(params)) args.push('--param', `${key}=${value}`);
  const child = spawn(process.execPath, ['--max-old-space-size=8192', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const banner: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the ${backend} scenario did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        banner.push(line);
        if (line.startsWith('Press Ctrl-C')) {
          clearTimeout(timer);
          resolve({ kubeconfig: fs.readFileSync(kubeconfig, 'utf8'), kubeconfigFile: kubeconfig, banner, stop });
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${backend} scenario exited (${code}) before it was ready: ${stderr.trim()}`));
    });
  });
}
