// The demo scenario on real control planes (the `--backend real` of `npm run sim`): every object loads, each
// cluster serves the groups the scenario asks for (as the simulator's discovery does, virt-api's through the
// aggregator), the offline context does not answer, the tenant developer's limits are real RBAC — and with real
// kubectl: the VMs show the STATUS and READY the KubeVirt simulation computes, a start through the aggregator runs
// a Stopped VM, and virt-api's webhook refuses a VM with both `running` and `runStrategy`.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RestClient } from '../controlplane/rest';
import { startRealScenario, type RealScenario } from '../controlplane/scenario';
import { startScenario, type RunningScenario } from '../sim/scenario';
import { loadScenario } from '../sim/scenarios/index';
import { START_TIMEOUT_MS, controlPlaneBinaries, kubectl, until } from './support';

/** Groups only a real kube-apiserver serves (the simulator serves the ones the extension uses). */
const builtInOnly = (group: string) => !group.endsWith('.kubevirt.io') && group !== 'kubevirt.io' && group !== 'capsule.clastix.io';

describe('real control plane: the demo scenario', function () {
  this.timeout(START_TIMEOUT_MS);
  const scenario = loadScenario('demo');
  let real: RealScenario;
  let sim: RunningScenario;
  let scratch: string;

  before(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'kvwb-scenario-'));
    [real, sim] = await Promise.all([startRealScenario(scenario, { binaries: await controlPlaneBinaries() }), startScenario(scenario)]);
  });

  after(async () => {
    await Promise.all([real?.stop(), sim?.stop()]);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  let files = 0;
  const fileWith = (text: string) => {
    const file = path.join(scratch, `manifest-${++files}.yaml`);
    writeFileSync(file, text);
    return file;
  };
  const emptyFile = () => fileWith('');
  const realConfig = () => real.kubeconfig();

  it('loads every object of every cluster, none refused', () => {
    for (const [i, c] of scenario.clusters.entries()) {
      const cluster = real.clusters[i];
      assert.equal(cluster.name, c.name);
      if (c.offline) continue;
      assert.equal(cluster.load?.objects, c.objects.length);
      assert.deepEqual(cluster.load?.refused, []);
    }
  });

  it('each cluster serves the scenario\'s KubeVirt, CDI and Capsule groups as the simulator does, virt-api\'s through the aggregator', async () => {
    for (const [i, c] of scenario.clusters.entries()) {
      if (c.offline) continue;
      const admin = real.clusters[i].controlPlane!.client();
      const realGroups = (await admin.get('/apis')).json<{ groups: { name: string }[] }>().groups.map((g) => g.name).filter((g) => !builtInOnly(g));
      const simCluster = sim.clusters[i];
      const simAdmin = new RestClient(simCluster.url, simCluster.tls!.caPem, { token: c.users.find((u) => u.groups?.includes('system:masters'))!.token });
      const simGroups = (await simAdmin.get('/apis')).json<{ groups: { name: string }[] }>().groups.map((g) => g.name).filter((g) => !builtInOnly(g));
      simAdmin.close();
      assert.deepEqual(realGroups.sort(), simGroups.sort(), c.name);
    }
    assert.ok(!scenario.clusters.find((c) => c.name === 'edge-lab')!.groups?.length, 'edge-lab has no KubeVirt');
  });

  it('kubectl get vm -A shows every demo VM with the STATUS and READY the simulation computed, as the simulator does', async () => {
    const rows = (out: string) => out.trim().split('\n').map((l) => l.trim().split(/\s+/)).map(([ns, name, , status, ready]) => `${ns}/${name} ${status} ${ready}`).sort();
    const simConfig = sim.kubeconfig();
    // The pinned and settled statuses, once both have converged (pins hold transitional states).
    let last = '';
    await until('the same VM table on both', async () => {
      const [real, simulated] = await Promise.all([
        kubectl(realConfig(), ['--context', 'prod-east', 'get', 'vm', '-A', '--no-headers']),
        kubectl(simConfig, ['--context', 'prod-east', 'get', 'vm', '-A', '--no-headers']),
      ]);
      assert.equal(real.code, 0, real.stderr);
      last = `real:\n${rows(real.stdout).join('\n')}\nsim:\n${rows(simulated.stdout).join('\n')}`;
      return JSON.stringify(rows(real.stdout)) === JSON.stringify(rows(simulated.stdout));
    }, 120_000).catch((e: Error) => assert.fail(`${e.message}\n${last}`));
    const table = await kubectl(realConfig(), ['--context', 'prod-east', 'get', 'vm', '-A']);
    assert.deepEqual(table.stdout.split('\n')[0].trim().split(/\s+/), ['NAMESPACE', 'NAME', 'AGE', 'STATUS', 'READY']);
    const expected = scenario.clusters[0].objects.filter((o) => o.kind === 'VirtualMachine').length;
    assert.equal(table.stdout.trim().split('\n').length - 1, expected);
    assert.match(table.stdout, /tenant-alpha\s+web-frontend-1\s+\S+\s+Running\s+True/);
    assert.match(table.stdout, /tenant-alpha\s+legacy-app\s+\S+\s+Stopped\s+False/);
  });

  it('a PUT of start through the real aggregator, with the user\'s token, starts a Stopped VM and kubectl sees it Running', async () => {
    await until('batch-worker Stopped', async () => / Stopped /.test((await kubectl(realConfig(), ['--context', 'prod-east', 'get', 'vm', '-n', 'tenant-alpha', 'batch-worker', '--no-headers'])).stdout));
    const started = await kubectl(realConfig(), ['--context', 'prod-east', 'replace', '--raw', '/apis/subresources.kubevirt.io/v1/namespaces/tenant-alpha/virtualmachines/batch-worker/start', '-f', emptyFile()]);
    assert.equal(started.code, 0, started.stderr);
    await until('batch-worker Running', async () => /\sRunning\s+True$/.test((await kubectl(realConfig(), ['--context', 'prod-east', 'get', 'vm', '-n', 'tenant-alpha', 'batch-worker', '--no-headers'])).stdout.trim()), 60_000);
    // The tenant developer of shared-dev may start VMs in oil-dev: her bearer token, straight to kube-apiserver.
    const shared = real.clusters[1];
    const alice = new RestClient(shared.url, shared.caPem, { token: scenario.clusters[1].users.find((u) => u.name === 'alice')!.token });
    const stopped = scenario.clusters[1].objects.find((o) => o.kind === 'VirtualMachine' && o.metadata.namespace === 'oil-dev' && (o.spec as { runStrategy?: string }).runStrategy === 'Manual');
    assert.ok(stopped, 'oil-dev has a VM started by hand');
    const answer = await alice.put(`/apis/subresources.kubevirt.io/v1/namespaces/oil-dev/virtualmachines/${stopped.metadata.name}/start`, '');
    assert.equal(answer.status, 202, answer.text);
    const migrate = await alice.put(`/apis/subresources.kubevirt.io/v1/namespaces/oil-dev/virtualmachines/${stopped.metadata.name}/migrate`, '');
    assert.equal(migrate.status, 403);
    assert.equal(migrate.json<{ message: string }>().message, `virtualmachines.subresources.kubevirt.io "${stopped.metadata.name}" is forbidden: User "alice" cannot update resource "virtualmachines/migrate" in API group "subresources.kubevirt.io" in the namespace "oil-dev"`);
    alice.close();
    await until(`${stopped.metadata.name} Running`, async () => /\sRunning\s+True$/.test((await kubectl(realConfig(), ['--context', 'shared-dev', 'get', 'vm', stopped.metadata.name!, '--no-headers'])).stdout.trim()), 60_000);
  });

  it('kubectl create of a VM with both running and runStrategy is refused by virt-api\'s webhook', async () => {
    const manifest = ['apiVersion: kubevirt.io/v1', 'kind: VirtualMachine', 'metadata: {name: both-fields, namespace: tenant-alpha}', 'spec:', '  running: true', '  runStrategy: Always',
      '  template: {spec: {domain: {devices: {}, memory: {guest: 128Mi}}}}', ''].join('\n');
    const refused = await kubectl(realConfig(), ['--context', 'prod-east', 'create', '-f', fileWith(manifest)]);
    assert.notEqual(refused.code, 0);
    assert.equal(refused.stderr.trim(), 'The request is invalid: spec.running: Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead');
    assert.equal((await kubectl(realConfig(), ['--context', 'prod-east', 'get', 'vm', '-n', 'tenant-alpha', 'both-fields'])).code, 1);
  });

  it('the tenant developer of shared-dev gets RBAC\'s Forbidden for namespaces, and sees the VMs of oil-dev', async () => {
    const denied = await kubectl(realConfig(), ['--context', 'shared-dev', 'get', 'namespaces']);
    assert.notEqual(denied.code, 0);
    assert.equal(denied.stderr.trim(), 'Error from server (Forbidden): namespaces is forbidden: User "alice" cannot list resource "namespaces" in API group "" at the cluster scope');
    const vms = await kubectl(real.kubeconfig(), ['--context', 'shared-dev', 'get', 'vm', '-o', 'name']);
    assert.equal(vms.code, 0, vms.stderr);
    const inOilDev = scenario.clusters[1].objects.filter((o) => o.kind === 'VirtualMachine' && o.metadata.namespace === 'oil-dev');
    assert.ok(inOilDev.length > 0);
    assert.deepEqual(vms.stdout.trim().split('\n').sort(), inOilDev.map((o) => `virtualmachine.kubevirt.io/${o.metadata.name}`).sort());
  });

  it('the offline context does not answer', async () => {
    const result = await kubectl(real.kubeconfig(), ['--context', 'offline', 'get', 'namespaces', '--request-timeout=5s']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /connection refused/);
  });
});
