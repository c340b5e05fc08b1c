// Differential: lists with limit/continue and selectors, watches from a resourceVersion, from "now" and with
// selectors, a resourceVersion too old for the watch (410 Expired), and the initial-events-end bookmark,
// against the simulator and kube-apiserver. Event sequences are compared by type and object name.
import * as assert from 'node:assert/strict';
import { WatchStream, type WatchEvent } from '../../controlplane/rest';
import { START_TIMEOUT_MS } from '../support';
import { assertSame, namespaceOnBoth, onBoth, outcome, useBackends, type Backend } from './backends';

type ListBody = { metadata: { continue?: string; remainingItemCount?: number; resourceVersion: string }; items: { metadata: { name: string } }[] };

/** A list page without generated fields: names, whether there is more, and how many remain (when told). */
function page(body: ListBody) {
  return { names: body.items.map((i) => i.metadata.name), more: !!body.metadata.continue, remaining: body.metadata.remainingItemCount };
}

/** `TYPE name` per event; a BOOKMARK with its annotations; an ERROR with its Status code and reason. */
function describeEvent(e: WatchEvent): string {
  if (e.type === 'BOOKMARK') return `BOOKMARK ${JSON.stringify(e.object.metadata?.annotations ?? {})}`;
  if (e.type === 'ERROR') return `ERROR ${String(e.object.code)} ${String(e.object.reason)}`;
  return `${e.type} ${String(e.object.metadata?.name)}`;
}

async function openWatch(b: Backend, path: string): Promise<WatchStream> {
  const stream = await b.admin.watch(path);
  if (!(stream instanceof WatchStream)) throw new Error(`${b.name}: watch ${path}: ${stream.status} ${stream.text}`);
  return stream;
}

