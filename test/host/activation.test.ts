import * as assert from 'node:assert/strict';
import { extension } from './extension';

describe('activation', () => {
  it('activates the extension under development', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });
});
