// `npm run bench` (second part): one browse session on the scale scenario, the Fleet's way (list+watch caches)
// beside the kubectl-per-expand way of the common Kubernetes extension (one `kubectl get` process per expanded
// node, every expanded node listed again on refresh). The session: open, expand every cluster, expand 20 tenants
// and their Virtual Machines and MicroVM Pods folders, then one change made from outside shown in the tree. Both
// run against the same simulated clusters in the same run, as an administrator and as a tenant developer who may
// read only their own namespaces (per-namespace watches). Writes bench/results/browse.json and
// media/readme/bench-browse.svg. kubectl is the one built with the control plane (test/controlplane) or
// KUBEBUILDER_ASSETS's; without it the kubectl side is skipped and says so.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Fleet } from '../src/cluster/fleet';
import { loadKubeconfigs } from '../src/cluster/kubeconfig';
import type { KubeObject } from '../src/model/kubeObject';
import { sortWorkloads } from '../src/model/tenantWorkloads';
import { findControlPlane } from '../test/controlplane/binaries';
import type { SimCluster } from '../test/sim/cluster';
import { kubeconfigYaml } from '../test/sim/kubeconfig';
import { startScenario } from '../test/sim/scenario';
import { loadScenario } from '../test/sim/scenarios';
import { browseChart } from './browseChart';

const repoRoot = path.resolve(__dirname, '..', '..');
const params = {
  clusters: process.env.BENCH_CLUSTERS ?? '3',
  namespaces: process.env.BENCH_NAMESPACES ?? '200',
  vms: process.env.BENCH_VMS ?? '5000',
  pods: process.env.BENCH_PODS ?? '5000',
};
const TENANTS = 20;
const gc = (globalThis as { gc?: () => void }).gc;

