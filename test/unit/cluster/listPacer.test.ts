import * as assert from 'node:assert/strict';
import { ListPacer, type PageRank } from '../../../src/cluster/listPacer';

/** Whether the promise has settled after the pending callbacks ran. */
async function settled(promise: Promise<unknown>): Promise<'resolved' | 'rejected' | 'pending'> {
  let state: 'resolved' | 'rejected' | 'pending' = 'pending';
  promise.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await new Promise((r) => setImmediate(r));
  return state;
}

describe('list pacer', () => {
  let demand: boolean;
  let browsing: boolean;
  let pacer: ListPacer;
  const signal = () => new AbortController().signal;
  const wanted = (): PageRank => 'wanted';
  const idle = (): PageRank => 'idle';
  const browsed = (): PageRank => 'browsed';

  beforeEach(() => {
    demand = true;
    browsing = true;
    pacer = new ListPacer(() => demand, () => browsing, 60_000);
  });

  it('lets a wanted page go at once, whatever is awaited', async () => {
    assert.equal(await settled(pacer.turn(wanted, signal())), 'resolved');
  });

  it('lets any page go at once when nothing is awaited', async () => {
    demand = false;
    assert.equal(await settled(pacer.turn(idle, signal())), 'resolved');
  });

  it('holds a page while something is awaited, and lets it go on the nudge after', async () => {
    const turn = pacer.turn(idle, signal());
    assert.equal(await settled(turn), 'pending');
    pacer.nudge();
    assert.equal(await settled(turn), 'pending', 'still awaited');
    demand = false;
    assert.equal(await settled(turn), 'pending', 'a held page asks again only when nudged');
    pacer.nudge();
    assert.equal(await settled(turn), 'resolved');
  });

  it('lets a held page go once it is wanted itself', async () => {
    let rank: PageRank = 'idle';
    const turn = pacer.turn(() => rank, signal());
    rank = 'wanted';
    pacer.nudge();
    assert.equal(await settled(turn), 'resolved');
  });

  it('lets a held page go after the longest wait, though something is still awaited', async () => {
    pacer = new ListPacer(() => true, () => true, 30);
    const turn = pacer.turn(idle, signal());
    assert.equal(await settled(turn), 'pending');
    await turn;
  });

  it('while someone browses, lets the pages nobody waits for go one at a time, in the order they came', async () => {
    demand = false;
    const first = await pacer.turn(idle, signal());
    const second = pacer.turn(idle, signal());
    const third = pacer.turn(idle, signal());
    assert.equal(await settled(second), 'pending', 'the first is in flight');
    assert.equal(await settled(pacer.turn(wanted, signal())), 'resolved', 'a wanted page does not queue');
    first();
    first();
    assert.equal(await settled(second), 'resolved');
    assert.equal(await settled(third), 'pending', 'a page done twice frees one turn');
    (await second)();
    assert.equal(await settled(third), 'resolved');
  });

  it('while someone browses, lets a browsed cluster\'s pages go before the others\'', async () => {
    demand = false;
    const first = await pacer.turn(idle, signal());
    const other = pacer.turn(idle, signal());
    const mine = pacer.turn(browsed, signal());
    first();
    assert.equal(await settled(mine), 'resolved', 'the browsed cluster\'s page, though it came later');
    assert.equal(await settled(other), 'pending');
    (await mine)();
    assert.equal(await settled(other), 'resolved');
  });

  it('lets them go together while nobody browses', async () => {
    demand = false;
    browsing = false;
    await pacer.turn(idle, signal());
    assert.equal(await settled(pacer.turn(idle, signal())), 'resolved');
  });

  it('rejects a held page whose list is aborted, and forgets it', async () => {
    const abort = new AbortController();
    const turn = pacer.turn(idle, abort.signal);
    abort.abort(new Error('stopped'));
    await assert.rejects(turn, /stopped/);
    demand = false;
    pacer.nudge();
    const already = new AbortController();
    already.abort(new Error('stopped before'));
    demand = true;
    await assert.rejects(pacer.turn(idle, already.signal), /stopped before/);
  });
});
