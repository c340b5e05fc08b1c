// The simulator against the real kubectl (v1.32): discovery, Table output, apply of every shared fixture,
// patch, delete, auth can-i, watch, and RBAC denials, all over TLS checked against the cluster's CA.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { SimCluster } from '../../sim/cluster';
import { keyOf } from '../../sim/resources';
import { fixturesDir as sharedFixtures, fixturesPresent } from '../fixtures';
import { ADMIN, TENANT, TempDir, kubeconfigFor, kubectl, startCluster, until, vm, type KubectlResult } from './sim-helpers';

/** `kind/name` of every object in a fixture file, as kubectl names them in its output (`pod/busybox`). */
function fixtureObjects(file: string): { apiVersion: string; kind: string; name: string; namespace?: string }[] {
  const text = readFileSync(file, 'utf8');
  const docs = file.endsWith('.json') ? [JSON.parse(text)] : parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d);
  return docs.map((d: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }) => ({ apiVersion: d.apiVersion, kind: d.kind, name: d.metadata?.name, namespace: d.metadata?.namespace }));
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

describe('sim with the real kubectl', function () {
  this.timeout(60_000);
  let cluster: SimCluster;
  let dir: TempDir;
  let admin: string;
  let tenant: string;
  const run = (kubeconfig: string, ...args: string[]): Promise<KubectlResult> => kubectl(kubeconfig, path.join(dir.path, 'cache'), args);

  before(async () => {
    cluster = await startCluster();
    dir = new TempDir();
    admin = dir.file('admin.yaml', kubeconfigFor(cluster, ADMIN));
    tenant = dir.file('tenant.yaml', kubeconfigFor(cluster, TENANT, 'team-a'));
  });
  after(async () => {
    await cluster.stop();
    dir.remove();
  });

  it('gets namespaces as a Table', async () => {
    const out = await run(admin, 'get', 'ns');
    assert.equal(out.code, 0, out.stderr);
    assert.match(lines(out.stdout)[0], /^NAME\s+STATUS\s+AGE$/);
    assert.ok(lines(out.stdout).some((l) => /^team-a\s+Active\s+\d+s$/.test(l)), out.stdout);
  });

  it('gets VMs across namespaces with the KubeVirt printer columns', async () => {
    cluster.store.create('virtualmachines.kubevirt.io', vm('listed', 'team-b'));
    const out = await run(admin, 'get', 'vm', '-A');
    assert.equal(out.code, 0, out.stderr);
    assert.match(lines(out.stdout)[0], /^NAMESPACE\s+NAME\s+AGE\s+STATUS\s+READY$/);
    assert.ok(lines(out.stdout).some((l) => /^team-b\s+listed\s+\d+s\s+\S+/.test(l)), out.stdout);
  });

  (fixturesPresent ? it : it.skip)('applies every KubeVirt fixture, rejecting exactly the ones a real cluster rejects (over ../shared/fixtures)', async () => {
    const folder = path.join(sharedFixtures, 'kubevirt');
    const out = await run(admin, 'apply', '-f', folder);
    assert.equal(out.code, 1);
    assert.deepEqual(lines(out.stderr), [
      `error validating "${folder}/userguide-guest_agent_information-vmi-status.yaml": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false`,
      // The round-trip objects hold placeholders; their namespace "namespaceValue" does not exist, which is
      // what kube-apiserver's namespace lifecycle admission answers first.
      `Error from server (NotFound): error when creating "${folder}/kubevirt.io.v1.VirtualMachine.json": namespaces "namespaceValue" not found`,
      `Error from server (NotFound): error when creating "${folder}/kubevirt.io.v1.VirtualMachineInstance.json": namespaces "namespaceValue" not found`,
    ]);
    const rejected = new Set(['userguide-guest_agent_information-vmi-status.yaml', 'kubevirt.io.v1.VirtualMachine.json', 'kubevirt.io.v1.VirtualMachineInstance.json']);
    const applied = readdirSync(folder).filter((f) => /\.(ya?ml|json)$/.test(f) && !rejected.has(f));
    const reported = lines(out.stdout);
    for (const file of applied) {
      for (const o of fixtureObjects(path.join(folder, file))) {
        const group = o.apiVersion.includes('/') ? '.' + o.apiVersion.split('/')[0] : '';
        const ref = `${o.kind.toLowerCase()}${group}/${o.name}`;
        assert.ok(reported.some((l) => l.startsWith(`${ref} `)), `${file}: ${ref} not in ${out.stdout}`);
        const def = cluster.registry.byKind(o.apiVersion, o.kind)!;
        assert.ok(cluster.store.get(keyOf(def), def.namespaced ? 'default' : undefined, o.name), `${ref} stored`);
      }
    }
  });

  (fixturesPresent ? it : it.skip)('applies every Kata/gVisor fixture; the v1beta1 gVisor RuntimeClass is not served (over ../shared/fixtures)', async () => {
    const folder = path.join(sharedFixtures, 'kata');
    // RuntimeClasses first: pods naming one that does not exist yet are rejected by RuntimeClass admission.
    const classes = await run(admin, 'apply', '-f', path.join(folder, 'kata-runtimeClasses.yaml'), '-f', path.join(folder, 'kata-runtimeclass.yaml'));
    assert.equal(classes.code, 0, classes.stderr);
    assert.equal(lines(classes.stdout).length, 19);
    const out = await run(admin, 'apply', '-f', folder);
    assert.equal(out.code, 1);
    assert.deepEqual(lines(out.stderr).sort(), [
      `resource mapping not found for name: "gvisor" namespace: "" from "${folder}/gvisor-runtimeclass.yaml": no matches for kind "RuntimeClass" in version "node.k8s.io/v1beta1"`,
      'ensure CRDs are installed first',
      `Error from server (Forbidden): error when creating "${folder}/nginx-gvisor-pod.yaml": pods "nginx-gvisor" is forbidden: pod rejected: RuntimeClass "gvisor" not found`,
    ].sort());
    const reported = lines(out.stdout);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.yaml') && !f.includes('gvisor'))) {
      for (const o of fixtureObjects(path.join(folder, file))) {
        const group = o.apiVersion.includes('/') ? '.' + o.apiVersion.split('/')[0] : '';
        const ref = `${o.kind.toLowerCase()}${group}/${o.name}`;
        assert.ok(reported.some((l) => l === `${ref} created` || l === `${ref} unchanged`), `${file}: ${ref} not in ${out.stdout}`);
      }
    }
    const busybox = cluster.store.get('pods', 'default', 'busybox');
    assert.deepEqual((busybox?.spec as { overhead?: object }).overhead, { memory: '160Mi', cpu: '250m' }, 'RuntimeClass overhead admitted');
  });

  it('creates namespaces, configmaps and secrets, which kubectl sends as protobuf', async () => {
    for (const args of [['create', 'namespace', 'made-by-kubectl'], ['create', 'configmap', 'cfg', '--from-literal=a=b', '-n', 'made-by-kubectl'],
      ['create', 'secret', 'generic', 'pw', '--from-literal=p=q', '-n', 'made-by-kubectl']]) {
      const out = await run(admin, ...args);
      assert.equal(out.code, 0, out.stderr);
    }
    assert.deepEqual(cluster.store.get('namespaces', undefined, 'made-by-kubectl')?.status, { phase: 'Active' });
    assert.deepEqual(cluster.store.get('configmaps', 'made-by-kubectl', 'cfg')?.data, { a: 'b' });
    const secret = cluster.store.get('secrets', 'made-by-kubectl', 'pw');
    assert.deepEqual([secret?.data, secret?.type], [{ p: Buffer.from('q').toString('base64') }, 'Opaque']);
  });

  it('patches with --type merge and deletes', async () => {
    cluster.store.create('virtualmachines.kubevirt.io', vm('to-patch', 'team-a'));
    const patched = await run(admin, 'patch', 'vm', 'to-patch', '-n', 'team-a', '--type', 'merge', '-p', '{"metadata":{"labels":{"tier":"gold"}}}');
    assert.equal(patched.code, 0, patched.stderr);
    assert.equal(patched.stdout.trim(), 'virtualmachine.kubevirt.io/to-patch patched');
    assert.equal(cluster.store.get('virtualmachines.kubevirt.io', 'team-a', 'to-patch')?.metadata.labels?.tier, 'gold');
    const deleted = await run(admin, 'delete', 'vm', 'to-patch', '-n', 'team-a');
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.stdout.trim(), 'virtualmachine.kubevirt.io "to-patch" deleted');
    const again = await run(admin, 'delete', 'vm', 'to-patch', '-n', 'team-a');
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim(), 'Error from server (NotFound): virtualmachines.kubevirt.io "to-patch" not found');
  });

  it('answers auth can-i for the tenant from RBAC', async () => {
    const yes = await run(tenant, 'auth', 'can-i', 'list', 'virtualmachines.kubevirt.io');
    assert.deepEqual([yes.code, yes.stdout.trim()], [0, 'yes']);
    const no = await run(tenant, 'auth', 'can-i', 'delete', 'virtualmachines.kubevirt.io');
    assert.deepEqual([no.code, no.stdout.trim()], [1, 'no']);
    const elsewhere = await run(tenant, 'auth', 'can-i', 'list', 'virtualmachines.kubevirt.io', '-n', 'team-b');
    assert.equal(elsewhere.stdout.trim(), 'no');
    // virt-api lists only `virtualmachines/start` etc., so kubectl cannot resolve the resource: it warns and sends
    // resource "virtualmachines.subresources.kubevirt.io" in group "", which no rule grants (as on a real cluster).
    const start = await run(tenant, 'auth', 'can-i', 'update', 'virtualmachines.subresources.kubevirt.io', '--subresource=start');
    assert.deepEqual([start.stdout.trim(), start.stderr.trim()], ['no', "Warning: the server doesn't have a resource type 'virtualmachines' in group 'subresources.kubevirt.io'"]);
  });

  it('shows the tenant the real Forbidden message', async () => {
    const out = await run(tenant, 'get', 'vm', '-n', 'team-b');
    assert.equal(out.code, 1);
    assert.equal(out.stderr.trim(), 'Error from server (Forbidden): virtualmachines.kubevirt.io is forbidden: User "alice" cannot list resource "virtualmachines" in API group "kubevirt.io" in the namespace "team-b"');
    const own = await run(tenant, 'get', 'vm');
    assert.equal(own.code, 0, own.stderr);
  });

  it('watches with get -w until the request timeout', async () => {
    cluster.store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched-0', namespace: 'team-b' } });
    const before = cluster.openWatches;
    const watching = run(admin, 'get', 'configmaps', '-n', 'team-b', '-w', '--request-timeout=2s');
    await until(() => cluster.openWatches > before, 'kubectl to start watching', 1000);
    cluster.store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched-1', namespace: 'team-b' } });
    const out = await watching;
    assert.equal(out.code, 0, out.stderr);
    assert.match(lines(out.stdout)[0], /^NAME\s+DATA\s+AGE$/);
    assert.deepEqual(lines(out.stdout).slice(1).map((l) => l.split(/\s+/)[0]), ['watched-0', 'watched-1']);
  });
});
