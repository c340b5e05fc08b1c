import * as assert from 'node:assert/strict';
import { Backoff } from '../../../src/cluster/backoff';

describe('backoff', () => {
  it('doubles from the initial delay up to the maximum, with jitter between half and all of it', () => {
    const low = new Backoff({ initialMs: 250, maxMs: 30_000, random: () => 0 });
    const high = new Backoff({ initialMs: 250, maxMs: 30_000, random: () => 0.999999 });
    const lows = Array.from({ length: 10 }, () => low.next());
    const highs = Array.from({ length: 10 }, () => high.next());
    assert.deepEqual(lows, [125, 250, 500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
    assert.deepEqual(highs, [250, 500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts over after a reset', () => {
    const b = new Backoff({ initialMs: 100, random: () => 0.999999 });
    b.next();
    b.next();
    b.reset();
    assert.equal(b.next(), 100);
  });
});