describe('differential: lists and watches', function () {
  this.timeout(START_TIMEOUT_MS);
  const backends = useBackends('diff-watch');

  it('pages with limit and continue, counts what remains (not under a selector), and refuses a bad continue token', async () => {
    const ns = await namespaceOnBoth(backends(), 'paging');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      for (let i = 1; i <= 7; i++) await admin.post(base, { metadata: { name: `cm-${i}`, labels: { parity: i % 2 ? 'odd' : 'even' } } });
      const steps: unknown[] = [];
      let body = (await admin.get(`${base}?limit=3`)).json<ListBody>();
      steps.push(page(body));
      while (body.metadata.continue) {
        body = (await admin.get(`${base}?limit=3&continue=${encodeURIComponent(body.metadata.continue)}`)).json<ListBody>();
        steps.push(page(body));
      }
      steps.push(page((await admin.get(`${base}?limit=2&labelSelector=parity%3Dodd`)).json<ListBody>()));
      steps.push(page((await admin.get(`${base}?labelSelector=parity%21%3Dodd`)).json<ListBody>()));
      steps.push(page((await admin.get(`${base}?fieldSelector=metadata.name%3Dcm-3`)).json<ListBody>()));
      steps.push(outcome(await admin.get(`${base}?limit=2&continue=not-a-token`)));
      steps.push(outcome(await admin.get(`${base}?labelSelector=${encodeURIComponent('parity in (odd')}`)));
      return steps;
    });
    assertSame(sim, real);
  });

  it('a watch from a list\'s resourceVersion sees ADDED, MODIFIED and DELETED in order; from "now" it starts with ADDED for what exists', async () => {
    const ns = await namespaceOnBoth(backends(), 'watch');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const { sim, real } = await onBoth(backends(), async (b) => {
      await b.admin.post(base, { metadata: { name: 'existing' } });
      const rv = (await b.admin.get(base)).json<ListBody>().metadata.resourceVersion;
      const fromRv = await openWatch(b, `${base}?watch=1&resourceVersion=${rv}`);
      const fromNow = await openWatch(b, `${base}?watch=1`);
      await b.admin.post(base, { metadata: { name: 'new' }, data: { a: '1' } });
      await b.admin.patch(`${base}/new`, { data: { a: '2' } }, 'application/merge-patch+json');
      await b.admin.delete(`${base}/new`);
      const done = (e: WatchEvent) => e.type === 'DELETED';
      const seen = [(await fromRv.until(done)).map(describeEvent), (await fromNow.until(done)).map(describeEvent)];
      fromRv.close();
      fromNow.close();
      return seen;
    });
    assertSame(sim, real);
  });

  it('a watch with a label selector sees an object leave (DELETED) and enter (ADDED) the selection', async () => {
    const ns = await namespaceOnBoth(backends(), 'select');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const { sim, real } = await onBoth(backends(), async (b) => {
      await b.admin.post(base, { metadata: { name: 'c', labels: { tier: 'web' } } });
      const rv = (await b.admin.get(base)).json<ListBody>().metadata.resourceVersion;
      const watch = await openWatch(b, `${base}?watch=1&labelSelector=tier%3Dweb&resourceVersion=${rv}`);
      await b.admin.patch(`${base}/c`, { metadata: { labels: { tier: 'db' } } }, 'application/merge-patch+json');
      await b.admin.patch(`${base}/c`, { metadata: { labels: { tier: 'web' } } }, 'application/merge-patch+json');
      await b.admin.patch(`${base}/c`, { data: { x: '1' } }, 'application/merge-patch+json');
      const events = (await watch.until((e) => e.type === 'MODIFIED')).map(describeEvent);
      watch.close();
      return [events];
    });
    assertSame(sim, real);
  });

  it('a resourceVersion older than the history ends the watch with ERROR 410 Expired; a malformed one is refused', async () => {
    const ns = await namespaceOnBoth(backends(), 'expired');
    // Secrets: served from etcd on the real server (see backends.ts), whose compaction is what makes a
    // resourceVersion too old there; the simulator's history is compacted at the same point.
    const base = `/api/v1/namespaces/${ns}/secrets`;
    const { sim, real } = await onBoth(backends(), async (b) => {
      for (let i = 0; i < 3; i++) await b.admin.post(base, { metadata: { name: `s${i}` } });
      await b.compact();
      const watch = await openWatch(b, `${base}?watch=1&resourceVersion=1`);
      const events = await watch.until(() => false, 5_000);
      watch.close();
      const malformed = await b.admin.watch(`${base}?watch=1&resourceVersion=abc`);
      if (malformed instanceof WatchStream) malformed.close();
      return [
        events.map(describeEvent),
        malformed instanceof WatchStream ? 'a watch' : outcome(malformed),
        outcome(await b.admin.get(`${base}?resourceVersion=abc`)),
      ];
    });
    assertSame(sim, real);
  });

  it('sendInitialEvents streams what exists, then the initial-events-end bookmark, then changes', async () => {
    const ns = await namespaceOnBoth(backends(), 'initial');
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const { sim, real } = await onBoth(backends(), async (b) => {
      await b.admin.post(base, { metadata: { name: 'one' } });
      await b.admin.post(base, { metadata: { name: 'two' } });
      const watch = await openWatch(b, `${base}?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan`);
      const initial = await watch.until((e) => e.type === 'BOOKMARK');
      const bookmark = initial.at(-1)!.object;
      await b.admin.post(base, { metadata: { name: 'three' } });
      const after = await watch.until((e) => e.type === 'ADDED');
      watch.close();
      const refusals: unknown[] = [];
      for (const query of ['watch=1&sendInitialEvents=true', 'watch=1&resourceVersionMatch=NotOlderThan', 'sendInitialEvents=true', 'resourceVersionMatch=Exact', 'resourceVersion=0&resourceVersionMatch=Exact', 'resourceVersion=5&resourceVersionMatch=Bogus']) {
        const refused = await b.admin.watch(`${base}?${query}&timeoutSeconds=2`);
        if (refused instanceof WatchStream) refused.close();
        refusals.push(refused instanceof WatchStream ? `${query}: served` : outcome(refused));
      }
      return [initial.map(describeEvent), after.map(describeEvent), Object.keys(bookmark).sort(), Object.keys(bookmark.metadata ?? {}).sort(), ...refusals];
    });
    assertSame(sim, real);
  });

  it('a watch ends by itself after timeoutSeconds', async () => {
    const ns = await namespaceOnBoth(backends(), 'timeout');
    const { sim, real } = await onBoth(backends(), async (b) => {
      const watch = await openWatch(b, `/api/v1/namespaces/${ns}/configmaps?watch=1&timeoutSeconds=1`);
      const started = Date.now();
      await watch.until(() => false, 15_000);
      return [watch.ended, Date.now() - started < 14_000];
    });
    assertSame(sim, real);
    assert.deepEqual(real, [true, true]);
  });
});
