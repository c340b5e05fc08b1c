import * as assert from 'node:assert/strict';
import { age } from '../../../src/model/age';

describe('age', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it('prints durations as kubectl does', () => {
    const cases: [number, string][] = [
      [5, '5s'], [119, '119s'], [125, '2m5s'], [600, '10m'], [179 * 60, '179m'], [3 * 3600 + 12 * 60, '3h12m'],
      [5 * 3600, '5h'], [30 * 3600, '30h'], [3 * 86400 + 4 * 3600, '3d4h'], [7 * 86400, '7d'], [100 * 86400, '100d'],
      [3 * 365 * 86400 + 20 * 86400, '3y20d'], [9 * 365 * 86400, '9y'],
    ];
    for (const [seconds, expected] of cases) assert.equal(age(ago(seconds), now), expected, `${seconds}s`);
  });

  it('is empty for a missing or malformed timestamp and never negative', () => {
    assert.equal(age(undefined, now), '');
    assert.equal(age('yesterday', now), '');
    assert.equal(age(new Date(now + 5000).toISOString(), now), '0s');
  });
});
