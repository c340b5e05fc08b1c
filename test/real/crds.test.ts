// KubeVirt, CDI and Capsule on the real apiserver: every optional group's CRDs are accepted as structural and
// Established, `kubectl get` shows the printer columns filled from stored status, status subresources behave as
// KubeVirt's (VM yes, VMI no), and each CRD's Table has the columns the simulator serves for it.
import * as assert from 'node:assert/strict';
import { ScenarioLoader } from '../controlplane/loader';
import type { ControlPlane } from '../controlplane/launcher';
import type { RestClient } from '../controlplane/rest';
import { SimCluster } from '../sim/cluster';
import { GROUPS, OPTIONAL_GROUPS, Registry, apiVersionOf } from '../sim/resources';
import { scaleScenario } from '../sim/scenarios/scale';
import type { KubeObject } from '../sim/store';
import { RestClient as Client } from '../controlplane/rest';
import { START_TIMEOUT_MS, kubectl, startControlPlane } from './support';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
/** One small scale-scenario cluster: 2 namespaces, VMs Running, Stopped and Paused with their VMIs, and pods. */
const objects: KubeObject[] = scaleScenario({ clusters: '1', namespaces: '2', vms: '20', pods: '2' }).clusters[0].objects;

describe('real control plane: KubeVirt CRDs', function () {
  this.timeout(START_TIMEOUT_MS);
  let plane: ControlPlane;
  let sim: SimCluster;
  let admin: RestClient;
  let simAdmin: RestClient;

  before(async () => {
    const groups = OPTIONAL_GROUPS.filter((g) => g !== 'subresources.kubevirt.io');
    [plane, sim] = await Promise.all([
      startControlPlane({ name: 'crds', groups }),
      SimCluster.start({ name: 'crds', groups, users: [{ name: 'admin', token: 'admin-token', groups: ['system:masters'] }], objects }),
    ]);
    admin = plane.client();
    simAdmin = new Client(sim.url, sim.tls!.caPem, { token: 'admin-token' });
    const report = await new ScenarioLoader(admin, new Registry(groups)).load(objects);
    assert.deepEqual(report.refused, []);
  });

  after(async () => {
    simAdmin?.close();
    await Promise.all([plane?.stop(), sim?.stop()]);
  });

  it('serves every optional group the simulator knows, except virt-api\'s aggregated one', async () => {
    const served = (await admin.get('/apis')).json<{ groups: { name: string; preferredVersion: { version: string } }[] }>().groups;
    for (const g of GROUPS.filter((d) => d.optional && d.group !== 'subresources.kubevirt.io')) {
      assert.equal(served.find((s) => s.name === g.group)?.preferredVersion.version, g.version, g.group);
    }
  });

  it('kubectl get vm shows STATUS and READY from the stored status', async () => {
    const result = await kubectl(plane.kubeconfig(), ['get', 'vm', '-A']);
    assert.equal(result.code, 0, result.stderr);
    const [header, ...rows] = result.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    assert.deepEqual(header, ['NAMESPACE', 'NAME', 'AGE', 'STATUS', 'READY']);
    const byName = new Map(rows.map((r) => [r[1], r.slice(3)]));
    assert.equal(byName.size, 20);
    assert.deepEqual(byName.get('vm-00001'), ['Running', 'True']);
    assert.deepEqual(byName.get('vm-00013'), ['Stopped', 'False']);
    assert.deepEqual(byName.get('vm-00020'), ['Paused', 'True']);
  });

  it('kubectl get vmi -o wide adds LIVE-MIGRATABLE and PAUSED', async () => {
    const result = await kubectl(plane.kubeconfig(), ['get', 'vmi', '-n', 'team-0002', '-o', 'wide']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.deepEqual(lines[0].trim().split(/\s+/), ['NAME', 'AGE', 'PHASE', 'IP', 'NODENAME', 'READY', 'LIVE-MIGRATABLE', 'PAUSED']);
    const paused = lines.find((l) => l.startsWith('vm-00020 '))?.trim().split(/\s+/);
    assert.equal(paused?.[2], 'Running');
    assert.equal(paused?.at(-1), 'True');
  });

  it('a VM write cannot change its status (status subresource); a VMI carries its status (none)', async () => {
    const vm = (await admin.get('/apis/kubevirt.io/v1/namespaces/team-0001/virtualmachines/vm-00001')).json<KubeObject>();
    const changed = await admin.put('/apis/kubevirt.io/v1/namespaces/team-0001/virtualmachines/vm-00001', { ...vm, status: { printableStatus: 'Stopped' } });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json<{ status: { printableStatus: string } }>().status.printableStatus, 'Running');
    const vmi = (await admin.get('/apis/kubevirt.io/v1/namespaces/team-0001/virtualmachineinstances/vm-00001')).json<KubeObject>();
    assert.equal((vmi.status as { phase: string }).phase, 'Running');
    assert.equal((await admin.get('/apis/kubevirt.io/v1/namespaces/team-0001/virtualmachineinstances/vm-00001/status')).status, 404);
  });

  it('refuses what KubeVirt\'s schema refuses (a string where an integer goes) and prunes unknown fields', async () => {
    const vm = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'typed', namespace: 'team-0001' },
      spec: { runStrategy: 'Halted', bogusField: 1, template: { spec: { domain: { cpu: { cores: 'two' }, devices: {} } } } } };
    const refused = await admin.post('/apis/kubevirt.io/v1/namespaces/team-0001/virtualmachines', vm);
    assert.equal(refused.status, 422, refused.text);
    assert.match(refused.json<{ message: string }>().message, /spec\.template\.spec\.domain\.cpu\.cores: Invalid value: "string": spec\.template\.spec\.domain\.cpu\.cores in body must be of type integer/);
    const pruned = await admin.post('/apis/kubevirt.io/v1/namespaces/team-0001/virtualmachines', { ...vm, spec: { ...vm.spec, template: { spec: { domain: { devices: {} } } } } });
    assert.equal(pruned.status, 201, pruned.text);
    assert.equal((pruned.json<{ spec: Record<string, unknown> }>().spec).bogusField, undefined);
    assert.equal((await admin.delete('/apis/kubevirt.io/v1/namespaces/team-0001/virtualmachines/typed')).status, 200);
  });

  it('every CRD\'s Table has the simulator\'s columns and cells', async () => {
    for (const def of new Registry(OPTIONAL_GROUPS).all().filter((d) => d.crd)) {
      const path = `/apis/${apiVersionOf(def)}/${def.resource}`;
      const [real, simulated] = await Promise.all([admin.get(path, { accept: TABLE }), simAdmin.get(path, { accept: TABLE })]);
      assert.equal(real.status, 200, `${path}: ${real.text}`);
      type Table = { columnDefinitions: { name: string; type: string; priority: number }[]; rows: { cells: unknown[]; object: { metadata: { name: string } } }[] };
      const columns = (t: Table) => t.columnDefinitions.map((c) => `${c.name}:${c.type}:${c.priority}`);
      const realTable = real.json<Table>();
      const simTable = simulated.json<Table>();
      assert.deepEqual(columns(simTable), columns(realTable), path);
      // Cells other than ages (which differ by when each server stored the object).
      const dates = realTable.columnDefinitions.map((c) => c.type === 'date');
      const cells = (t: Table) => Object.fromEntries(t.rows.map((r) => [r.object.metadata.name, r.cells.filter((_, i) => !dates[i])]));
      assert.deepEqual(cells(simTable), cells(realTable), path);
    }
  });
});
