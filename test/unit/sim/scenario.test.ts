// Scenario plumbing: several clusters, one kubeconfig, offline contexts, and the `npm run sim` CLI.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { startScenario, type RunningScenario, type Scenario } from '../../sim/scenario';
import { loadScenario } from '../../sim/scenarios/index';
import { ADMIN, KUBEVIRT_GROUPS, TENANT, TempDir, kubectl, repoRoot, tenantObjects } from './sim-helpers';

const scenario: Scenario = {
  name: 'inline',
  clusters: [
    {
      name: 'alpha', groups: KUBEVIRT_GROUPS, users: [ADMIN, TENANT], contextUser: 'alice', contextNamespace: 'team-a',
      objects: [
        ...tenantObjects(),
        { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata-fc' }, handler: 'kata-fc', overhead: { podFixed: { cpu: '250m', memory: '130Mi' } } },
        {
          apiVersion: 'v1', kind: 'Pod', metadata: { name: 'micro', namespace: 'team-a' },
          spec: { runtimeClassName: 'kata-fc', containers: [{ name: 'app', image: 'nginx' }] }, status: { phase: 'Running', podIP: '10.0.0.9' },
        },
      ],
    },
    { name: 'beta', users: [ADMIN], contextUser: 'admin', objects: [] },
    { name: 'gone', offline: true, users: [ADMIN], contextUser: 'admin', objects: [] },
  ],
};

describe('sim scenarios', function () {
  this.timeout(30_000);
  let running: RunningScenario;
  let dir: TempDir;

  before(async () => {
    running = await startScenario(scenario, { stepDelayMs: 0 });
    dir = new TempDir();
  });
  after(async () => {
    await running.stop();
    dir.remove();
  });

  it('writes one kubeconfig with a context per cluster, the first current', () => {
    const config = parse(running.kubeconfig());
    assert.equal(config['current-context'], 'alpha');
    assert.deepEqual(config.contexts.map((c: { name: string }) => c.name), ['alpha', 'beta', 'gone']);
    assert.deepEqual(config.contexts[0].context, { cluster: 'alpha', user: 'alice@alpha', namespace: 'team-a' });
    assert.deepEqual(config.users[0], { name: 'alice@alpha', user: { token: TENANT.token } });
    assert.match(config.clusters[0].cluster.server, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), /^-----BEGIN CERTIFICATE-----/);
  });

  it('loads objects through admission and keeps their status', () => {
    const pod = running.clusters[0].store.get('pods', 'team-a', 'micro')!;
    assert.deepEqual((pod.spec as { overhead?: object }).overhead, { cpu: '250m', memory: '130Mi' }, 'RuntimeClass overhead');
    assert.equal((pod.status as { podIP?: string }).podIP, '10.0.0.9');
  });

  it('serves each context to kubectl; the offline one refuses connections until it comes online', async () => {
    const kubeconfig = dir.file('config', running.kubeconfig());
    const cache = path.join(dir.path, 'cache');
    const own = await kubectl(kubeconfig, cache, ['get', 'pods', '-o', 'name']);
    assert.equal(own.stdout.trim(), 'pod/micro', own.stderr);
    const beta = await kubectl(kubeconfig, cache, ['--context', 'beta', 'get', 'vm']);
    assert.equal(beta.code, 1);
    assert.match(beta.stderr, /the server doesn't have a resource type "vm"/, 'KubeVirt is not installed on beta');
    const offline = await kubectl(kubeconfig, cache, ['--context', 'gone', 'get', 'ns']);
    assert.equal(offline.code, 1);
    assert.match(offline.stderr, /connect: connection refused/);
    await running.clusters[2].faults.online();
    const online = await kubectl(kubeconfig, cache, ['--context', 'gone', 'get', 'ns', '-o', 'name']);
    assert.equal(online.code, 0, online.stderr);
    assert.match(online.stdout, /namespace\/default/);
  });

  it('runs as `npm run sim` (--http): writes the kubeconfig, prints the contexts, exits 0 on SIGTERM', async () => {
    const file = path.join(dir.path, 'cli-config');
    const child = spawn(process.execPath, [path.join(repoRoot, 'out/test/sim/cli.js'), '--scenario', 'demo', '--kubeconfig', file, '--step-delay', '0', '--http'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => output.includes('Press Ctrl-C') && resolve());
      void exited.then(() => reject(new Error(`cli exited early: ${output}`)));
    });
    const config = parse(readFileSync(file, 'utf8'));
    const demo = loadScenario('demo');
    assert.deepEqual(config.contexts.map((c: { name: string }) => c.name), demo.clusters.map((c) => c.name));
    for (const c of demo.clusters) assert.ok(output.includes(`  ${c.name}`), output);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
