// Repository-relative locations used by the test harness. Compiled files live in out/test/harness,
// so the repository root is three levels up from here.
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const outDir = path.join(repoRoot, 'out');
/** Ignored by git: installed tools and per-run scratch directories. */
export const cacheDir = path.join(repoRoot, '.cache');
export const testResultsDir = path.join(repoRoot, 'test-results');
export const hostTestsEntry = path.join(outDir, 'test', 'host', 'index.js');
export const unitTestsDir = path.join(outDir, 'test', 'unit');
/** Tests against real control planes (etcd + kube-apiserver + kube-controller-manager). */
export const realTestsDir = path.join(outDir, 'test', 'real');
