// The demo scenario on real control planes (the `--backend real` of `npm run sim`): every object loads, each
// cluster serves the groups the scenario asks for (as the simulator's discovery does), the offline context does
// not answer, and the tenant developer's limits are real RBAC.
import * as assert from 'node:assert/strict';
import { RestClient } from '../controlplane/rest';
import { startRealScenario, type RealScenario } from '../controlplane/scenario';
import { startScenario, type RunningScenario } from '../sim/scenario';
import { loadScenario } from '../sim/scenarios/index';
import { START_TIMEOUT_MS, controlPlaneBinaries, kubectl } from './support';

/** Groups only a real kube-apiserver serves (the simulator serves the ones the extension uses). */
const builtInOnly = (group: string) => !group.endsWith('.kubevirt.io') && group !== 'kubevirt.io' && group !== 'capsule.clastix.io';

describe('real control plane: the demo scenario', function () {
  this.timeout(START_TIMEOUT_MS);
  const scenario = loadScenario('demo');
  let real: RealScenario;
  let sim: RunningScenario;

  before(async () => {
    [real, sim] = await Promise.all([startRealScenario(scenario, { binaries: await controlPlaneBinaries() }), startScenario(scenario)]);
  });

  after(async () => {
    await Promise.all([real?.stop(), sim?.stop()]);
  });

  it('loads every object of every cluster, none refused', () => {
    for (const [i, c] of scenario.clusters.entries()) {
      const cluster = real.clusters[i];
      assert.equal(cluster.name, c.name);
      if (c.offline) continue;
      assert.equal(cluster.load?.objects, c.objects.length);
      assert.deepEqual(cluster.load?.refused, []);
    }
  });

  it('each cluster serves the scenario\'s KubeVirt, CDI and Capsule groups as the simulator does (virt-api\'s aside)', async () => {
    for (const [i, c] of scenario.clusters.entries()) {
      if (c.offline) continue;
      const admin = real.clusters[i].controlPlane!.client();
      const realGroups = (await admin.get('/apis')).json<{ groups: { name: string }[] }>().groups.map((g) => g.name).filter((g) => !builtInOnly(g));
      const simCluster = sim.clusters[i];
      const simAdmin = new RestClient(simCluster.url, simCluster.tls!.caPem, { token: c.users.find((u) => u.groups?.includes('system:masters'))!.token });
      const simGroups = (await simAdmin.get('/apis')).json<{ groups: { name: string }[] }>().groups.map((g) => g.name).filter((g) => !builtInOnly(g) && g !== 'subresources.kubevirt.io');
      simAdmin.close();
      assert.deepEqual(realGroups.sort(), simGroups.sort(), c.name);
    }
    assert.ok(!scenario.clusters.find((c) => c.name === 'edge-lab')!.groups?.length, 'edge-lab has no KubeVirt');
  });

  it('kubectl lists the demo VMs on prod-east', async () => {
    const result = await kubectl(real.kubeconfig(), ['--context', 'prod-east', 'get', 'vm', '-A', '--no-headers']);
    assert.equal(result.code, 0, result.stderr);
    const expected = scenario.clusters[0].objects.filter((o) => o.kind === 'VirtualMachine').length;
    assert.equal(result.stdout.trim().split('\n').length, expected);
  });

  it('the tenant developer of shared-dev gets RBAC\'s Forbidden for namespaces, and sees the VMs of oil-dev', async () => {
    const denied = await kubectl(real.kubeconfig(), ['--context', 'shared-dev', 'get', 'namespaces']);
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
