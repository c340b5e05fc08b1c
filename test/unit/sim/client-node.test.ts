// The simulator against @kubernetes/client-node 1.x: list, watch resume and 410, informers, patch content
// types, SelfSubjectAccessReview and errors, over TLS verified with the kubeconfig's CA.
import * as assert from 'node:assert/strict';
import {
  ApiException, AuthorizationV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, Watch, makeInformer, setHeaderOptions,
  type KubeConfig, type KubernetesObject, type V1ConfigMap,
} from '@kubernetes/client-node';
import type { SimCluster } from '../../sim/cluster';
import type { KubeObject } from '../../sim/store';
import { TENANT, kubeConfig, startCluster, until, vm } from './sim-helpers';

const VM = { group: 'kubevirt.io', version: 'v1', plural: 'virtualmachines' };

const cm = (name: string, namespace = 'team-a'): V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { k: name } });

describe('sim with @kubernetes/client-node', function () {
  this.timeout(20_000);
  let cluster: SimCluster;
  let kc: KubeConfig;
  let core: CoreV1Api;

  before(async () => {
    cluster = await startCluster();
    kc = kubeConfig(cluster);
    core = kc.makeApiClient(CoreV1Api);
  });
  after(() => cluster.stop());

  it('lists core objects and custom resources', async () => {
    const namespaces = await core.listNamespace();
    assert.ok(namespaces.items.some((n) => n.metadata?.name === 'team-a'));
    assert.ok(namespaces.metadata?.resourceVersion);
    cluster.store.create('virtualmachines.kubevirt.io', vm('listed'));
    const custom = kc.makeApiClient(CustomObjectsApi);
    const vms = await custom.listNamespacedCustomObject({ ...VM, namespace: 'team-a' }) as { items: KubernetesObject[] };
    assert.deepEqual(vms.items.map((o) => o.metadata?.name), ['listed']);
  });

  it('resumes a watch from a resourceVersion and gets the 410 ERROR event once it is too old', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'team-a' });
    const rv = list.metadata!.resourceVersion!;
    await core.createNamespacedConfigMap({ namespace: 'team-a', body: cm('after') });
    const seen: string[] = [];
    let request: AbortController | undefined;
    await new Promise<void>((resolve, reject) => {
      new Watch(kc).watch('/api/v1/namespaces/team-a/configmaps', { resourceVersion: rv }, (type, obj: KubernetesObject) => {
        seen.push(`${type} ${obj.metadata?.name}`);
        resolve();
      }, (err) => (err ? reject(err) : undefined)).then((r) => (request = r), reject);
    });
    request?.abort();
    assert.deepEqual(seen, ['ADDED after']);

    cluster.faults.compact();
    await core.createNamespacedConfigMap({ namespace: 'team-a', body: cm('later') });
    const gone = await new Promise<{ type: string; obj: { code?: number; reason?: string } }>((resolve, reject) => {
      void new Watch(kc).watch('/api/v1/namespaces/team-a/configmaps', { resourceVersion: rv }, (type, obj) => resolve({ type, obj }), (err) => (err ? reject(err) : undefined));
    });
    assert.equal(gone.type, 'ERROR');
    assert.equal(gone.obj.code, 410);
    assert.equal(gone.obj.reason, 'Expired');
  });

  it('feeds an informer adds, updates and deletes', async () => {
    const events: string[] = [];
    const informer = makeInformer(kc, '/api/v1/namespaces/team-b/configmaps', () => core.listNamespacedConfigMap({ namespace: 'team-b' }));
    informer.on('add', (o) => events.push(`add ${o.metadata?.name}`));
    informer.on('update', (o) => events.push(`update ${o.metadata?.name} ${o.data?.k}`));
    informer.on('delete', (o) => events.push(`delete ${o.metadata?.name}`));
    cluster.store.create('configmaps', cm('before', 'team-b') as KubeObject);
    await informer.start();
    try {
      await until(() => events.includes('add before'), 'the initial list');
      await core.createNamespacedConfigMap({ namespace: 'team-b', body: cm('new', 'team-b') });
      await core.patchNamespacedConfigMap({ namespace: 'team-b', name: 'new', body: { data: { k: 'changed' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      await core.deleteNamespacedConfigMap({ namespace: 'team-b', name: 'before' });
      await until(() => events.length >= 4, 'four informer events');
      assert.deepEqual(events, ['add before', 'add new', 'update new changed', 'delete before']);
      assert.deepEqual(informer.list('team-b').map((o) => o.metadata?.name), ['new']);
    } finally {
      await informer.stop();
    }
  });

  it('patches custom resources with merge and JSON patches (Content-Type via setHeaderOptions)', async () => {
    cluster.store.create('virtualmachines.kubevirt.io', vm('patchable'));
    const custom = kc.makeApiClient(CustomObjectsApi);
    const merged = await custom.patchNamespacedCustomObject({ ...VM, namespace: 'team-a', name: 'patchable', body: { metadata: { labels: { tier: 'gold' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch)) as KubernetesObject;
    assert.equal(merged.metadata?.labels?.tier, 'gold');
    const json = await custom.patchNamespacedCustomObject({ ...VM, namespace: 'team-a', name: 'patchable', body: [{ op: 'replace', path: '/spec/runStrategy', value: 'Manual' }] }) as { spec: { runStrategy: string } };
    assert.equal(json.spec.runStrategy, 'Manual', 'JSON patch is the client default');
  });

  it('answers SelfSubjectAccessReview for the tenant', async () => {
    const authz = kubeConfig(cluster, TENANT).makeApiClient(AuthorizationV1Api);
    const review = (verb: string, namespace: string) => authz.createSelfSubjectAccessReview({
      body: { spec: { resourceAttributes: { namespace, verb, group: 'kubevirt.io', resource: 'virtualmachines' } } },
    });
    const yes = await review('patch', 'team-a');
    assert.equal(yes.status?.allowed, true);
    assert.equal(yes.status?.reason, 'RBAC: allowed by RoleBinding "alice-vm-operator/team-a" of Role "vm-operator" to User "alice"');
    assert.equal((await review('patch', 'team-b')).status?.allowed, false);
  });

  it('surfaces Forbidden and NotFound as ApiException with the Status body', async () => {
    const tenantCore = kubeConfig(cluster, TENANT).makeApiClient(CoreV1Api);
    await assert.rejects(tenantCore.listNamespacedConfigMap({ namespace: 'team-a' }), (e: unknown) => {
      assert.ok(e instanceof ApiException);
      assert.equal(e.code, 403);
      assert.equal(JSON.parse(e.body as string).message, 'configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "team-a"');
      return true;
    });
    await assert.rejects(core.readNamespacedConfigMap({ namespace: 'team-a', name: 'nope' }), (e: unknown) => e instanceof ApiException && e.code === 404);
  });
});
