import * as assert from 'node:assert/strict';
import { ListPacer } from '../../../src/cluster/listPacer';

/** Whether the promise has settled after the pending callbacks ran. */
async function settled(promise: Promise<unknown>): Promise<'resolved' | 'rejected' | 'pending'> {
  let state: 'resolved' | 'rejected' | 'pending' = 'pending';
  promise.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await new Promise((r) => setImmediate(r));
  return state;
}

describe('list pacer', () => {
  let demand: boolean;
  let pacer: ListPacer;
  const signal = () => new AbortController().signal;

  beforeEach(() => {
    demand = true;
    pacer = new ListPacer(() => demand, 60_000);
  });

  it('lets a wanted page go at once, whatever is awaited', async () => {
    assert.equal(await settled(pacer.turn(() => true, signal())), 'resolved');
  });

  it('lets any page go at once when nothing is awaited', async () => {
    demand = false;
    assert.equal(await settled(pacer.turn(() => false, signal())), 'resolved');
  });

  it('holds a page while something is awaited, and lets it go on the nudge after', async () => {
    const turn = pacer.turn(() => false, signal());
    assert.equal(await settled(turn), 'pending');
    pacer.nudge();
    assert.equal(await settled(turn), 'pending', 'still awaited');
    demand = false;
    assert.equal(await settled(turn), 'pending', 'a held page asks again only when nudged');
    pacer.nudge();
    assert.equal(await settled(turn), 'resolved');
  });

  it('lets a held page go once it is wanted itself', async () => {
    let wanted = false;
    const turn = pacer.turn(() => wanted, signal());
    wanted = true;
    pacer.nudge();
    assert.equal(await settled(turn), 'resolved');
  });

  it('lets a held page go after the longest wait, though something is still awaited', async () => {
    pacer = new ListPacer(() => true, 30);
    const turn = pacer.turn(() => false, signal());
    assert.equal(await settled(turn), 'pending');
    await turn;
  });

  it('rejects a held page whose list is aborted, and forgets it', async () => {
    const abort = new AbortController();
    const turn = pacer.turn(() => false, abort.signal);
    abort.abort(new Error('stopped'));
    await assert.rejects(turn, /stopped/);
    demand = false;
    pacer.nudge();
    const already = new AbortController();
    already.abort(new Error('stopped before'));
    demand = true;
    await assert.rejects(pacer.turn(() => false, already.signal), /stopped before/);
  });
});
