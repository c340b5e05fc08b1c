import * as assert from 'node:assert/strict';
import { ApiError } from '../../sim/api-error';
import { serverSideApply } from '../../sim/apply';
import { jsonPatch, mergePatch, strategicMergePatch } from '../../sim/patch';
import type { KubeObject } from '../../sim/store';

const pod = () => ({
  metadata: { name: 'p', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  spec: {
    containers: [
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] },
      { name: 'sidecar', image: 'side:1' },
    ],
    tolerations: [{ key: 'k1' }],
  },
});

describe('sim patch types', () => {
  it('applies JSON merge patches (RFC 7386)', () => {
    const out = mergePatch(pod(), { metadata: { labels: { a: null, c: '3' } }, spec: { containers: [{ name: 'only' }] } }) as ReturnType<typeof pod>;
    assert.deepEqual(out.metadata.labels, { b: '2', c: '3' });
    assert.deepEqual(out.spec.containers, [{ name: 'only' }], 'lists are replaced');
    assert.deepEqual(mergePatch({ a: { b: 1 } }, { a: 'x' }), { a: 'x' });
  });

  it('applies JSON patches and reports failed tests as 422', () => {
    const out = jsonPatch(pod(), [{ op: 'replace', path: '/spec/containers/0/image', value: 'app:2' }, { op: 'add', path: '/metadata/labels/c', value: '3' }]) as ReturnType<typeof pod>;
    assert.equal(out.spec.containers[0].image, 'app:2');
    assert.equal((out.metadata.labels as Record<string, string>).c, '3');
    assert.throws(() => jsonPatch(pod(), [{ op: 'test', path: '/metadata/name', value: 'other' }]), (e: unknown) => e instanceof ApiError && e.code === 422);
    assert.throws(() => jsonPatch(pod(), { op: 'add' }), (e: unknown) => e instanceof ApiError && e.code === 400);
  });

  it('merges keyed lists in strategic merge patches', () => {
    const out = strategicMergePatch(pod(), {
      metadata: { finalizers: ['y'] },
      spec: {
        containers: [{ name: 'app', image: 'app:2', env: [{ name: 'B', value: '2' }] }, { name: 'new', image: 'new:1' }],
        tolerations: [{ key: 'k2' }],
      },
    }) as ReturnType<typeof pod>;
    // kube-apiserver's order (test/real/differential): the patch's items, live-only items by their live position.
    assert.deepEqual(out.spec.containers.map((c) => [c.name, c.image]), [['app', 'app:2'], ['new', 'new:1'], ['sidecar', 'side:1']]);
    assert.deepEqual(out.spec.containers[0].env, [{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
    assert.deepEqual(out.spec.containers[0].ports, [{ containerPort: 80 }]);
    assert.deepEqual(out.spec.tolerations, [{ key: 'k2' }], 'lists without a merge key are replaced');
    assert.deepEqual(out.metadata.finalizers, ['x', 'y'], 'finalizers merge as a set');
  });

  it('honours $patch directives and drops $setElementOrder', () => {
    const out = strategicMergePatch(pod(), {
      spec: { containers: [{ name: 'sidecar', $patch: 'delete' }], '$setElementOrder/containers': [{ name: 'app' }] },
      metadata: { labels: { $patch: 'replace', z: '26' }, '$deleteFromPrimitiveList/finalizers': ['x'] },
    }) as ReturnType<typeof pod>;
    assert.deepEqual(out.spec.containers.map((c) => c.name), ['app']);
    assert.deepEqual(out.metadata.labels, { z: '26' });
    assert.deepEqual(out.metadata.finalizers, []);
    assert.equal('$setElementOrder/containers' in out.spec, false);
  });

  it('server-side apply merges the configuration into the live object', () => {
    const live: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { keep: 'yes' } }, data: { a: '1' } };
    const applied: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { mine: 'x' } }, data: { b: '2' } };
    const out = serverSideApply(live, applied);
    assert.deepEqual(out.metadata.labels, { keep: 'yes', mine: 'x' });
    assert.deepEqual(out.data, { a: '1', b: '2' });
  });
});
