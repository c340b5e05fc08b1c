// `npm run bench`: the Fleet's caches against the scale scenario, reported as ratios measured in one run, so
// the numbers compare like with like on whatever machine runs them:
// - sync: time for the Fleet to connect and fill its caches, over the time one plain list of the same
//   objects takes with client-node (the floor any client pays);
// - memory: heap the caches hold, over the size of the same objects as JSON;
// - live update: time from an outside change to the Fleet's change event, over the time a bare client-node
//   watch on the same server takes to see it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CoreV1Api, CustomObjectsApi, KubeConfig, Watch } from '@kubernetes/client-node';
import { Fleet } from '../src/cluster/fleet';
import { loadKubeconfigs } from '../src/cluster/kubeconfig';
import { startScenario } from '../test/sim/scenario';
import { loadScenario } from '../test/sim/scenarios';

const params = { clusters: '1', namespaces: process.env.BENCH_NAMESPACES ?? '200', vms: process.env.BENCH_VMS ?? '5000', pods: process.env.BENCH_PODS ?? '5000' };
const gc = (globalThis as { gc?: () => void }).gc;

function heap(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function until(check: () => boolean, what: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

async function main(): Promise<void> {
  const sim = await startScenario(loadScenario('scale', params), { stepDelayMs: 0 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-bench-'));
  try {
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(file, sim.kubeconfig());
    const context = sim.clusters[0].name;
    const kc = new KubeConfig();
    kc.loadFromFile(file);
    const api = kc.makeApiClient(CustomObjectsApi);

    // Floor: one plain list of the VMs and pods.
    let started = performance.now();
    const vms = (await api.listClusterCustomObject({ group: 'kubevirt.io', version: 'v1', plural: 'virtualmachines' })) as { items: unknown[] };
    const pods = (await kc.makeApiClient(CoreV1Api).listPodForAllNamespaces()).items;
    const listMs = performance.now() - started;
    const jsonBytes = Buffer.byteLength(JSON.stringify(vms.items)) + Buffer.byteLength(JSON.stringify(pods));
    const objects = vms.items.length + pods.length;

    // The Fleet: connect, discover, list+watch every cache.
    const before = heap();
    const fleet = new Fleet(loadKubeconfigs([file]));
    started = performance.now();
    await fleet.connect(context);
    const count = () => fleet.namespaces(context).reduce((n, ns) => n + fleet.vms(context, ns).length + fleet.pods(context, ns).length, 0);
    await until(() => count() >= objects, 'the caches to fill');
    const syncMs = performance.now() - started;
    const cacheBytes = heap() - before;

    // Live update: a bare watch and the Fleet both see one outside change.
    const target = fleet.namespaces(context).map((ns) => fleet.vms(context, ns)[0]).find(Boolean)!;
    const ns = target.metadata.namespace!;
    let bareSeen = 0;
    const watch = await new Watch(kc).watch(`/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`, { watch: 'true', resourceVersion: String(sim.clusters[0].store.resourceVersion) }, (type, obj: { metadata: { name: string } }) => {
      if (type === 'MODIFIED' && obj.metadata.name === target.metadata.name) bareSeen ||= performance.now();
    }, () => undefined);
    let fleetSeen = 0;
    const unsubscribe = fleet.onDidChange((c) => {
      if (c.namespace === ns && c.resource === 'virtualmachines') fleetSeen ||= performance.now();
    });
    await new Promise((r) => setTimeout(r, 200));
    const stored = sim.clusters[0].store.get('virtualmachines.kubevirt.io', ns, target.metadata.name)!;
    stored.metadata.labels = { ...stored.metadata.labels, bench: 'touched' };
    started = performance.now();
    sim.clusters[0].store.update('virtualmachines.kubevirt.io', stored);
    await until(() => bareSeen > 0 && fleetSeen > 0, 'both watchers to see the change', 10_000);
    unsubscribe();
    watch.abort();
    fleet.dispose();

    const row = (name: string, ratio: number, detail: string) => console.log(`${name.padEnd(12)} ${ratio.toFixed(2).padStart(7)}x   ${detail}`);
    console.log(`scale: ${params.namespaces} namespaces, ${vms.items.length} VMs, ${pods.length} pods (${objects} objects, ${(jsonBytes / 1e6).toFixed(1)} MB JSON)${gc ? '' : '  [run with --expose-gc for exact memory]'}`);
    row('sync', syncMs / listMs, `Fleet connect+sync ${syncMs.toFixed(0)} ms / plain list ${listMs.toFixed(0)} ms`);
    row('memory', cacheBytes / jsonBytes, `cache heap ${(cacheBytes / 1e6).toFixed(1)} MB / JSON ${(jsonBytes / 1e6).toFixed(1)} MB`);
    row('live update', (fleetSeen - started) / (bareSeen - started), `Fleet ${(fleetSeen - started).toFixed(1)} ms / bare watch ${(bareSeen - started).toFixed(1)} ms`);
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
