import * as assert from 'node:assert/strict';
import { ApiClient, type Query, type RequestOptions, type WatchCallbacks, type WatchHandle } from '../../../src/cluster/apiClient';
import { KubeApiError } from '../../../src/cluster/errors';
import { ListWatchCache } from '../../../src/cluster/listWatch';
import { RESOURCES } from '../../../src/cluster/resources';
import { offlineConfig, waitFor } from './simSupport';

/** Answers lists from a script and records what the cache asked for. */
class ScriptedClient extends ApiClient {
  readonly signals: AbortSignal[] = [];
  readonly watches: { path: string; query: Query; callbacks: WatchCallbacks; stopped: boolean }[] = [];
  /** The query of each list request. */
  readonly lists: Query[] = [];

  constructor(private readonly answer: (signal: AbortSignal) => Promise<unknown>) {
    super(offlineConfig(), () => undefined);
  }

  override get<T>(_path: string, options: RequestOptions = {}): Promise<T> {
    this.signals.push(options.signal!);
    this.lists.push(options.query ?? {});
    return this.answer(options.signal!) as Promise<T>;
  }

  /** The continue token of the last list request. */
  get lastContinue(): string | undefined {
    return this.lists.at(-1)?.continue as string | undefined;
  }

  override watch(path: string, query: Query, callbacks: WatchCallbacks): WatchHandle {
    const entry = { path, query, callbacks, stopped: false };
    this.watches.push(entry);
    return { stop: () => (entry.stopped = true) };
  }
}

