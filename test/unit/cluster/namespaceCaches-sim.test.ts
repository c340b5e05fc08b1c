// A namespace's workload caches (a developer's): each kind listed once from the API server's watch cache, then
// watched from the list's resourceVersion, on the simulator and on kube-apiserver.
import * as assert from 'node:assert/strict';
import { Fleet } from '../../../src/cluster/fleet';
import { FLEET_START_TIMEOUT_MS, startTestFleet, type TestFleet } from '../../backends/fleet';
import type { Scenario } from '../../sim/scenario';
import type { KubeObject } from '../../sim/store';
import { eventually } from '../lifecycle/simEnv';
import { vm } from '../sim/kubevirt-fake-hooks';
import { kubeconfigFrom, roleBinding, WORKLOAD_READER } from './simSupport';

const TEAMS = ['team-a', 'team-b', 'team-c'];

function scenario(): Scenario {
  const namespaces: KubeObject[] = TEAMS.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  const vms = TEAMS.flatMap((team) => ['vm-1', 'vm-2'].map((name) => ({ ...vm(name), metadata: { name, namespace: team } })));
  return {
    name: 'namespace-caches',
    clusters: [{
      name: 'lab', groups: ['kubevirt.io', 'subresources.kubevirt.io'],
      // A developer who may read the workloads of the three teams only: one cache per namespace and kind.
      users: [{ name: 'admin', token: 'namespace-caches-admin-token', groups: ['system:masters'] }, { name: 'dev', token: 'namespace-caches-dev-token' }],
      contextUser: 'dev',
      objects: [...namespaces, ...vms, WORKLOAD_READER, ...TEAMS.map((team) => roleBinding(team, 'dev', 'workload-reader'))],
    }],
  };
}

describe("a namespace's caches", function () {
  this.timeout(30_000);
  let lab: TestFleet | undefined;
  let fleet: Fleet | undefined;
  const log: string[] = [];

  async function connect(): Promise<Fleet> {
    lab = await startTestFleet(scenario());
    fleet = new Fleet(kubeconfigFrom(lab.kubeconfig()), { namespaces: TEAMS, log: (line) => log.push(line.replace(/^\[lab\] /, '')) });
    await fleet.connect('lab');
    fleet.watchNamespaces('lab', TEAMS);
    const kinds = ['virtualmachines', 'virtualmachineinstances', 'pods'] as const;
    await eventually('every cache synced', () => (TEAMS.every((t) => kinds.every((k) => fleet!.cacheState('lab', k, t) === 'synced')) ? true : undefined));
    assert.ok(TEAMS.every((t) => fleet!.vms('lab', t).length === 2));
    return fleet;
  }

  afterEach(async () => {
    fleet?.dispose();
    await lab?.stop();
    lab = fleet = undefined;
    log.length = 0;
  });

  it('fills each from one list read from the watch cache, then watches from it', async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    const f = await connect();
    const workloads = /^(GET|WATCH) \/(api|apis\/kubevirt\.io)\/v1\/namespaces\/(team-[abc])\/(pods|virtualmachines|virtualmachineinstances)\?(\S*) (\d{3})/;
    const requests = () => log.filter((l) => workloads.test(l)).map((l) => workloads.exec(l)!);
    const lists = requests().filter((m) => m[1] === 'GET');
    assert.equal(lists.length, TEAMS.length * 3, lists.map((m) => m[0]).join('\n'));
    assert.ok(lists.every((m) => new URLSearchParams(m[5]).get('resourceVersion') === '0' && m[6] === '200'), lists.map((m) => m[0]).join('\n'));
    await eventually('one watch of each', () => (requests().filter((m) => m[1] === 'WATCH').length === TEAMS.length * 3 ? true : undefined));
    for (const m of requests().filter((w) => w[1] === 'WATCH')) {
      const from = new URLSearchParams(m[5]).get('resourceVersion');
      assert.ok(from && from !== '0' && m[6] === '200', `watched from the list's resourceVersion: ${m[0]}`);
    }
    // A change after the list comes over the watch, without another list.
    await lab!.cluster('lab').api!.patch('virtualmachines.kubevirt.io', 'team-b', 'vm-2', { metadata: { labels: { seen: 'yes' } } });
    await eventually('the label', () => (f.vms('lab', 'team-b').some((v) => v.metadata.labels?.seen === 'yes') ? true : undefined));
    assert.equal(requests().filter((m) => m[1] === 'GET').length, lists.length);
  });
});
