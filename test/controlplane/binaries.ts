// The control plane's binaries: etcd, kube-apiserver, kube-controller-manager and the kubectl the tests drive it
// with, built from source by the Go module next to this file (pinned in go.mod), once, into
// .cache/controlplane-<versions>-<hash>/, and reused. KUBEBUILDER_ASSETS (envtest's folder of etcd +
// kube-apiserver [+ kube-controller-manager] [+ kubectl]) wins when set.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { execToLog, findOnPath, seconds } from '../harness/exec';
import { cacheDir, repoRoot } from '../harness/paths';

export interface ControlPlaneBinaries {
  dir: string;
  etcd: string;
  kubeApiserver: string;
  /** Absent when KUBEBUILDER_ASSETS has none: then nothing runs the controllers (see launcher.ts). */
  kubeControllerManager?: string;
  /** Absent when KUBEBUILDER_ASSETS has none: then the tests that run kubectl say so and fail. */
  kubectl?: string;
  /** kube-apiserver's version, e.g. `v1.36.3`. */
  version: string;
  /** Where they came from, for logs and the test summary. */
  origin: 'built from source' | 'KUBEBUILDER_ASSETS';
}

export const moduleDir = path.join(repoRoot, 'test', 'controlplane');
const COMMANDS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kubectl'] as const;
const STAMP = '.built';

/** The pinned versions, read from go.mod (the one place they are written). */
export function pinnedVersions(): { kubernetes: string; etcd: string } {
  const goMod = fs.readFileSync(path.join(moduleDir, 'go.mod'), 'utf8');
  const version = (module: string) => {
    const found = goMod.match(new RegExp(`^\\s*${module.replace(/[.]/g, '\\.')}\\s+(v\\S+)`, 'm'));
    if (!found) throw new Error(`test/controlplane/go.mod does not require ${module}`);
    return found[1];
  };
  return { kubernetes: version('k8s.io/kubernetes'), etcd: version('go.etcd.io/etcd/server/v3') };
}

/** Everything the build reads, so a changed main or go.sum gets a fresh folder. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const files = ['go.mod', 'go.sum', ...fs.readdirSync(moduleDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.go'))].sort();
  for (const file of files) hash.update(file).update('\0').update(fs.readFileSync(path.join(moduleDir, file))).update('\0');
  hash.update(buildArgs('').join(' '));
  return hash.digest('hex').slice(0, 10);
}

export function buildDir(): string {
  const { kubernetes, etcd } = pinnedVersions();
  return path.join(cacheDir, `controlplane-${kubernetes}-etcd-${etcd}-${sourceHash()}`);
}

/**
 * `-X` sets what /version reports (otherwise `v0.0.0-master`); the build date is left fixed so the arguments,
 * and with them the folder's hash, stay the same from one build to the next.
 */
function buildArgs(out: string): string[] {
  const { kubernetes } = pinnedVersions();
  const [major, minor] = kubernetes.replace(/^v/, '').split('.');
  // The servers read component-base's, kubectl's client version client-go's (as upstream's build sets both).
  const ldflags = ['-s', '-w', ...['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((v) => [
    `-X ${v}.gitVersion=${kubernetes}`, `-X ${v}.gitMajor=${major}`, `-X ${v}.gitMinor=${minor}`,
    `-X ${v}.gitTreeState=clean`, `-X ${v}.buildDate=1970-01-01T00:00:00Z`,
  ])].join(' ');
  return ['build', '-trimpath', '-ldflags', ldflags, '-o', out + path.sep, ...COMMANDS.map((c) => `./cmd/${c}`)];
}

const isExecutable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

async function apiserverVersion(binary: string): Promise<string> {
  const { stdout } = await promisify(execFile)(binary, ['--version'], { timeout: 60_000 });
  // "Kubernetes v1.36.3"
  return stdout.trim().split(/\s+/).pop() ?? 'unknown';
}

