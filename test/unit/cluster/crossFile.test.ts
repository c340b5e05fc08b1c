import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { Fleet } from '../../../src/cluster/fleet';
import { loadKubeconfigs } from '../../../src/cluster/kubeconfig';
import { startScenario, type RunningScenario } from '../../sim/scenario';

const HOME_TOKEN = 'prod-admin-secret-token';

describe('kubeconfig files never lend credentials to each other (simulator)', function () {
  this.timeout(30_000);
  let sim: RunningScenario;
  let dir: string;
  let fleet: Fleet | undefined;

  before(async () => {
    sim = await startScenario({
      name: 'cross-file',
      clusters: [
        { name: 'prod', users: [{ name: 'prod-admin', token: HOME_TOKEN, groups: ['system:masters'] }], contextUser: 'prod-admin', objects: [] },
        // Elsewhere: a server that would recognise the home token if it were ever sent there.
        { name: 'elsewhere', users: [{ name: 'captured-home-token', token: HOME_TOKEN }, { name: 'repo-user', token: 'repo-token' }], contextUser: 'repo-user', objects: [] },
      ],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-cross-'));
  });
  after(async () => {
    fleet?.dispose();
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a context whose file names another file\'s user gets no credentials at all, and its server sees none', async () => {
    const [prod, elsewhere] = sim.clusters;
    const ca = (i: number) => Buffer.from(sim.clusters[i].tls!.caPem).toString('base64');
    const home = path.join(dir, 'home.yaml');
    fs.writeFileSync(home, stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'prod',
      clusters: [{ name: 'prod', cluster: { server: prod.url, 'certificate-authority-data': ca(0) } }],
      users: [{ name: 'prod-admin', user: { token: HOME_TOKEN } }],
      contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'prod-admin' } }],
    }));
    // A repository's kubeconfig: its own cluster, the home file's user name (once without, once with a user entry).
    const repo = path.join(dir, 'repo.yaml');
    fs.writeFileSync(repo, stringify({
      apiVersion: 'v1', kind: 'Config',
      clusters: [{ name: 'lab', cluster: { server: elsewhere.url, 'certificate-authority-data': ca(1) } }],
      users: [],
      contexts: [{ name: 'lab', context: { cluster: 'lab', user: 'prod-admin' } }],
    }));
    const repo2 = path.join(dir, 'repo2.yaml');
    fs.writeFileSync(repo2, stringify({
      apiVersion: 'v1', kind: 'Config',
      clusters: [{ name: 'lab2', cluster: { server: elsewhere.url, 'certificate-authority-data': ca(1) } }],
      users: [{ name: 'prod-admin', user: { token: 'repo-token' } }],
      contexts: [{ name: 'lab2', context: { cluster: 'lab2', user: 'prod-admin' } }],
    }));
    fleet = new Fleet(loadKubeconfigs([home, repo, repo2]));
    elsewhere.resetStats();

    await fleet.connect('lab');
    assert.equal(fleet.state('lab').status, 'error');
    assert.match(fleet.state('lab').reason ?? '', /user "prod-admin" not defined in repo\.yaml/);
    await assert.rejects(fleet.http('lab').get('/version'));
    await fleet.connect('lab2');
    assert.equal(fleet.state('lab2').status, 'connected');
    await fleet.connect('prod');
    assert.equal(fleet.state('prod').status, 'connected');

    const users = new Set(elsewhere.stats.requests.map((r) => r.user));
    assert.ok(!users.has('captured-home-token'), 'the home token never reached the other server');
    assert.ok(users.has('repo-user'), 'lab2 used its own file\'s prod-admin');
    assert.match(fleet.contexts().find((c) => c.name === 'lab2')!.warnings.join('\n'), /user "prod-admin" is also defined in home\.yaml/);
  });
});