function heap(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function until(check: () => boolean, what: string, detail: () => string = () => '', ms = 600_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${detail()}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Waits until the simulator (same thread) is idle after loading: three 200 ms timers in a row fire on time. */
async function settle(): Promise<void> {
  for (let onTime = 0; onTime < 3; ) {
    const t = performance.now();
    await new Promise((r) => setTimeout(r, 200));
    onTime = performance.now() - t < 260 ? onTime + 1 : 0;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Who browses: the administrator of the scenario, or a developer bound in the first 20 namespaces only. */
type Persona = 'admin' | 'developer';

interface FleetFigures {
  sessionMs: number;
  syncMs: number;
  requestsPerClusterSync: number;
  /** Sync requests naming one namespace: 0 when sync does not grow with the number of namespaces. */
  namespacedSyncRequests: number;
  requestsPerExpand: number;
  expandMsMedian: number;
  changeShownMs: number;
  cachedObjects: number;
  heapMBPer10k: number;
}

interface KubectlFigures {
  sessionMs: number;
  processes: number;
  expandMsMedian: number;
  failed: number;
}

/** The session's tenants: the first 20 namespaces of the first cluster that hold VMs. */
function sessionTenants(cluster: SimCluster): string[] {
  const withVms = new Set(cluster.store.list('virtualmachines.kubevirt.io').map((v) => v.metadata.namespace!));
  return [...withVms].sort().slice(0, TENANTS);
}

function touch(cluster: SimCluster, namespace: string, value: string): string {
  const vm = cluster.store.list('virtualmachines.kubevirt.io', namespace)[0];
  const stored = cluster.store.get('virtualmachines.kubevirt.io', namespace, vm.metadata.name!)!;
  stored.metadata.labels = { ...stored.metadata.labels, bench: value };
  cluster.store.update('virtualmachines.kubevirt.io', stored);
  return vm.metadata.name!;
}

async function fleetSession(clusters: SimCluster[], kubeconfig: string, tenants: string[], persona: Persona): Promise<FleetFigures> {
  for (const c of clusters) c.resetStats();
  const before = heap();
  const started = performance.now();
  // Open: the cluster rows come from the kubeconfig alone.
  const fleet = new Fleet(loadKubeconfigs([kubeconfig]), persona === 'developer' ? { namespaces: tenants } : {});
  try {
    const contexts = fleet.contexts().map((c) => c.name);
    // Expand every cluster: connect, then the tenants show; caches fill meanwhile.
    await Promise.all(contexts.map((ctx) => fleet.connect(ctx)));
    const states = () => JSON.stringify(contexts.map((ctx) => fleet.state(ctx)));
    await until(() => contexts.every((ctx) => fleet.tenants(ctx).length > 0), 'the tenants', states);
    if (persona === 'developer') fleet.watchNamespaces(contexts[0], tenants);
    const expected = (i: number) => {
      const ns = persona === 'developer' && i === 0 ? new Set(tenants) : undefined;
      return clusters[i].store.list('virtualmachines.kubevirt.io').filter((o) => !ns || ns.has(o.metadata.namespace!)).length
        + clusters[i].store.list('pods').filter((o) => !ns || ns.has(o.metadata.namespace!)).length;
    };
    const cached = (ctx: string) => fleet.namespaces(ctx).reduce((n, ns) => n + fleet.vms(ctx, ns).length + fleet.pods(ctx, ns).length, 0);
    const synced = contexts.map((_, i) => (persona === 'developer' && i > 0 ? 0 : expected(i)));
    await until(() => contexts.every((ctx, i) => cached(ctx) >= synced[i]), 'the caches to fill', () => `${contexts.map(cached).join(', ')} of ${synced.join(', ')}; ${states()}`);
    const syncMs = performance.now() - started;
    const syncRequests = clusters.map((c) => c.stats.requests.length);
    const namespacedSyncRequests = clusters[0].stats.requests.filter((r) => /\/namespaces\/[^/]+\/(virtualmachines|pods|virtualmachineinstances)/.test(r.path)).length;
    const cacheBytes = heap() - before;
    const cachedObjects = contexts.reduce((n, ctx) => n + fleet.namespaces(ctx).reduce((m, ns) => m + fleet.vms(ctx, ns).length + fleet.vmis(ctx, ns).length + fleet.pods(ctx, ns).length, 0), 0);

    // Expand 20 tenants and their Virtual Machines and MicroVM Pods folders (what the tree reads for them).
    const ctx = contexts[0];
    const runtimeClasses = new Map((fleet.discovery(ctx)?.runtimeClasses ?? []).map((r) => [r.name, r]));
    const beforeExpand = clusters[0].stats.requests.length;
    const expandMs: number[] = [];
    for (const ns of tenants) {
      const t = performance.now();
      fleet.watchNamespaces(ctx, [ns]);
      await until(() => fleet.cacheState(ctx, 'pods', ns) === 'synced' && fleet.cacheState(ctx, 'virtualmachines', ns) === 'synced', `tenant ${ns}`);
      const w = sortWorkloads(fleet.vms(ctx, ns), fleet.vmis(ctx, ns), fleet.pods(ctx, ns), runtimeClasses, 'name');
      if (!w.vms.length) throw new Error(`tenant ${ns} shows no VMs`);
      void w.microvms.length;
      expandMs.push(performance.now() - t);
    }
    const requestsPerExpand = (clusters[0].stats.requests.filter((r) => !r.watch).length - clusters[0].stats.requests.slice(0, beforeExpand).filter((r) => !r.watch).length) / tenants.length;

    // One change from outside, shown once the Fleet's cache has it (the tree redraws that row on the event).
    const t = performance.now();
    const name = touch(clusters[0], tenants[0], `fleet-${persona}`);
    await until(() => fleet.vms(ctx, tenants[0]).some((v: KubeObject) => v.metadata.name === name && v.metadata.labels?.bench === `fleet-${persona}`), 'the change', states);
    const changeShownMs = performance.now() - t;
    const perCluster = persona === 'developer' ? [syncRequests[0]] : syncRequests;
    return {
      sessionMs: performance.now() - started,
      syncMs,
      requestsPerClusterSync: perCluster.reduce((a, b) => a + b, 0) / perCluster.length,
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

function kubectl(binary: string, kubeconfig: string, home: string, args: string[]): Promise<{ ms: number; ok: boolean; stdout: string }> {
  const t = performance.now();
  return new Promise((resolve) => {
    execFile(binary, ['--kubeconfig', kubeconfig, ...args], { env: { PATH: process.env.PATH ?? '', HOME: home }, maxBuffer: 512 * 1024 * 1024 }, (error, stdout) => {
      resolve({ ms: performance.now() - t, ok: !error, stdout });
    });
  });
}

/** The kubectl-per-expand way: each expand runs one `kubectl get`; refresh runs every expanded node's again. */
async function kubectlSession(binary: string, kubeconfig: string, contexts: string[], tenants: string[], cluster: SimCluster, persona: Persona): Promise<KubectlFigures> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-bench-kubectl-'));
  try {
    const started = performance.now();
    const times: number[] = [];
    let failed = 0;
    const run = async (args: string[]) => {
      const r = await kubectl(binary, kubeconfig, home, args);
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
    const name = touch(cluster, tenants[0], `kubectl-${persona}`);
    let seen = false;
    for (const args of expanded) {
      const r = await run(args);
      if (args.includes('virtualmachines.kubevirt.io') && args.includes(tenants[0])) {
        seen = (JSON.parse(r.stdout) as { items: KubeObject[] }).items.some((v) => v.metadata.name === name && v.metadata.labels?.bench === `kubectl-${persona}`);
      }
    }
    if (!seen) throw new Error('kubectl did not show the change');
    return { sessionMs: performance.now() - started, processes: times.length, expandMsMedian, failed };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const scenario = loadScenario('scale', params);
  // A tenant developer: may read everything in the session's namespaces of each cluster, nothing else.
  const devNamespaces = new Map<string, string[]>();
  for (const c of scenario.clusters) {
    c.users.push({ name: 'developer', token: `${c.name}-developer` });
    const withVms = [...new Set(c.objects.filter((o) => o.kind === 'VirtualMachine').map((o) => o.metadata.namespace!))].sort().slice(0, TENANTS);
    devNamespaces.set(c.name, withVms);
    for (const ns of withVms) {
      c.objects.push(
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'developer', namespace: ns }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }] } as KubeObject,
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'developer', namespace: ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'developer' }, subjects: [{ kind: 'User', name: 'developer', apiGroup: 'rbac.authorization.k8s.io' }] } as KubeObject,
      );
    }
  }
  let loadMs = performance.now();
  const sim = await startScenario(scenario, { stepDelayMs: 0 });
  await settle();
  loadMs = performance.now() - loadMs;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-bench-browse-'));
  try {
    const admin = path.join(dir, 'admin');
    fs.writeFileSync(admin, sim.kubeconfig());
    const developer = path.join(dir, 'developer');
    fs.writeFileSync(developer, kubeconfigYaml(sim.clusters.map((c, i) => ({
      name: scenario.clusters[i].name, server: c.url, caPem: c.tls?.caPem, user: 'developer', token: `${scenario.clusters[i].name}-developer`, namespace: devNamespaces.get(scenario.clusters[i].name)![0],
    }))));
    const contexts = scenario.clusters.map((c) => c.name);
    const tenants = sessionTenants(sim.clusters[0]);
    const binaries = await findControlPlane();
    const objects = sim.clusters.reduce((n, c) => n + c.store.list('virtualmachines.kubevirt.io').length + c.store.list('pods').length, 0);
    console.log(`browse: ${contexts.length} clusters × ${params.namespaces} namespaces, ${objects} VMs and pods in all (simulator loaded in ${(loadMs / 1000).toFixed(1)} s)`);

    const results: Record<string, unknown> = { scenario: { ...params, objects }, machine: { cpus: os.cpus().length, node: process.version }, backend: 'simulator' };
    for (const persona of ['admin', 'developer'] as const) {
      const fleet = await fleetSession(sim.clusters, persona === 'admin' ? admin : developer, tenants, persona);
      const kubectlFigures = binaries?.kubectl ? await kubectlSession(binaries.kubectl, persona === 'admin' ? admin : developer, contexts, tenants, sim.clusters[0], persona) : undefined;
      const ratio = kubectlFigures ? kubectlFigures.sessionMs / fleet.sessionMs : undefined;
      results[persona] = { fleet, kubectl: kubectlFigures ?? 'skipped: no kubectl (build the control plane: npm run controlplane -- build, or set KUBEBUILDER_ASSETS)', ratio };
      console.log(`\n${persona === 'admin' ? 'administrator (cluster-wide list+watch)' : 'tenant developer (per-namespace watches)'}`);
      if (ratio !== undefined && kubectlFigures) {
        console.log(`  session ratio         ${ratio.toFixed(1).padStart(7)}x   kubectl-per-expand ${(kubectlFigures.sessionMs / 1000).toFixed(1)} s (${kubectlFigures.processes} processes${kubectlFigures.failed ? `, ${kubectlFigures.failed} refused` : ''}) / Fleet ${(fleet.sessionMs / 1000).toFixed(1)} s`);
        console.log(`  expand ratio          ${(kubectlFigures.expandMsMedian / Math.max(fleet.expandMsMedian, 0.01)).toFixed(0).padStart(7)}x   kubectl ${kubectlFigures.expandMsMedian.toFixed(0)} ms / Fleet ${fleet.expandMsMedian.toFixed(2)} ms (medians)`);
      } else {
        console.log('  kubectl-per-expand: skipped, no kubectl binary (build the control plane or set KUBEBUILDER_ASSETS)');
      }
      console.log(`  requests per cluster sync ${fleet.requestsPerClusterSync.toFixed(0).padStart(3)}   (${fleet.namespacedSyncRequests} of them name one namespace)`);
      console.log(`  requests per expand after sync ${fleet.requestsPerExpand.toFixed(1)}`);
      console.log(`  heap per 10,000 cached objects ${fleet.heapMBPer10k.toFixed(1)} MB (${fleet.cachedObjects} objects)${gc ? '' : '  [run with --expose-gc]'}`);
      console.log(`  change from outside shown after ${fleet.changeShownMs.toFixed(1)} ms; sync ${(fleet.syncMs / 1000).toFixed(1)} s`);
    }
    const out = path.join(repoRoot, 'bench', 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'browse.json'), `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(path.join(repoRoot, 'media', 'readme', 'bench-browse.svg'), browseChart(results));
    console.log('\nwrote bench/results/browse.json and media/readme/bench-browse.svg');
  } finally {
    await sim.stop();
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
