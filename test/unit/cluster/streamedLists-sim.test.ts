// A namespace's workload caches list by streaming (one watch per kind sends every object, a bookmark ending them,
// then the changes), on the simulator and on kube-apiserver; a server that refuses it is listed in pages.
import * as assert from 'node:assert/strict';
import { Fleet } from '../../../src/cluster/fleet';
import { FLEET_START_TIMEOUT_MS, simOnly, startTestFleet, type TestFleet } from '../../backends/fleet';
import type { Scenario } from '../../sim/scenario';
import type { KubeObject } from '../../sim/store';
import { eventually } from '../lifecycle/simEnv';
import { vm } from '../sim/kubevirt-fake-hooks';
import { kubeconfigFrom, roleBinding, WORKLOAD_READER } from './simSupport';

const TEAMS = ['team-a', 'team-b', 'team-c'];

function scenario(streamingLists?: boolean): Scenario {
  const namespaces: KubeObject[] = TEAMS.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  const vms = TEAMS.flatMap((team) => ['vm-1', 'vm-2'].map((name) => ({ ...vm(name), metadata: { name, namespace: team } })));
  return {
    name: 'streamed-lists',
    clusters: [{
      name: 'lab', groups: ['kubevirt.io', 'subresources.kubevirt.io'], streamingLists,
      // A developer who may read the workloads of the three teams only: one cache per namespace and kind.
      users: [{ name: 'admin', token: 'streamed-lists-admin-token', groups: ['system:masters'] }, { name: 'dev', token: 'streamed-lists-dev-token' }],
      contextUser: 'dev',
      objects: [...namespaces, ...vms, WORKLOAD_READER, ...TEAMS.map((team) => roleBinding(team, 'dev', 'workload-reader'))],
    }],
  };
}

describe('streamed lists', function () {
  this.timeout(30_000);
  let lab: TestFleet | undefined;
  let fleet: Fleet | undefined;
  const log: string[] = [];

  async function connect(streamingLists?: boolean): Promise<Fleet> {
    lab = await startTestFleet(scenario(streamingLists));
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

  it('fills each namespace\'s caches from one streamed list, which goes on as its watch', async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    const f = await connect();
    const workloads = /^(GET|WATCH) \/(api|apis\/kubevirt\.io)\/v1\/namespaces\/(team-[abc])\/(pods|virtualmachines|virtualmachineinstances)\?/;
    const requests = log.filter((l) => workloads.test(l));
    assert.equal(requests.length, TEAMS.length * 3, requests.join('\n'));
    assert.ok(requests.every((l) => l.startsWith('WATCH ') && l.includes('sendInitialEvents=true') && l.endsWith(' 200')), requests.join('\n'));
    assert.equal(f.cacheState('lab', 'virtualmachines', 'team-b'), 'synced');
    // A change after the list comes over the same request.
    await lab!.cluster('lab').api!.patch('virtualmachines.kubevirt.io', 'team-b', 'vm-2', { metadata: { labels: { seen: 'yes' } } });
    await eventually('the label', () => (f.vms('lab', 'team-b').some((v) => v.metadata.labels?.seen === 'yes') ? true : undefined));
    assert.equal(log.filter((l) => workloads.test(l)).length, requests.length);
  });

  it('lists in pages where the server refuses streamed lists, each cache started before the refusal asking once', async function () {
    simOnly(this, 'kube-apiserver 1.36 streams lists');
    this.timeout(FLEET_START_TIMEOUT_MS);
    await connect(false);
    const paths = TEAMS.flatMap((team) => [`/apis/kubevirt.io/v1/namespaces/${team}/virtualmachines`, `/apis/kubevirt.io/v1/namespaces/${team}/virtualmachineinstances`, `/api/v1/namespaces/${team}/pods`]);
    for (const path of paths) {
      const refused = log.filter((l) => l.startsWith(`WATCH ${path}?`) && l.includes('sendInitialEvents=true'));
      assert.ok(refused.length <= 1, `${path}: ${refused.join('\n')}`);
      assert.ok(refused.every((l) => / 422$/.test(l)));
      assert.ok(log.some((l) => l.startsWith(`GET ${path}?`) && l.includes(' 200')), `${path} listed in pages`);
    }
    assert.ok(log.some((l) => l.startsWith('WATCH ') && l.includes('sendInitialEvents=true') && / 422$/.test(l)), 'streaming was tried');
    assert.equal(fleet!.cacheState('lab', 'virtualmachines', 'team-b'), 'synced');
  });
});
