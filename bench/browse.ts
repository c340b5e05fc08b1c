// `npm run bench` (second part): one browse session on the scale scenario, the Fleet's way (list+watch caches)
// beside the kubectl-per-expand way of the common Kubernetes extension (one `kubectl get` process per expanded
// node, every expanded node listed again on refresh). The session: open, expand every cluster, expand 20 tenants
// and their Virtual Machines and MicroVM Pods folders, then one change made from outside shown in the tree. Both
// run against the same clusters, served from a process of their own, in the same run, as the administrator and as
// the tenant developer who may read only their 20 namespaces (per-namespace watches), five sessions each
// (`BENCH_SESSIONS`), each side's median reported; on the simulator, then on real control planes when their
// binaries are there. Writes bench/results/browse.json and
// media/readme/bench-browse.svg. kubectl is the one built with the control plane (test/controlplane) or
// KUBEBUILDER_ASSETS's; without it the kubectl side is skipped and says so.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { Fleet } from '../src/cluster/fleet';
import { ContextConfig } from '../src/cluster/contextConfig';
import { KubeHttp } from '../src/cluster/kubeHttp';
import { fromKubeConfig, loadKubeconfigs } from '../src/cluster/kubeconfig';
import type { KubeObject } from '../src/model/kubeObject';
import { sortWorkloads } from '../src/model/tenantWorkloads';
import { findControlPlane } from '../test/controlplane/binaries';
import { DEVELOPER_NAMESPACES, scaleNamespace } from '../test/sim/scenarios/scale';
import { browseChart, type BrowseResults, type BackendResult, type FleetFigures, type KubectlFigures, type TenantsFigures } from './browseChart';
import { Outside } from './outside';
import { startScenarioProcess, type Backend } from './scenarioProcess';

const repoRoot = path.resolve(__dirname, '..', '..');
const params = {
  clusters: process.env.BENCH_CLUSTERS ?? '3',
  namespaces: process.env.BENCH_NAMESPACES ?? '200',
  vms: process.env.BENCH_VMS ?? '5000',
  pods: process.env.BENCH_PODS ?? '5000',
};
/** Sessions per persona, each side's median reported: beside a session of half a second the machine's noise is large. */
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? '5');
/** Samples of expanding a cluster: a difference of a few milliseconds, beside this machine's noise. */
const TENANT_SAMPLES = 31;
const gc = (globalThis as { gc?: () => void }).gc;

