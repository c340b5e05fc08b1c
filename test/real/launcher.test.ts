// The launcher against the real binaries: it starts, reports the pinned version, authenticates static-token and
// client-certificate users, answers with RBAC's real Forbidden, runs the controller manager, and stops leaving
// no process and no data behind, also when the process that started it is killed outright.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pinnedVersions } from '../controlplane/binaries';
import type { ControlPlane } from '../controlplane/launcher';
import { START_TIMEOUT_MS, alive, controlPlaneBinaries, startControlPlane, until } from './support';

describe('real control plane: launcher', function () {
  this.timeout(START_TIMEOUT_MS);
  let plane: ControlPlane;

  before(async () => {
    plane = await startControlPlane({
      name: 'launcher',
      users: [
        { name: 'ops', token: 'ops-token', groups: ['system:masters'] },
        { name: 'dana', token: 'dana-token', groups: ['developers'] },
      ],
    });
  });

  after(async () => {
    await plane?.stop();
  });

  it('serves /version with the pinned Kubernetes version when built from source', async () => {
    const version = (await plane.client().get('/version')).json<{ gitVersion: string; major: string; minor: string }>();
    const binaries = await controlPlaneBinaries();
    if (binaries.origin === 'built from source') {
      assert.equal(version.gitVersion, pinnedVersions().kubernetes);
      assert.equal(`${version.major}.${version.minor}`, pinnedVersions().kubernetes.replace(/^v(\d+)\.(\d+)\..*$/, '$1.$2'));
    }
    assert.match(version.gitVersion, /^v1\.\d+\.\d+/);
  });

  it('authenticates a static token and the same user by client certificate', async () => {
    for (const client of [plane.client('dana'), plane.client('dana', { byCertificate: true })]) {
      const review = await client.post('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
      assert.equal(review.status, 201, review.text);
      const info = review.json<{ status: { userInfo: { username: string; groups: string[] } } }>().status.userInfo;
      assert.equal(info.username, 'dana');
      assert.deepEqual([...info.groups].sort(), ['developers', 'system:authenticated']);
      client.close();
    }
  });

  it('adds a user known by client certificate only after start', async () => {
    const credentials = plane.addCertificateUser('late', ['latecomers']);
    assert.equal(credentials.token, undefined);
    const review = await plane.client('late').post('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    assert.equal(review.status, 201, review.text);
    assert.deepEqual(review.json<{ status: { userInfo: { username: string; groups: string[] } } }>().status.userInfo.groups.sort(), ['latecomers', 'system:authenticated']);
  });

  it('refuses an unknown token with 401 and a user without rights with RBAC\'s Forbidden', async () => {
    const stranger = plane.client().as({ token: 'no-such-token' });
    assert.equal((await stranger.get('/api/v1/namespaces')).status, 401);
    const denied = await plane.client('dana').get('/api/v1/namespaces/kube-system/secrets');
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.json(), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
      message: 'secrets is forbidden: User "dana" cannot list resource "secrets" in API group "" in the namespace "kube-system"',
      details: { kind: 'secrets' },
    });
  });

  it('runs the controller manager: a new namespace gets its service account and the root CA, and deleting it empties it', async function () {
    if (!plane.controllersRunning) this.skip();
    const admin = plane.client();
    assert.equal((await admin.post('/api/v1/namespaces', { metadata: { name: 'scratch' } })).status, 201);
    await until('the default service account', async () => (await admin.get('/api/v1/namespaces/scratch/serviceaccounts/default')).status === 200);
    await until('kube-root-ca.crt', async () => (await admin.get('/api/v1/namespaces/scratch/configmaps/kube-root-ca.crt')).status === 200);
    assert.equal((await admin.post('/api/v1/namespaces/scratch/configmaps', { metadata: { name: 'c' } })).status, 201);
    const deleted = await admin.delete('/api/v1/namespaces/scratch');
    assert.equal(deleted.json<{ status: { phase: string } }>().status.phase, 'Terminating');
    await until('the namespace to go', async () => (await admin.get('/api/v1/namespaces/scratch')).status === 404);
  });

  it('stops every process it started and removes its folder', async () => {
    const other = await startControlPlane({ name: 'short-lived' });
    const pids = other.pids;
    assert.ok(pids.length >= 2 && pids.every(alive));
    await other.stop();
    assert.deepEqual(pids.filter(alive), []);
    assert.equal(fs.existsSync(other.dir), false);
  });

  it('leaves nothing behind when the process that started it is killed with SIGKILL (binaries built here)', async function () {
    // Envtest's binaries lack the parent watchdog of test/controlplane/internal/parentwatch.
    if ((await controlPlaneBinaries()).origin !== 'built from source') this.skip();
    // A child Node process starts a control plane, prints its process ids, and is then killed outright.
    const script = `
      const { ControlPlane } = require(${JSON.stringify(path.join(__dirname, '..', 'controlplane', 'launcher.js'))});
      const { requireControlPlane } = require(${JSON.stringify(path.join(__dirname, '..', 'controlplane', 'binaries.js'))});
      requireControlPlane().then((binaries) => ControlPlane.start({ name: 'orphan', binaries }))
        .then((plane) => console.log(JSON.stringify({ pids: plane.pids, dir: plane.dir })));`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = await until('the orphaned control plane', async () => output.includes('\n') && (JSON.parse(output) as { pids: number[]; dir: string }), START_TIMEOUT_MS - 30_000);
    child.kill('SIGKILL');
    await until('its processes to exit on their own', async () => started.pids.every((pid) => !alive(pid)), 30_000);
    fs.rmSync(started.dir, { recursive: true, force: true });
  });
});
