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

  constructor(private readonly answer: (signal: AbortSignal) => Promise<unknown>) {
    super(offlineConfig(), () => undefined);
  }

  override get<T>(_path: string, options: RequestOptions = {}): Promise<T> {
    this.signals.push(options.signal!);
    return this.answer(options.signal!) as Promise<T>;
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
});