function heap(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** Resolves once `check` holds, asked again at each of the Fleet's changes, as the tree redraws on them. */
function until(fleet: Fleet, check: () => boolean, what: string, detail: () => string = () => '', ms = 600_000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what} ${detail()}`));
    }, ms);
    const unsubscribe = fleet.onDidChange(() => {
      if (!check()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/** CPU time spent and elapsed, from /proc/stat (Linux); undefined elsewhere. */
function cpuTimes(): { idle: number; total: number } | undefined {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3] + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/**
 * Waits until the machine is quiet after loading (three 1 s windows in a row with the CPUs at least 80 % idle):
 * a real control plane keeps working for a while after the objects are in (garbage collector graph, quota).
 */
async function quiet(limitMs = 900_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (let calm = 0; calm < 3 && Date.now() < deadline; ) {
    const before = cpuTimes();
    await new Promise((r) => setTimeout(r, 1000));
    const after = cpuTimes();
    if (!before || !after) return;
    calm = (after.idle - before.idle) / Math.max(1, after.total - before.total) >= 0.8 ? calm + 1 : 0;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const medianBy = <T>(xs: T[], by: (x: T) => number): T => [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)];

/** Who browses: the scenario's administrator, or its tenant developer who may read the first 20 namespaces only. */
type Persona = 'admin' | 'developer';

/** The requests the Fleet made, from its log (one line per call and per watch opened). */
class RequestLog {
  readonly requests: { context: string; verb: string; path: string }[] = [];

  readonly line = (line: string): void => {
    const m = /^\[([^\]]+)\] (GET|POST|PUT|PATCH|DELETE|WATCH) (\S+) \d{3}\b/.exec(line);
    if (m) this.requests.push({ context: m[1], verb: m[2], path: m[3] });
  };

  of(context: string, from = 0) {
    return this.requests.slice(from).filter((r) => r.context === context);
  }
}

/** `mark`: the label value of this session's change from outside, new in every session. */
async function fleetSession(kubeconfigFile: string, outside: Outside, tenants: string[], persona: Persona, mark: string): Promise<FleetFigures> {
  const log = new RequestLog();
  const vm = await outside.firstVm(tenants[0]);
  const before = heap();
  const started = performance.now();
  // Open: the cluster rows come from the kubeconfig alone.
  const fleet = new Fleet(loadKubeconfigs([kubeconfigFile]), { log: log.line, ...(persona === 'developer' ? { namespaces: tenants } : {}) });
  try {
    const contexts = fleet.contexts().map((c) => c.name);
    const ctx = contexts[0];
    if (!ctx) throw new Error(`no context in ${kubeconfigFile}`);
    const states = () => JSON.stringify(contexts.map((c) => fleet.state(c)));
    // Synced, in the background: the administrator's cluster-wide caches everywhere, the developer's caches of the
    // namespaces they expand. The session does not wait for it: a tenant shows its workloads once they are listed.
    const kinds = ['virtualmachines', 'virtualmachineinstances', 'pods'] as const;
    const synced = persona === 'admin'
      ? () => contexts.every((c) => kinds.every((k) => fleet.cacheState(c, k) === 'synced'))
      : () => tenants.every((ns) => kinds.every((k) => fleet.cacheState(ctx, k, ns) === 'synced'));
    let sync: { ms: number; requests: number[] } | undefined;
    const syncing = until(fleet, synced, 'the caches to fill', states).then(() => {
      sync = { ms: performance.now() - started, requests: (persona === 'admin' ? contexts : [ctx]).map((c) => log.of(c).length) };
    });
    // Expand every cluster: its tenants show once they are known (`connectTenants`, what the tree waits for).
    await Promise.all(contexts.map((c) => fleet.connectTenants(c)));
    await until(fleet, () => contexts.every((c) => fleet.tenants(c).length > 0), 'the tenants', states);

    // Expand 20 tenants and their Virtual Machines and MicroVM Pods folders, as the tree does: open the tenant's
    // caches (per-namespace ones for the developer) and show the folders once their namespace is listed (VMs, their
    // VMIs for the VMs' status, and pods).
    const runtimeClasses = () => new Map((fleet.discovery(ctx)?.runtimeClasses ?? []).map((r) => [r.name, r]));
    const expand = async (ns: string) => {
      const t = performance.now();
      fleet.watchNamespaces(ctx, [ns]);
      await until(fleet, () => kinds.every((k) => fleet.cacheState(ctx, k, ns) === 'synced'), `tenant ${ns}`, () => kinds.map((k) => `${k} ${fleet.cacheState(ctx, k, ns)}`).join(', '));
      const w = sortWorkloads(fleet.vms(ctx, ns), fleet.vmis(ctx, ns), fleet.pods(ctx, ns), runtimeClasses(), 'name');
      if (!w.vms.length) throw new Error(`tenant ${ns} shows no VMs`);
      return performance.now() - t;
    };
    for (const ns of tenants) await expand(ns);

    // One change from outside, shown once the Fleet's cache has it (the tree redraws that row on the event).
    const t = performance.now();
    await outside.label(tenants[0], vm, `fleet-${mark}`);
    await until(fleet, () => fleet.vms(ctx, tenants[0]).some((v: KubeObject) => v.metadata.name === vm && v.metadata.labels?.bench === `fleet-${mark}`), 'the change', states);
    const changeShownMs = performance.now() - t;
    const sessionMs = performance.now() - started;

    // After the session: the sync's figures, then the same tenants expanded again (from the caches).
    await syncing;
    if (!sync) throw new Error('the caches did not fill');
    const namespacedSyncRequests = log.of(ctx).filter((r) => /\/namespaces\/[^/]+\/(virtualmachines|pods|virtualmachineinstances)\b/.test(r.path)).length;
    const afterSync = log.requests.length;
    const expandMs: number[] = [];
    for (const ns of tenants) expandMs.push(await expand(ns));
    const requestsPerExpand = (log.requests.length - afterSync) / tenants.length;
    // Measured last, so that neither the collector nor the count is timed.
    const cacheBytes = heap() - before;
    const cachedObjects = contexts.reduce((n, c) => n + fleet.namespaces(c).reduce((m, ns) => m + fleet.vms(c, ns).length + fleet.vmis(c, ns).length + fleet.pods(c, ns).length, 0), 0);
    return {
      sessionMs,
      syncMs: sync.ms,
      requestsPerClusterSync: sync.requests.reduce((a, b) => a + b, 0) / sync.requests.length,
      namespacedSyncRequests,
      requestsPerExpand,
      expandMsMedian: median(expandMs),
      changeShownMs,
      cachedObjects,
      heapMBPer10k: (cacheBytes / 1e6 / cachedObjects) * 10_000,
    };
  } finally {
    fleet.dispose();
  }
}

/**
 * Expanding a reachable cluster in a new Fleet until its tenants show (`connectTenants`, what the tree waits for), beside one
 * `list namespaces` from a new client (its connection made as the Fleet's is); `TENANT_SAMPLES` of each, alternately, with
 * the server left to settle between.
 */
async function tenantsOnExpand(kubeconfigFile: string, admin: string, context: string): Promise<TenantsFigures> {
  const config = new KubeConfig();
  config.loadFromString(admin);
  const resolved = fromKubeConfig(config).contexts.find((c) => c.name === context);
  if (!resolved) throw new Error(`no context ${context}`);
  const lists: number[] = [];
  const expands: number[] = [];
  for (let i = 0; i < TENANT_SAMPLES; i++) {
    let t = performance.now();
    const connection = new ContextConfig(resolved);
    await new KubeHttp(connection).call('GET', '/api/v1/namespaces');
    lists.push(performance.now() - t);
    connection.dispose();
    const fleet = new Fleet(loadKubeconfigs([kubeconfigFile]));
    t = performance.now();
    await fleet.connectTenants(context);
    if (!fleet.tenants(context).length) throw new Error(`${context} shows no tenants once connected: ${JSON.stringify(fleet.state(context))}`);
    expands.push(performance.now() - t);
    fleet.dispose();
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { expandMs: median(expands), listNamespacesMs: median(lists), ratio: median(expands) / median(lists) };
}

function kubectl(binary: string, kubeconfig: string, home: string, args: string[]): Promise<{ ms: number; ok: boolean; stdout: string }> {
  const t = performance.now();
  return new Promise((resolve) => {
    execFile(binary, ['--kubeconfig', kubeconfig, ...args], { env: { PATH: process.env.PATH ?? '', HOME: home }, maxBuffer: 512 * 1024 * 1024 }, (error, stdout) => {
      resolve({ ms: performance.now() - t, ok: !error, stdout });
    });
  });
}

/** The kubectl-per-expand way: each expand runs one `kubectl get`; refresh runs every expanded node's again. */
async function kubectlSession(binary: string, file: string, outside: Outside, contexts: string[], tenants: string[], mark: string): Promise<KubectlFigures> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-bench-kubectl-'));
  try {
    const vm = await outside.firstVm(tenants[0]);
    const started = performance.now();
    const times: number[] = [];
    let failed = 0;
    const run = async (args: string[]) => {
      const r = await kubectl(binary, file, home, args);
      times.push(r.ms);
      if (!r.ok) failed++;
      return r;
    };
    const expanded: string[][] = [];
    for (const ctx of contexts) expanded.push(['--context', ctx, 'get', 'namespaces', '-o', 'json']);
    for (const ns of tenants) {
      expanded.push(['--context', contexts[0], 'get', 'virtualmachines.kubevirt.io', '-n', ns, '-o', 'json']);
      expanded.push(['--context', contexts[0], 'get', 'pods', '-n', ns, '-o', 'json']);
    }
    for (const args of expanded) await run(args);
    const expandMsMedian = median(times);
    // The change from outside, then a refresh: every expanded node is listed again.
    await outside.label(tenants[0], vm, `kubectl-${mark}`);
    let seen = false;
    for (const args of expanded) {
      const r = await run(args);
      if (args.includes('virtualmachines.kubevirt.io') && args.includes(tenants[0])) {
        seen = (JSON.parse(r.stdout) as { items: KubeObject[] }).items.some((v) => v.metadata.name === vm && v.metadata.labels?.bench === `kubectl-${mark}`);
      }
    }
    if (!seen) throw new Error('kubectl did not show the change');
    return { sessionMs: performance.now() - started, processes: times.length, expandMsMedian, failed };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The developer's kubeconfig: the administrator's with the developer's token and first namespace. */
function developerKubeconfig(admin: string, tenants: string[]): string {
  const config = new KubeConfig();
  config.loadFromString(admin);
  const users = config.users.map((u) => ({ ...u, token: u.token?.replace(/-admin$/, '-developer') }));
  const contexts = config.contexts.map((c) => ({ ...c, namespace: tenants[0] }));
  config.loadFromOptions({ clusters: config.clusters, users, contexts, currentContext: config.currentContext });
  return config.exportConfig();
}

async function runBackend(backend: Backend, kubectlBinary: string | undefined, dir: string): Promise<BackendResult> {
  const started = performance.now();
  const scenario = await startScenarioProcess(backend, params, dir);
  let outside: Outside | undefined;
  try {
    const loadSeconds = (performance.now() - started) / 1000;
    await quiet();
    const admin = scenario.kubeconfig;
    const contexts = new KubeConfig();
    contexts.loadFromString(admin);
    const names = contexts.contexts.map((c) => c.name);
    const tenants = Array.from({ length: Math.min(DEVELOPER_NAMESPACES, Number(params.namespaces)) }, (_, i) => scaleNamespace(i));
    outside = new Outside(admin, names[0]);
    const files = { admin: scenario.kubeconfigFile, developer: path.join(dir, `${backend}-developer.kubeconfig`) };
    fs.writeFileSync(files.developer, developerKubeconfig(admin, tenants), { mode: 0o600 });
    console.log(`\n${backend === 'sim' ? 'simulator' : 'real control planes'}: ${names.length} clusters × ${params.namespaces} namespaces, ${params.vms} VMs and ${params.pods} pods each, served from a process of their own (ready in ${loadSeconds.toFixed(1)} s)`);
    for (const line of scenario.banner.filter((l) => l.startsWith('Real control planes'))) console.log(`  ${line}`);
    const result: BackendResult = {
      backend: backend === 'sim' ? 'simulator' : 'real control plane',
      scenario: { ...params, objects: Number(params.clusters) * (Number(params.vms) + Number(params.pods)) },
      machine: { cpus: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      readySeconds: loadSeconds,
    };
    result.tenants = await tenantsOnExpand(files.admin, admin, names[0]);
    console.log(`  expanding a cluster: its tenants after ${result.tenants.expandMs.toFixed(0)} ms, ${result.tenants.ratio.toFixed(2)}× one list of namespaces from a new client (${result.tenants.listNamespacesMs.toFixed(0)} ms; medians of ${TENANT_SAMPLES})`);
    for (const persona of ['admin', 'developer'] as const) {
      const runs: { fleet: FleetFigures; kubectl?: KubectlFigures }[] = [];
      for (let run = 1; run <= SESSIONS; run++) {
        const fleet = await fleetSession(files[persona], outside, tenants, persona, `${persona}-${run}`);
        runs.push({ fleet, kubectl: kubectlBinary ? await kubectlSession(kubectlBinary, files[persona], outside, names, tenants, `${persona}-${run}`) : undefined });
      }
      const fleet = medianBy(runs.map((r) => r.fleet), (f) => f.sessionMs);
      const kubectlFigures = kubectlBinary ? medianBy(runs.map((r) => r.kubectl!), (k) => k.sessionMs) : undefined;
      const ratio = kubectlFigures ? kubectlFigures.sessionMs / fleet.sessionMs : undefined;
      const sessionRatios = kubectlBinary ? runs.map((r) => r.kubectl!.sessionMs / r.fleet.sessionMs) : undefined;
      result[persona] = { fleet, kubectl: kubectlFigures ?? 'skipped: no kubectl (build the control plane: npm run controlplane, or set KUBEBUILDER_ASSETS)', ratio, sessionRatios };
      print(persona, fleet, kubectlFigures, ratio, sessionRatios);
    }
    return result;
  } finally {
    await outside?.close();
    await scenario.stop();
  }
}

function print(persona: Persona, fleet: FleetFigures, kubectlFigures: KubectlFigures | undefined, ratio: number | undefined, sessionRatios: number[] = []): void {
  console.log(`  ${persona === 'admin' ? 'administrator (cluster-wide list+watch)' : 'tenant developer (per-namespace watches)'}`);
  if (ratio !== undefined && kubectlFigures) {
    console.log(`    session ratio         ${ratio.toFixed(1).padStart(7)}x   kubectl-per-expand ${(kubectlFigures.sessionMs / 1000).toFixed(1)} s (${kubectlFigures.processes} processes${kubectlFigures.failed ? `, ${kubectlFigures.failed} refused` : ''}) / Fleet ${(fleet.sessionMs / 1000).toFixed(2)} s, medians of ${sessionRatios.length} sessions (each: ${sessionRatios.map((r) => `${r.toFixed(1)}x`).join(', ')})`);
    console.log(`    expand ratio          ${(kubectlFigures.expandMsMedian / Math.max(fleet.expandMsMedian, 0.01)).toFixed(0).padStart(7)}x   kubectl ${kubectlFigures.expandMsMedian.toFixed(0)} ms / Fleet ${fleet.expandMsMedian.toFixed(2)} ms (medians)`);
  } else {
    console.log('    kubectl-per-expand: skipped, no kubectl binary (build the control plane or set KUBEBUILDER_ASSETS)');
  }
  console.log(`    requests per cluster sync ${fleet.requestsPerClusterSync.toFixed(0).padStart(3)}   (${fleet.namespacedSyncRequests} of them name one namespace)`);
  console.log(`    requests per expand after sync ${fleet.requestsPerExpand.toFixed(1)}`);
  console.log(`    heap per 10,000 cached objects ${fleet.heapMBPer10k.toFixed(1)} MB (${fleet.cachedObjects} objects)${gc ? '' : '  [run with --expose-gc]'}`);
  console.log(`    change from outside shown after ${fleet.changeShownMs.toFixed(1)} ms; sync ${(fleet.syncMs / 1000).toFixed(1)} s`);
}

/** `BENCH_BACKENDS` (comma-separated: sim, real); by default the simulator, and the real control plane when its binaries are there. */
function backends(binaries: boolean): Backend[] {
  const asked = process.env.BENCH_BACKENDS?.split(',').map((b) => b.trim()).filter(Boolean);
  if (!asked) return binaries ? ['sim', 'real'] : ['sim'];
  for (const b of asked) if (b !== 'sim' && b !== 'real') throw new Error(`BENCH_BACKENDS: "${b}" is neither sim nor real`);
  return asked as Backend[];
}

/** The figures of the backends not run this time, from the last results written. */
function earlier(file: string, ran: BackendResult['backend'][]): BackendResult[] {
  try {
    const previous = JSON.parse(fs.readFileSync(file, 'utf8')) as BrowseResults;
    return previous.backends.filter((b) => b.scenario && !ran.includes(b.backend));
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const binaries = await findControlPlane();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-bench-browse-'));
  try {
    const objects = Number(params.clusters) * (Number(params.vms) + Number(params.pods));
    console.log(`browse: ${params.clusters} clusters × ${params.namespaces} namespaces, ${objects} VMs and pods in all${binaries?.kubectl ? '' : '; no kubectl, so the kubectl-per-expand side is skipped'}`);
    const ran: BackendResult[] = [];
    for (const backend of backends(!!binaries)) ran.push(await runBackend(backend, binaries?.kubectl, dir));
    const out = path.join(repoRoot, 'bench', 'results');
    const file = path.join(out, 'browse.json');
    // The simulator first, then the real control plane.
    const backendsRun = [...ran, ...earlier(file, ran.map((b) => b.backend))].sort((a, b) => b.backend.localeCompare(a.backend));
    const results: BrowseResults = { backends: backendsRun };
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(path.join(repoRoot, 'media', 'readme', 'bench-browse.svg'), browseChart(results));
    console.log('\nwrote bench/results/browse.json and media/readme/bench-browse.svg (a backend not run this time keeps its earlier figures)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
