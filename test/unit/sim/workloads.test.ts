import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fixturesDir, fixturesPresent } from '../fixtures';
import { ApiError } from '../../sim/api-error';
import type { KubeObject, Store } from '../../sim/store';
import { installWorkloads } from '../../sim/workloads';
import { FakeHooks, node } from './kubevirt-fake-hooks';

const RUNTIME_CLASSES = 'runtimeclasses.node.k8s.io';
const KATA_FIXTURES = path.join(fixturesDir, 'kata');

type RuntimeClassDoc = KubeObject & { handler: string; overhead?: { podFixed: Record<string, string> }; scheduling?: { nodeSelector?: Record<string, string> } };

/** Every RuntimeClass document of the fixtures, with the file it comes from. */
function fixtureRuntimeClasses(): [string, RuntimeClassDoc][] {
  return fs.readdirSync(KATA_FIXTURES).filter((f) => f.endsWith('.yaml')).flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(KATA_FIXTURES, file), 'utf8'))
      .map((d) => [file, d.toJS() as RuntimeClassDoc] as [string, RuntimeClassDoc])
      .filter(([, d]) => d?.kind === 'RuntimeClass'));
}

const pod = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'apps' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
});

describe('workloads', () => {
  let hooks: FakeHooks;
  let dispose: () => void;
  beforeEach(() => {
    hooks = new FakeHooks();
    hooks.store.create('nodes', node('plain-1', {}, 1));
    hooks.store.create('nodes', node('kata-1', { 'katacontainers.io/kata-runtime': 'true' }, 2));
    dispose = installWorkloads(hooks);
  });
  afterEach(() => dispose());
  const phase = (store: Store, name: string) => (store.get('pods', 'apps', name)?.status as { phase?: string } | undefined)?.phase;

  describe('RuntimeClass admission', () => {
    // Over the shared Kata fixtures when they are there (an extra corpus); the tests below them need none.
    const classes = fixturesPresent ? fixtureRuntimeClasses() : [];
    (fixturesPresent ? it : it.skip)('reads every RuntimeClass in the kata fixtures (incl. the multi-document file and gVisor) (over ../shared/fixtures)', () => {
      assert.ok(classes.length >= 37, `only ${classes.length} RuntimeClasses`);
      assert.ok(classes.some(([, c]) => c.handler === 'runsc'));
    });
    for (const [file, runtimeClass] of classes) {
      it(`${file}: ${runtimeClass.metadata.name} (${runtimeClass.apiVersion}) gives overhead ${JSON.stringify(runtimeClass.overhead?.podFixed ?? null)} and its nodeSelector`, () => {
        const name = runtimeClass.metadata.name!;
        hooks.store.create(RUNTIME_CLASSES, runtimeClass);
        const created = hooks.create('pods', pod(`p-${name}`, { runtimeClassName: name }));
        const spec = created.spec as { overhead?: Record<string, string>; nodeSelector?: Record<string, string> };
        assert.deepEqual(spec.overhead, runtimeClass.overhead?.podFixed);
        assert.deepEqual(spec.nodeSelector, runtimeClass.scheduling?.nodeSelector);
      });
    }

    it('rejects a pod naming a RuntimeClass that does not exist with 403', () => {
      assert.throws(() => hooks.create('pods', pod('p', { runtimeClassName: 'kata-nope' })), (error: unknown) =>
        error instanceof ApiError && error.code === 403 && error.message === 'pods "p" is forbidden: pod rejected: RuntimeClass "kata-nope" not found');
    });

    it('rejects a pod whose own overhead differs from the RuntimeClass one', () => {
      hooks.store.create(RUNTIME_CLASSES, { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata-fc' }, handler: 'kata-fc', overhead: { podFixed: { cpu: '250m', memory: '130Mi' } } });
      assert.throws(() => hooks.create('pods', pod('p', { runtimeClassName: 'kata-fc', overhead: { cpu: '1' } })), /Pod's Overhead doesn't match/);
    });
  });

  it('schedules a pod onto a node matching its nodeSelector and starts it', async () => {
    hooks.store.create(RUNTIME_CLASSES, { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata-qemu' }, handler: 'kata-qemu', overhead: { podFixed: { cpu: '250m', memory: '160Mi' } }, scheduling: { nodeSelector: { 'katacontainers.io/kata-runtime': 'true' } } });
    hooks.create('pods', pod('kata', { runtimeClassName: 'kata-qemu' }));
    await hooks.until((s) => phase(s, 'kata') === 'Running');
    const running = hooks.store.get('pods', 'apps', 'kata')!;
    assert.equal((running.spec as { nodeName: string }).nodeName, 'kata-1');
    const status = running.status as { podIP: string; startTime: string; containerStatuses: { ready: boolean }[] };
    assert.match(status.podIP, /^10\.244\.2\.\d+$/);
    assert.ok(status.startTime);
    assert.equal(status.containerStatuses[0].ready, true);
  });

  it('leaves a pod Pending with an Unschedulable condition when no node fits', async () => {
    hooks.create('pods', pod('gpu', { nodeSelector: { 'nvidia.com/gpu.present': 'true' } }));
    await hooks.until((s) => (s.get('pods', 'apps', 'gpu')?.status as { conditions?: { reason?: string }[] } | undefined)?.conditions?.some((c) => c.reason === 'Unschedulable') === true);
    assert.equal(phase(hooks.store, 'gpu'), 'Pending');
  });

  it('pins a pod failure with the annotation', async () => {
    const object = pod('broken', {});
    object.metadata.annotations = { 'sim.kubevirt-workbench.io/pin-status': 'ImagePullBackOff' };
    hooks.create('pods', object);
    await hooks.until((s) => JSON.stringify(s.get('pods', 'apps', 'broken')?.status ?? {}).includes('"reason":"ImagePullBackOff"'));
    assert.equal(phase(hooks.store, 'broken'), 'Pending');
  });

  it('a Deployment creates a ReplicaSet that creates ready pods owned by it', async () => {
    hooks.store.create('deployments.apps', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'apps' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    });
    await hooks.until((s) => (s.get('deployments.apps', 'apps', 'web')?.status as { readyReplicas?: number } | undefined)?.readyReplicas === 3);
    const [rs] = hooks.store.list('replicasets.apps', 'apps');
    assert.match(rs.metadata.name!, /^web-[a-z0-9]{10}$/);
    const pods = hooks.store.list('pods', 'apps');
    assert.equal(pods.length, 3);
    for (const p of pods) {
      assert.equal(p.metadata.ownerReferences?.[0].uid, rs.metadata.uid);
      assert.equal(p.metadata.labels?.['pod-template-hash'], rs.metadata.labels?.['pod-template-hash']);
    }
  });
});