async function fromEnvtest(dir: string): Promise<ControlPlaneBinaries> {
  const etcd = path.join(dir, 'etcd');
  const kubeApiserver = path.join(dir, 'kube-apiserver');
  const missing = [etcd, kubeApiserver].filter((f) => !isExecutable(f));
  if (missing.length) throw new Error(`KUBEBUILDER_ASSETS=${dir} has no executable ${missing.map((f) => path.basename(f)).join(' or ')}`);
  const optional = (name: string) => (isExecutable(path.join(dir, name)) ? path.join(dir, name) : undefined);
  return {
    dir, etcd, kubeApiserver, kubeControllerManager: optional('kube-controller-manager'), kubectl: optional('kubectl'),
    version: await apiserverVersion(kubeApiserver), origin: 'KUBEBUILDER_ASSETS',
  };
}

function built(dir: string): ControlPlaneBinaries {
  return {
    dir,
    etcd: path.join(dir, 'etcd'),
    kubeApiserver: path.join(dir, 'kube-apiserver'),
    kubeControllerManager: path.join(dir, 'kube-controller-manager'),
    kubectl: path.join(dir, 'kubectl'),
    version: pinnedVersions().kubernetes,
    origin: 'built from source',
  };
}

/** The binaries if they are ready (envtest's or a finished build), without building. */
export async function findControlPlane(): Promise<ControlPlaneBinaries | undefined> {
  const assets = process.env.KUBEBUILDER_ASSETS;
  if (assets) return fromEnvtest(path.resolve(assets));
  const dir = buildDir();
  return fs.existsSync(path.join(dir, STAMP)) ? built(dir) : undefined;
}

/** For tests: the binaries, or an error saying how to get them. */
export async function requireControlPlane(): Promise<ControlPlaneBinaries> {
  const found = await findControlPlane();
  if (!found) throw new Error('the control plane is not built yet: run `npm run controlplane` (or `npm test`, which builds it), or set KUBEBUILDER_ASSETS');
  return found;
}

/**
 * The binaries, building them first when needed (about 7 minutes on 2 cores with an empty Go cache, seconds
 * with a warm one). The stamp file is written last, so an interrupted build is redone, not half-used.
 */
export async function ensureControlPlane(log: (line: string) => void = console.log): Promise<ControlPlaneBinaries> {
  const found = await findControlPlane();
  if (found) {
    log(`setup: control plane ${found.version} ${found.origin === 'KUBEBUILDER_ASSETS' ? `from KUBEBUILDER_ASSETS=${found.dir}` : `reused from ${path.relative(process.cwd(), found.dir)}`}`);
    return found;
  }
  const go = findOnPath('go');
  if (!go) {
    throw new Error('Go is not installed: it builds the test control plane (etcd, kube-apiserver, kube-controller-manager) from test/controlplane. '
      + 'Install Go 1.21 or newer (it fetches the toolchain go.mod asks for), or set KUBEBUILDER_ASSETS to a folder of envtest binaries.');
  }
  const dir = buildDir();
  fs.rmSync(dir, { recursive: true, force: true });
  const { kubernetes, etcd } = pinnedVersions();
  const logFile = path.join(cacheDir, 'logs', 'controlplane-build.log');
  log(`setup: building the control plane (kubernetes ${kubernetes}, etcd ${etcd}) from source, log in ${path.relative(process.cwd(), logFile)} ...`);
  const started = Date.now();
  // CGO off, as upstream's release builds: no C compiler needed.
  await execToLog(go, buildArgs(dir), { cwd: moduleDir, env: { ...process.env, CGO_ENABLED: '0' }, timeoutMs: 60 * 60 * 1000, logFile });
  for (const command of COMMANDS) if (!isExecutable(path.join(dir, command))) throw new Error(`go build produced no ${command} in ${dir} (see ${logFile})`);
  fs.writeFileSync(path.join(dir, STAMP), JSON.stringify({ kubernetes, etcd, seconds: (Date.now() - started) / 1000 }) + '\n');
  // Builds of other versions or sources (over 200 MB each) are not used again.
  for (const old of fs.readdirSync(cacheDir).filter((d) => d.startsWith('controlplane-') && d !== path.basename(dir))) {
    fs.rmSync(path.join(cacheDir, old), { recursive: true, force: true });
  }
  log(`setup: built the control plane in ${seconds(started)}`);
  return built(dir);
}
