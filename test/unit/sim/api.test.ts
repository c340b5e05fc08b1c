// kube-apiserver semantics of the simulator over real HTTPS: discovery, errors, writes, patches, deletes,
// lists and watches.
import * as assert from 'node:assert/strict';
import type { SimCluster } from '../../sim/cluster';
import { ADMIN, TENANT, call, startCluster, until, vm, watchEvents } from './sim-helpers';

const VMS = '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines';

describe('sim API server', function () {
  this.timeout(20_000);
  let cluster: SimCluster;

  before(async () => {
    cluster = await startCluster({ bookmarkIntervalMs: 50 });
  });
  after(() => cluster.stop());

  describe('discovery', () => {
    it('serves /version, /api, /apis and group documents', async () => {
      assert.equal((await call(cluster, 'GET', '/version')).json().gitVersion, 'v1.36.3');
      const api = (await call(cluster, 'GET', '/api')).json();
      assert.deepEqual(api.versions, ['v1']);
      const groups = (await call(cluster, 'GET', '/apis')).json().groups as { name: string; preferredVersion: { groupVersion: string } }[];
      assert.ok(groups.some((g) => g.name === 'kubevirt.io' && g.preferredVersion.groupVersion === 'kubevirt.io/v1'));
      assert.ok(!groups.some((g) => g.name === ''), 'the core group is under /api');
      const group = (await call(cluster, 'GET', '/apis/instancetype.kubevirt.io')).json();
      assert.equal(group.kind, 'APIGroup');
      assert.equal((group.preferredVersion as { version: string }).version, 'v1beta1');
    });

    it('lists resources with short names, categories and subresources', async () => {
      const list = (await call(cluster, 'GET', '/apis/kubevirt.io/v1')).json();
      const resources = list.resources as { name: string; shortNames?: string[]; categories?: string[]; verbs: string[]; namespaced: boolean; kind: string }[];
      const vms = resources.find((r) => r.name === 'virtualmachines')!;
      assert.deepEqual(vms.shortNames, ['vm', 'vms']);
      assert.deepEqual(vms.categories, ['all']);
      assert.equal(vms.kind, 'VirtualMachine');
      assert.deepEqual(resources.find((r) => r.name === 'virtualmachines/status')?.verbs, ['get', 'patch', 'update']);
      assert.ok(!resources.some((r) => r.name === 'virtualmachineinstances/status'), 'the VMI CRD has no status subresource');
      const sub = (await call(cluster, 'GET', '/apis/subresources.kubevirt.io/v1')).json().resources as { name: string }[];
      assert.ok(sub.some((r) => r.name === 'virtualmachines/start'));
      assert.ok(sub.some((r) => r.name === 'virtualmachineinstances/console'));
      const core = (await call(cluster, 'GET', '/api/v1')).json();
      assert.equal(core.groupVersion, 'v1');
      assert.ok((core.resources as { name: string }[]).some((r) => r.name === 'pods/log'));
    });

    it('answers unknown paths and groups that are not installed with 404 Status', async () => {
      for (const path of ['/apis/nope.io/v1', '/apis/kubevirt.io/v2/virtualmachines', '/api/v1/widgets', '/unknown']) {
        const res = await call(cluster, 'GET', path);
        assert.equal(res.status, 404, path);
        assert.equal(res.json().message, 'the server could not find the requested resource');
      }
      const bare = await startCluster({ name: 'bare', groups: [], objects: [] });
      try {
        assert.equal((await call(bare, 'GET', '/apis/kubevirt.io/v1')).status, 404);
        assert.equal((await call(bare, 'GET', '/apis/kubevirt.io/v1/virtualmachines')).status, 404);
      } finally {
        await bare.stop();
      }
    });

    it('rejects unknown tokens with 401', async () => {
      const res = await call(cluster, 'GET', '/api/v1/namespaces', { token: 'nope' });
      assert.equal(res.status, 401);
      assert.deepEqual(res.json(), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    });
  });

  describe('writes', () => {
    it('creates with generateName and reports AlreadyExists', async () => {
      const created = await call(cluster, 'POST', VMS, { body: { ...vm(''), metadata: { generateName: 'gen-', namespace: 'team-a' } } });
      assert.equal(created.status, 201);
      const meta = created.json().metadata as { name: string; uid: string; resourceVersion: string; generation: number };
      assert.match(meta.name, /^gen-[a-z0-9]{5}$/);
      assert.ok(meta.uid && meta.resourceVersion);
      assert.equal(meta.generation, 1);
      await call(cluster, 'POST', VMS, { body: vm('dup') });
      const again = await call(cluster, 'POST', VMS, { body: vm('dup') });
      assert.equal(again.status, 409);
      assert.equal(again.json().reason, 'AlreadyExists');
      assert.equal(again.json().message, 'virtualmachines.kubevirt.io "dup" already exists');
    });

    it('validates names (422), namespaces (400) and missing namespaces (404)', async () => {
      const bad = await call(cluster, 'POST', VMS, { body: vm('Bad_Name') });
      assert.equal(bad.status, 422);
      assert.equal(bad.json().reason, 'Invalid');
      assert.match(bad.json().message!, /^VirtualMachine\.kubevirt\.io "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
      const mismatch = await call(cluster, 'POST', VMS, { body: vm('x', 'team-b') });
      assert.equal(mismatch.status, 400);
      assert.equal(mismatch.json().message, 'the namespace of the provided object does not match the namespace sent on the request');
      const missing = await call(cluster, 'POST', '/apis/kubevirt.io/v1/namespaces/ghost/virtualmachines', { body: vm('x', 'ghost') });
      assert.equal(missing.status, 404);
      assert.equal(missing.json().message, 'namespaces "ghost" not found');
      const getMissing = await call(cluster, 'GET', '/apis/kubevirt.io/v1/namespaces/ghost/virtualmachines/x');
      assert.equal(getMissing.json().message, 'virtualmachines.kubevirt.io "x" not found', 'a GET names the object, as kube-apiserver does');
      const emptyList = await call(cluster, 'GET', '/apis/kubevirt.io/v1/namespaces/ghost/virtualmachines');
      assert.deepEqual(emptyList.json().items, []);
    });

    it('refuses a stale resourceVersion on PUT with 409 Conflict', async () => {
      const cms = '/api/v1/namespaces/team-a/configmaps';
      const first = (await call(cluster, 'POST', cms, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cas' }, data: { a: '1' } } })).json();
      const updated = await call(cluster, 'PUT', `${cms}/cas`, { body: { ...first, data: { a: '2' } } });
      assert.equal(updated.status, 200);
      const stale = await call(cluster, 'PUT', `${cms}/cas`, { body: { ...first, data: { a: '3' } } });
      assert.equal(stale.status, 409);
      assert.equal(stale.json().message, 'Operation cannot be fulfilled on configmaps "cas": the object has been modified; please apply your changes to the latest version and try again');
      const created = (await call(cluster, 'POST', VMS, { body: vm('conflicted') })).json();
      const vmStale = await call(cluster, 'PUT', `${VMS}/conflicted`, { body: { ...created, metadata: { ...(created.metadata as object), resourceVersion: '1' } } });
      assert.equal(vmStale.status, 409);
      assert.equal(vmStale.json().reason, 'Conflict');
      assert.equal(vmStale.json().message, 'Operation cannot be fulfilled on virtualmachines.kubevirt.io "conflicted": the object has been modified; please apply your changes to the latest version and try again');
      const noName = await call(cluster, 'PUT', `${cms}/other`, { body: { ...first } });
      assert.equal(noName.status, 400);
      assert.equal(noName.json().message, 'the name of the object (cas) does not match the name on the URL (other)');
    });

    it('keeps status to the status subresource', async () => {
      const tenants = '/apis/capsule.clastix.io/v1beta2/tenants';
      const body = { apiVersion: 'capsule.clastix.io/v1beta2', kind: 'Tenant', metadata: { name: 'acme' }, spec: { owners: [] }, status: { state: 'Hacked' } };
      const created = (await call(cluster, 'POST', tenants, { body })).json();
      assert.equal(created.status, undefined, 'create drops status');
      const spec = await call(cluster, 'PUT', `${tenants}/acme`, { body: { ...created, status: { state: 'Hacked' } } });
      assert.equal(spec.json().status, undefined, 'the main resource ignores status');
      const status = await call(cluster, 'PATCH', `${tenants}/acme/status`, { body: { status: { state: 'Active' }, spec: { owners: [{ name: 'x' }] } }, contentType: 'application/merge-patch+json' });
      assert.equal(status.status, 200);
      assert.deepEqual(status.json().status, { state: 'Active' });
      assert.deepEqual(status.json().spec, { owners: [] }, '/status ignores spec');
    });

    it('does not store anything on dryRun=All', async () => {
      const created = await call(cluster, 'POST', `${VMS}?dryRun=All`, { body: vm('dry') });
      assert.equal(created.status, 201);
      assert.equal((await call(cluster, 'GET', `${VMS}/dry`)).status, 404);
      await call(cluster, 'POST', VMS, { body: vm('dry-patch') });
      const patched = await call(cluster, 'PATCH', `${VMS}/dry-patch?dryRun=All`, { body: { metadata: { labels: { x: 'y' } } }, contentType: 'application/merge-patch+json' });
      assert.deepEqual((patched.json().metadata as { labels: object }).labels, { x: 'y' });
      assert.deepEqual(((await call(cluster, 'GET', `${VMS}/dry-patch`)).json().metadata as { labels: object }).labels, {});
      assert.equal((await call(cluster, 'DELETE', `${VMS}/dry-patch?dryRun=All`)).status, 200);
      assert.equal((await call(cluster, 'GET', `${VMS}/dry-patch`)).status, 200);
    });
  });

  describe('patch', () => {
    before(async () => {
      await call(cluster, 'POST', VMS, { body: vm('patched', 'team-a', { a: '1' }) });
      await call(cluster, 'POST', '/api/v1/namespaces/team-a/pods', {
        body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1' }, spec: { containers: [{ name: 'app', image: 'a:1' }, { name: 'side', image: 's:1' }] } },
      });
    });

    it('applies merge and JSON patches', async () => {
      const merged = await call(cluster, 'PATCH', `${VMS}/patched`, { body: { metadata: { labels: { a: null, b: '2' } } }, contentType: 'application/merge-patch+json' });
      assert.deepEqual((merged.json().metadata as { labels: object }).labels, { b: '2' });
      const json = await call(cluster, 'PATCH', `${VMS}/patched`, { body: [{ op: 'replace', path: '/spec/runStrategy', value: 'Always' }], contentType: 'application/json-patch+json' });
      assert.equal((json.json().spec as { runStrategy: string }).runStrategy, 'Always');
      assert.equal((json.json().metadata as { generation: number }).generation, 2, 'a spec change bumps generation');
      const failed = await call(cluster, 'PATCH', `${VMS}/patched`, { body: [{ op: 'test', path: '/spec/runStrategy', value: 'Halted' }], contentType: 'application/json-patch+json' });
      assert.equal(failed.status, 422);
    });

    it('merges pod containers by name with a strategic merge patch, and refuses it for CRDs with 415', async () => {
      const res = await call(cluster, 'PATCH', '/api/v1/namespaces/team-a/pods/p1', { body: { spec: { containers: [{ name: 'side', image: 's:2' }] } }, contentType: 'application/strategic-merge-patch+json' });
      assert.deepEqual((res.json().spec as { containers: { name: string; image: string }[] }).containers.map((c) => `${c.name}=${c.image}`), ['app=a:1', 'side=s:2']);
      const crd = await call(cluster, 'PATCH', `${VMS}/patched`, { body: { metadata: {} }, contentType: 'application/strategic-merge-patch+json' });
      assert.equal(crd.status, 415);
      assert.equal(crd.json().reason, 'UnsupportedMediaType');
    });

    it('server-side applies: create if missing, merge, record managedFields, require fieldManager, drop what is no longer applied', async () => {
      const body = { ...vm('applied'), metadata: { name: 'applied', labels: { by: 'ssa' } } };
      const missingManager = await call(cluster, 'PATCH', `${VMS}/applied`, { body, contentType: 'application/apply-patch+yaml' });
      assert.equal(missingManager.status, 422);
      const created = await call(cluster, 'PATCH', `${VMS}/applied?fieldManager=tester`, { body, contentType: 'application/apply-patch+yaml' });
      assert.equal(created.status, 201);
      const again = await call(cluster, 'PATCH', `${VMS}/applied?fieldManager=tester`, {
        body: 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: applied\n  annotations:\n    note: yaml\n'
          + 'spec:\n  runStrategy: Halted\n  template:\n    spec:\n      domain:\n        devices: {}\n',
        contentType: 'application/apply-patch+yaml',
      });
      assert.equal(again.status, 200);
      const meta = again.json().metadata as { labels?: object; annotations: object; managedFields: { manager: string; operation: string; fieldsType: string }[] };
      // The label this manager applied before and no longer applies is gone, as kube-apiserver removes it.
      assert.deepEqual(meta.labels ?? {}, {});
      assert.deepEqual(meta.annotations, { note: 'yaml' });
      assert.deepEqual(meta.managedFields.map((f) => [f.manager, f.operation, f.fieldsType]), [['tester', 'Apply', 'FieldsV1']]);
    });
  });

  describe('delete', () => {
    it('returns the object while finalizers hold it (a VM), a Success Status once it is gone (an instancetype, a configmap)', async () => {
      await call(cluster, 'POST', VMS, { body: vm('doomed') });
      const res = await call(cluster, 'DELETE', `${VMS}/doomed`);
      assert.equal(res.status, 200);
      assert.equal(res.json().kind, 'VirtualMachine');
      const types = '/apis/instancetype.kubevirt.io/v1beta1/namespaces/team-a/virtualmachineinstancetypes';
      await call(cluster, 'POST', types, { body: { apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineInstancetype', metadata: { name: 'gone' }, spec: { cpu: { guest: 1 }, memory: { guest: '1Gi' } } } });
      const gone = (await call(cluster, 'DELETE', `${types}/gone`)).json();
      assert.deepEqual([gone.kind, gone.status, (gone.details as { group: string }).group], ['Status', 'Success', 'instancetype.kubevirt.io']);
      await call(cluster, 'POST', '/api/v1/namespaces/team-a/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } } });
      const cm = (await call(cluster, 'DELETE', '/api/v1/namespaces/team-a/configmaps/cm')).json();
      assert.equal(cm.kind, 'Status');
      assert.equal(cm.status, 'Success');
      assert.equal((cm.details as { name: string; kind: string }).kind, 'configmaps');
      assert.equal((await call(cluster, 'DELETE', '/api/v1/namespaces/team-a/configmaps/cm')).status, 404);
    });

    it('deletes a collection by label selector', async () => {
      const cms = '/api/v1/namespaces/team-b/configmaps';
      for (const [name, batch] of [['c1', 'x'], ['c2', 'x'], ['c3', 'y']]) {
        await call(cluster, 'POST', cms, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { batch } } } });
      }
      const res = (await call(cluster, 'DELETE', `${cms}?labelSelector=batch%3Dx`)).json();
      assert.deepEqual(res.items!.map((o) => o.metadata.name), ['c1', 'c2']);
      assert.deepEqual(cluster.store.list('configmaps', 'team-b').map((o) => o.metadata.name), ['c3']);
    });

    it('refuses to delete the default namespace', async () => {
      const res = await call(cluster, 'DELETE', '/api/v1/namespaces/default');
      assert.equal(res.status, 403);
      assert.equal(res.json().message, 'namespaces "default" is forbidden: this namespace may not be deleted');
    });

    it('marks objects with finalizers and removes them once the finalizers are gone', async () => {
      await call(cluster, 'POST', VMS, { body: { ...vm('final'), metadata: { name: 'final', finalizers: ['test/hold'] } } });
      const marked = (await call(cluster, 'DELETE', `${VMS}/final`)).json();
      assert.ok((marked.metadata as { deletionTimestamp?: string }).deletionTimestamp);
      assert.equal((await call(cluster, 'GET', `${VMS}/final`)).status, 200);
      await call(cluster, 'PATCH', `${VMS}/final`, { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
      assert.equal((await call(cluster, 'GET', `${VMS}/final`)).status, 404);
    });

    it('garbage-collects dependents by ownerReference uid', async () => {
      const owner = (await call(cluster, 'POST', VMS, { body: vm('owner') })).json();
      const uid = (owner.metadata as { uid: string }).uid;
      await call(cluster, 'POST', '/api/v1/namespaces/team-a/configmaps', {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned', ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'owner', uid }] } },
      });
      await call(cluster, 'DELETE', `${VMS}/owner`);
      await until(() => !cluster.store.get('configmaps', 'team-a', 'owned'), 'the dependent to be collected');
    });

    it('empties a deleted namespace before removing it', async () => {
      await call(cluster, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'short-lived' } } });
      await call(cluster, 'POST', '/apis/kubevirt.io/v1/namespaces/short-lived/virtualmachines', { body: vm('inside', 'short-lived') });
      const res = (await call(cluster, 'DELETE', '/api/v1/namespaces/short-lived')).json();
      assert.equal((res.status as { phase: string }).phase, 'Terminating');
      await until(() => !cluster.store.get('namespaces', undefined, 'short-lived'), 'the namespace to go');
      assert.equal(cluster.store.get('virtualmachines.kubevirt.io', 'short-lived', 'inside'), undefined);
    });
  });

  describe('list', () => {
    before(async () => {
      for (let i = 0; i < 5; i++) await call(cluster, 'POST', '/apis/kubevirt.io/v1/namespaces/team-b/virtualmachines', { body: vm(`page-${i}`, 'team-b', { tier: i % 2 ? 'odd' : 'even' }) });
    });

    it('pages with limit and continue', async () => {
      const base = '/apis/kubevirt.io/v1/namespaces/team-b/virtualmachines';
      const first = (await call(cluster, 'GET', `${base}?limit=2`)).json();
      assert.deepEqual(first.items!.map((o) => o.metadata.name), ['page-0', 'page-1']);
      const meta = first.metadata as { continue: string; remainingItemCount: number; resourceVersion: string };
      assert.equal(meta.remainingItemCount, 3);
      const second = (await call(cluster, 'GET', `${base}?limit=2&continue=${meta.continue}`)).json();
      assert.deepEqual(second.items!.map((o) => o.metadata.name), ['page-2', 'page-3']);
      assert.equal((second.metadata as { resourceVersion: string }).resourceVersion, meta.resourceVersion, 'pages share the first resourceVersion');
      const last = (await call(cluster, 'GET', `${base}?limit=2&continue=${(second.metadata as { continue: string }).continue}`)).json();
      assert.deepEqual(last.items!.map((o) => o.metadata.name), ['page-4']);
      assert.equal((last.metadata as { continue?: string }).continue, undefined);
      assert.equal((await call(cluster, 'GET', `${base}?limit=2&continue=garbage`)).status, 400);
    });

    it('filters by label and field selectors, across namespaces', async () => {
      const odd = (await call(cluster, 'GET', '/apis/kubevirt.io/v1/virtualmachines?labelSelector=tier%20in%20(odd)')).json();
      assert.deepEqual(odd.items!.map((o) => o.metadata.name), ['page-1', 'page-3']);
      const named = (await call(cluster, 'GET', '/apis/kubevirt.io/v1/virtualmachines?fieldSelector=metadata.name%3Dpage-4')).json();
      assert.deepEqual(named.items!.map((o) => `${o.metadata.namespace}/${o.metadata.name}`), ['team-b/page-4']);
      assert.equal(odd.kind, 'VirtualMachineList');
      assert.equal(odd.items![0].kind, 'VirtualMachine', 'CRD list items keep kind');
      const ns = (await call(cluster, 'GET', '/api/v1/namespaces')).json();
      assert.equal(ns.items![0].kind, undefined, 'built-in list items have no kind, as kube-apiserver serves them');
    });

    it('serves Table for kubectl with the KubeVirt printer columns', async () => {
      const table = (await call(cluster, 'GET', '/apis/kubevirt.io/v1/namespaces/team-b/virtualmachines?limit=1', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' })).json();
      assert.equal(table.kind, 'Table');
      assert.deepEqual((table.columnDefinitions as { name: string }[]).map((c) => c.name), ['Name', 'Age', 'Status', 'Ready']);
      const row = (table.rows as { cells: unknown[]; object: { kind: string } }[])[0];
      assert.equal(row.cells[0], 'page-0');
      assert.equal(row.object.kind, 'PartialObjectMetadata');
    });
  });

  describe('watch', () => {
    // ConfigMaps: no controller writes to them, so the event sequence is exactly the test's.
    const path = '/api/v1/namespaces/team-a/configmaps';
    const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } });

    it('starts with ADDED for existing objects, then streams changes', async () => {
      await call(cluster, 'POST', path, { body: cm('w0', { w: '1' }) });
      const events = watchEvents(cluster, `${path}?watch=1&labelSelector=w%3D1`, (e) => e.length >= 5);
      await call(cluster, 'POST', path, { body: cm('w1', { w: '1' }) });
      await call(cluster, 'PATCH', `${path}/w1`, { body: { metadata: { annotations: { n: '1' } } }, contentType: 'application/merge-patch+json' });
      await call(cluster, 'PATCH', `${path}/w1`, { body: { metadata: { labels: { w: '2' } } }, contentType: 'application/merge-patch+json' });
      await call(cluster, 'POST', path, { body: cm('w2', { w: '1' }) });
      assert.deepEqual((await events).map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED w0', 'ADDED w1', 'MODIFIED w1', 'DELETED w1', 'ADDED w2'],
        'an object leaving the selector is DELETED for this watcher');
    });

    it('resumes from a resourceVersion and answers a too old one with ERROR 410', async () => {
      const rv = (await call(cluster, 'GET', path)).json().metadata!.resourceVersion as string;
      await call(cluster, 'POST', path, { body: cm('after-rv') });
      const resumed = await watchEvents(cluster, `${path}?watch=true&resourceVersion=${rv}`, (e) => e.length >= 1);
      assert.deepEqual(resumed.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED after-rv']);
      cluster.faults.compact();
      await call(cluster, 'POST', path, { body: cm('after-compact') });
      const gone = await watchEvents(cluster, `${path}?watch=true&resourceVersion=${rv}`, () => false);
      assert.equal(gone.length, 1);
      assert.equal(gone[0].type, 'ERROR');
      assert.equal(gone[0].object.code, 410);
      assert.equal(gone[0].object.reason, 'Expired');
      assert.match(gone[0].object.message as string, /^too old resource version: \d+ \(\d+\)$/);
    });

    it('sends bookmarks with only kind, apiVersion and resourceVersion', async () => {
      const rv = cluster.store.resourceVersion;
      const events = await watchEvents(cluster, `${path}?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`, (e) => e.some((x) => x.type === 'BOOKMARK'));
      const bookmark = events.find((e) => e.type === 'BOOKMARK')!;
      assert.deepEqual(Object.keys(bookmark.object), ['kind', 'apiVersion', 'metadata']);
      assert.equal(bookmark.object.kind, 'ConfigMap');
      assert.equal(bookmark.object.apiVersion, 'v1');
      assert.deepEqual(Object.keys(bookmark.object.metadata), ['resourceVersion']);
    });

    it('sends initial events and the initial-events-end bookmark for sendInitialEvents', async () => {
      const events = await watchEvents(cluster, `${path}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan`,
        (e) => e.some((x) => x.type === 'BOOKMARK'));
      const bookmark = events.find((e) => e.type === 'BOOKMARK')!;
      assert.deepEqual(bookmark.object.metadata.annotations, { 'k8s.io/initial-events-end': 'true' });
      assert.ok(events.indexOf(bookmark) > 0 && events.slice(0, events.indexOf(bookmark)).every((e) => e.type === 'ADDED'));
    });

    it('ends after timeoutSeconds', async () => {
      const events = await watchEvents(cluster, `${path}?watch=true&timeoutSeconds=1&resourceVersion=${cluster.store.resourceVersion}`, () => false);
      assert.deepEqual(events, []);
    });

    it('checks the watch verb for the tenant', async () => {
      const res = await call(cluster, 'GET', '/apis/kubevirt.io/v1/namespaces/team-b/virtualmachines?watch=true', { token: TENANT.token });
      assert.equal(res.status, 403);
      assert.equal(res.json().message, 'virtualmachines.kubevirt.io is forbidden: User "alice" cannot watch resource "virtualmachines" in API group "kubevirt.io" in the namespace "team-b"');
    });
  });

  describe('authorization', () => {
    it('checks subresource permissions in the subresources group', async () => {
      await call(cluster, 'POST', VMS, { body: vm('startable') });
      const denied = await call(cluster, 'PUT', '/apis/subresources.kubevirt.io/v1/namespaces/team-a/virtualmachines/startable/restart', { token: TENANT.token, body: {} });
      assert.equal(denied.status, 403);
      assert.equal(denied.json().message, 'virtualmachines.subresources.kubevirt.io "startable" is forbidden: User "alice" cannot update resource "virtualmachines/restart" in API group "subresources.kubevirt.io" in the namespace "team-a"');
      const allowed = await call(cluster, 'PUT', '/apis/subresources.kubevirt.io/v1/namespaces/team-a/virtualmachines/startable/start', { token: TENANT.token, body: {} });
      assert.equal(allowed.status, 202);
    });

    it('answers SelfSubjectAccessReview and SelfSubjectRulesReview from the same rules', async () => {
      const review = (attrs: object) => call(cluster, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        token: TENANT.token, body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attrs } },
      });
      const yes = (await review({ namespace: 'team-a', verb: 'list', group: 'kubevirt.io', resource: 'virtualmachines' })).json();
      assert.deepEqual(yes.status, { allowed: true, reason: 'RBAC: allowed by RoleBinding "alice-vm-operator/team-a" of Role "vm-operator" to User "alice"' });
      assert.deepEqual(yes.spec, { resourceAttributes: { namespace: 'team-a', verb: 'list', group: 'kubevirt.io', resource: 'virtualmachines' } });
      const no = (await review({ namespace: 'team-a', verb: 'delete', group: 'kubevirt.io', resource: 'virtualmachines' })).json();
      assert.deepEqual(no.status, { allowed: false });
      const rules = (await call(cluster, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
        token: TENANT.token, body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'team-a' } },
      })).json();
      const status = rules.status as { resourceRules: { resources: string[] }[]; incomplete: boolean };
      assert.equal(status.incomplete, false);
      assert.ok(status.resourceRules.some((r) => r.resources.includes('virtualmachines')));
    });

    it('lets system:masters do anything and keeps discovery open to every user', async () => {
      assert.equal((await call(cluster, 'GET', '/apis/kubevirt.io/v1', { token: TENANT.token })).status, 200);
      assert.equal((await call(cluster, 'DELETE', '/api/v1/namespaces/team-b/pods/none', { token: ADMIN.token })).status, 404);
      assert.equal((await call(cluster, 'DELETE', '/api/v1/namespaces/team-b/pods/none', { token: TENANT.token })).status, 403);
    });
  });
});
