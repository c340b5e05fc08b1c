// Shared by the tests against real control planes: the binaries (built by `npm test`'s setup or
// `npm run controlplane`, or KUBEBUILDER_ASSETS), control planes stopped after their suite, kubectl runs, and
// bounded waits.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { requireControlPlane, type ControlPlaneBinaries } from '../controlplane/binaries';
import { ControlPlane, type ControlPlaneOptions } from '../controlplane/launcher';

/** Starting a control plane takes seconds; three at once on a loaded 2-core machine, up to a minute or two. */
export const START_TIMEOUT_MS = 240_000;

let binaries: Promise<ControlPlaneBinaries> | undefined;

export function controlPlaneBinaries(): Promise<ControlPlaneBinaries> {
  binaries ??= requireControlPlane();
  return binaries;
}

/** Starts a control plane for a suite; `stop` it in `after`. */
export async function startControlPlane(options: Omit<ControlPlaneOptions, 'binaries'>): Promise<ControlPlane> {
  return ControlPlane.start({ ...options, binaries: await controlPlaneBinaries() });
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real kubectl — the one built with the control plane (or KUBEBUILDER_ASSETS's), never whatever is on
 * PATH — against a kubeconfig (written to a temporary file).
 */
export async function kubectl(kubeconfig: string, args: string[], timeoutMs = 60_000): Promise<KubectlResult> {
  const binary = (await controlPlaneBinaries()).kubectl;
  if (!binary) throw new Error(`KUBEBUILDER_ASSETS=${process.env.KUBEBUILDER_ASSETS} has no kubectl; unset it to build one with the control plane`);
  const dir = mkdtempSync(path.join(tmpdir(), 'kubectl-'));
  const file = path.join(dir, 'kubeconfig');
  writeFileSync(file, kubeconfig, { mode: 0o600 });
  return new Promise((resolve) => {
    execFile(binary, ['--kubeconfig', file, '--cache-dir', path.join(dir, 'cache'), ...args], { timeout: timeoutMs, env: { ...process.env, KUBECONFIG: file } }, (error, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** True while a process with this id exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