const never = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
const list = (rv: string, names: string[] = []) => Promise.resolve({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: rv }, items: names.map((name) => ({ metadata: { name, namespace: 'a', resourceVersion: rv } })) });
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('list+watch cache, against a scripted client', () => {
  it('aborts a list in flight when stopped', async () => {
    const client = new ScriptedClient(never);
    const cache = new ListWatchCache(client, RESOURCES.pods, 'a');
    cache.start();
    await waitFor('a list request', () => client.signals.length === 1);
    cache.stop();
    assert.equal(client.signals[0].aborted, true);
    assert.equal(cache.state.status, 'stopped');
  });

  it('stops the open watch', async () => {
    const client = new ScriptedClient(() => list('5', ['p1']));
    const cache = new ListWatchCache(client, RESOURCES.pods, 'a');
    cache.start();
    const watch = await waitFor('a watch', () => client.watches[0]);
    assert.equal(watch.query.resourceVersion, '5');
    assert.equal(watch.query.allowWatchBookmarks, true);
    cache.stop();
    assert.equal(watch.stopped, true);
  });

  it('clears the backoff timer when stopped between retries', async () => {
    const client = new ScriptedClient(() => Promise.reject(new KubeApiError(500, 'InternalError', 'boom')));
    const cache = new ListWatchCache(client, RESOURCES.pods, 'a', { backoff: { initialMs: 60_000, maxMs: 60_000 } });
    try {
      cache.start();
      await waitFor('the error state', () => cache.state.status === 'error');
      assert.ok((cache.state.retryInMs ?? 0) >= 30_000, 'a retry is scheduled a long way off');
      const pending = timers();
      cache.stop();
      assert.equal(timers(), pending - 1, 'stopping cleared the retry timer');
    } finally {
      cache.stop();
    }
  });

  it('relists when the watch request itself is answered 410 Gone', async () => {
    let lists = 0;
    const client = new ScriptedClient(() => list(String(++lists * 10), ['p1']));
    const cache = new ListWatchCache(client, RESOURCES.pods, 'a', { backoff: { initialMs: 1, maxMs: 1 } });
    try {
      cache.start();
      const first = await waitFor('a watch', () => client.watches[0]);
      first.callbacks.onDone(Object.assign(new Error('Gone'), { statusCode: 410 }));
      const second = await waitFor('a watch after the relist', () => client.watches[1]);
      assert.equal(lists, 2);
      assert.equal(second.query.resourceVersion, '20');
    } finally {
      cache.stop();
    }
  });

  it('relists on a 410 ERROR event and diffs against the cache', async () => {
    let round = 0;
    const client = new ScriptedClient(() => (++round === 1 ? list('5', ['keep', 'gone']) : list('9', ['keep', 'new'])));
    const changes: string[] = [];
    const cache = new ListWatchCache(client, RESOURCES.pods, 'a', { onChange: (c) => changes.push(`${c.type} ${c.object.metadata.name}`) });
    cache.start();
    const watch = await waitFor('a watch', () => client.watches[0]);
    watch.callbacks.onOpen();
    watch.callbacks.onEvent('MODIFIED', { metadata: { name: 'keep', namespace: 'a', resourceVersion: '7' } });
    watch.callbacks.onEvent('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' });
    assert.equal(watch.stopped, true);
    await waitFor('the second watch', () => client.watches[1]);
    assert.equal(client.watches[1].query.resourceVersion, '9');
    // 'keep' went from resourceVersion 7 (watched) to 9 (relisted): modified again; 'gone' deleted; 'new' added.
    assert.deepEqual(changes, ['added keep', 'added gone', 'modified keep', 'modified keep', 'added new', 'deleted gone']);
    cache.stop();
  });

  describe('the first list of a cluster-wide cache, page by page', () => {
    /** Pages of pods answered one at a time, when the test says so; keys are namespace/name. */
    function paged(pages: string[][]) {
      const asked: (string | undefined)[] = [];
      const release: (() => void)[] = [];
      const client = new ScriptedClient((signal) => {
        const index = asked.length;
        asked.push(client.lastContinue);
        return new Promise((resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
          release.push(() =>
            resolve({
              kind: 'PodList',
              apiVersion: 'v1',
              metadata: { resourceVersion: '7', ...(index + 1 < pages.length ? { continue: `page-${index + 1}` } : {}) },
              items: pages[index].map((key) => ({ metadata: { namespace: key.split('/')[0], name: key.split('/')[1], resourceVersion: '7' } })),
            }),
          );
        });
      });
      return { client, asked, answer: async (page: number) => (await waitFor(`page ${page} asked`, () => release[page]))() };
    }

    it('shows a namespace once a later key is listed, while the rest of the cluster is still listing', async () => {
      const { client, asked, answer } = paged([['team-1/a', 'team-1/b', 'team-10/a'], ['team-10/b', 'team-2/a'], []]);
      const states: string[] = [];
      const cache = new ListWatchCache(client, RESOURCES.pods, undefined, { onState: (s) => states.push(s.status) });
      try {
        cache.start();
        assert.equal(cache.stateIn('team-1').status, 'pending', 'nothing listed yet');
        await answer(0);
        await waitFor('the first page cached', () => cache.objects().length === 3);
        assert.deepEqual(states, ['pending'], 'the view hears of the page');
        assert.equal(cache.stateIn('team-1').status, 'synced', 'team-1/ sorts before team-10/a: complete');
        assert.equal(cache.stateIn('team-10').status, 'pending', 'more of team-10 may follow');
        assert.equal(cache.stateIn('team-2').status, 'pending');
        assert.equal(cache.stateIn('team-0').status, 'synced', 'a namespace before the listed keys has no objects');
        assert.equal(cache.state.status, 'pending', 'the cache as a whole is still listing');
        assert.deepEqual(cache.objects('team-1').map((o) => o.metadata.name), ['a', 'b']);
        await answer(1);
        await waitFor('the second page cached', () => cache.objects().length === 5);
        assert.equal(cache.stateIn('team-10').status, 'synced');
        assert.equal(cache.stateIn('team-2').status, 'pending', 'the last key listed is in team-2');
        await answer(2);
        await waitFor('synced', () => cache.state.status === 'synced');
        assert.equal(cache.stateIn('team-2').status, 'synced');
        assert.equal(cache.stateIn('team-3').status, 'synced');
        assert.deepEqual(asked, [undefined, 'page-1', 'page-2'], 'each page asked with the continue token of the one before');
      } finally {
        cache.stop();
      }
    });

    it('waits for the whole list when the server does not list in key order', async () => {
      const { client, answer } = paged([['b/1', 'a/1'], ['c/1']]);
      const cache = new ListWatchCache(client, RESOURCES.pods, undefined);
      try {
        cache.start();
        await answer(0);
        await waitFor('the first page cached', () => cache.objects().length === 2);
        assert.equal(cache.stateIn('a').status, 'pending', 'out of order: b/1 came before a/1, so nothing is known complete');
        await answer(1);
        await waitFor('synced', () => cache.state.status === 'synced');
        assert.equal(cache.stateIn('a').status, 'synced');
      } finally {
        cache.stop();
      }
    });

    it('watches from the first page on, and keeps what the watch changed over a later page of the older snapshot', async () => {
      const { client, answer } = paged([['a/1', 'b/1'], ['b/2', 'c/1'], []]);
      const changes: string[] = [];
      const cache = new ListWatchCache(client, RESOURCES.pods, undefined, { onChange: (c) => changes.push(`${c.type} ${c.object.metadata.namespace}/${c.object.metadata.name}`) });
      const pod = (key: string, resourceVersion: string) => ({ metadata: { namespace: key.split('/')[0], name: key.split('/')[1], resourceVersion } });
      try {
        cache.start();
        await answer(0);
        const watch = await waitFor('a watch beside the list', () => client.watches[0]);
        assert.equal(watch.query.resourceVersion, '7', 'from the snapshot every page is of');
        watch.callbacks.onOpen();
        watch.callbacks.onEvent('MODIFIED', pod('a/1', '8'));
        assert.equal(cache.get('a/1')?.metadata.resourceVersion, '8', 'a change to a listed object shows while listing');
        assert.equal(cache.state.status, 'pending');
        watch.callbacks.onEvent('DELETED', pod('c/1', '9'));
        watch.callbacks.onEvent('MODIFIED', pod('b/2', '10'));
        watch.callbacks.onEvent('ADDED', pod('d/1', '11'));
        await answer(1);
        await answer(2);
        await waitFor('synced', () => cache.state.status === 'synced');
        const cached = cache.objects().map((o) => `${o.metadata.namespace}/${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
        assert.deepEqual(cached, ['a/1@8', 'b/1@7', 'b/2@10', 'd/1@11'], "the page's b/2 and c/1 are older than the watch's");
        assert.deepEqual(changes, ['added a/1', 'added b/1', 'modified a/1', 'deleted c/1', 'added b/2', 'added d/1']);
        assert.equal(client.watches.length, 1, 'the loop goes on with the watch the list opened');
        assert.equal(cache.resourceVersion, '11');
      } finally {
        cache.stop();
      }
    });

    it('lists again after the list when the watch beside it is told 410 Gone', async () => {
      let lists = 0;
      let lastPage!: () => void;
      const client: ScriptedClient = new ScriptedClient((): Promise<unknown> => {
        if (client.lastContinue === undefined) lists++;
        const first = { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(lists * 10), continue: 'next' }, items: [{ metadata: { namespace: 'a', name: '1', resourceVersion: '1' } }] };
        const last = { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(lists * 10) }, items: [] };
        return client.lastContinue === undefined ? Promise.resolve(first) : new Promise((resolve) => (lastPage = () => resolve(last)));
      });
      const cache = new ListWatchCache(client, RESOURCES.pods, undefined, { backoff: { initialMs: 1, maxMs: 1 } });
      try {
        cache.start();
        const first = await waitFor('a watch beside the list', () => client.watches[0]);
        first.callbacks.onDone(Object.assign(new Error('Gone'), { statusCode: 410 }));
        lastPage();
        await waitFor('synced', () => cache.state.status === 'synced');
        const second = await waitFor('a watch beside the relist', () => client.watches[1]);
        assert.equal(lists, 2, 'a whole list again once the first is done');
        assert.equal(second.query.resourceVersion, '20');
        assert.equal(second.stopped, false);
      } finally {
        cache.stop();
      }
    });

    it('opens a watch of its own after the list when the one beside it was refused, and reports the list', async () => {
      const { client, answer } = paged([['a/1'], ['b/1']]);
      const cache = new ListWatchCache(client, RESOURCES.pods, undefined, { backoff: { initialMs: 1, maxMs: 1 } });
      try {
        cache.start();
        await answer(0);
        const refused = await waitFor('a watch beside the list', () => client.watches[0]);
        refused.callbacks.onDone(new KubeApiError(500, 'InternalError', 'watch cache not ready'));
        assert.equal(cache.state.status, 'pending', "the list's outcome is the state, not the watch's");
        await answer(1);
        await waitFor('synced', () => cache.state.status === 'synced');
        const own = await waitFor('a watch after the list', () => client.watches[1]);
        assert.equal(own.query.resourceVersion, '7');
      } finally {
        cache.stop();
      }
    });

    it('reports namespaces of a cache scoped to one namespace as the cache itself', async () => {
      const { client, answer } = paged([['a/1'], ['a/2']]);
      const cache = new ListWatchCache(client, RESOURCES.pods, 'a');
      try {
        cache.start();
        await answer(0);
        await waitFor('the first page cached', () => cache.objects().length === 1);
        assert.equal(cache.stateIn('a').status, 'pending');
      } finally {
        cache.stop();
      }
    });

    it('lists again when the first list fails half-way, and drops what the full list no longer has', async () => {
      let attempt = 0;
      const client = new ScriptedClient(() => {
        attempt++;
        if (attempt === 1) return Promise.resolve({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '3', continue: 'next' }, items: [{ metadata: { namespace: 'a', name: '1', resourceVersion: '3' } }, { metadata: { namespace: 'b', name: '1', resourceVersion: '3' } }] });
        if (attempt === 2) return Promise.reject(new KubeApiError(500, 'InternalError', 'etcd went away'));
        return Promise.resolve({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '9' }, items: [{ metadata: { namespace: 'b', name: '1', resourceVersion: '9' } }] });
      });
      const changes: string[] = [];
      const cache = new ListWatchCache(client, RESOURCES.pods, undefined, { backoff: { initialMs: 1, maxMs: 1 }, onChange: (c) => changes.push(`${c.type} ${c.object.metadata.namespace}/${c.object.metadata.name}`) });
      try {
        cache.start();
        await waitFor('synced after the retry', () => cache.state.status === 'synced');
        assert.equal(attempt, 3);
        // a/1 was shown from the first page; the full list that succeeded no longer has it.
        assert.deepEqual(changes, ['added a/1', 'added b/1', 'modified b/1', 'deleted a/1']);
        assert.deepEqual(cache.objects().map((o) => `${o.metadata.namespace}/${o.metadata.name}`), ['b/1']);
        assert.equal(client.watches[0].stopped, true, 'the watch beside the failed list was stopped');
        assert.equal(client.watches[1].query.resourceVersion, '9', 'the relist watches from its own snapshot');
      } finally {
        cache.stop();
      }
    });
  });
  it("reads a namespace's first list from the server's watch cache, and a relist or a cluster-wide list at the latest state", async () => {
    // Two pages, then the relist's one: resourceVersion 0 goes with the first page only (kube-apiserver refuses
    // it beside a continue token).
    let call = 0;
    const client = new ScriptedClient(() => {
      call++;
      const page = call === 1 ? { resourceVersion: '5', continue: 'next' } : { resourceVersion: call === 2 ? '5' : '9' };
      return Promise.resolve({ kind: 'PodList', apiVersion: 'v1', metadata: page, items: [{ metadata: { name: `p${call}`, namespace: 'a', resourceVersion: page.resourceVersion } }] });
    });
    const cache = new ListWatchCache(client, RESOURCES.pods, 'a', { backoff: { initialMs: 1, maxMs: 1 } });
    const clusterWide = new ListWatchCache(client, RESOURCES.pods, undefined);
    try {
      cache.start();
      await waitFor('synced', () => cache.state.status === 'synced');
      assert.deepEqual(client.lists.map((q) => [q.resourceVersion, q.continue]), [['0', undefined], [undefined, 'next']]);
      const watch = client.watches[0];
      assert.equal(watch.query.resourceVersion, '5', 'the watch goes on from the list');
      watch.callbacks.onEvent('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 5 (7)' });
      await waitFor('a relist', () => client.lists.length === 3);
      assert.equal(client.lists[2].resourceVersion, undefined, 'a relist reads the latest state, so it does not step back');
      clusterWide.start();
      await waitFor('the cluster-wide list', () => client.lists.length === 4);
      assert.equal(client.lists[3].resourceVersion, undefined, 'a cluster-wide list is paged at the latest state');
    } finally {
      cache.stop();
      clusterWide.stop();
    }
  });
});
