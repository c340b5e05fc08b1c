// The VNC tab's model: why a session ended, the screenshot's file name, bytes across the webview boundary; and
// Forward Port…'s answer.
import * as assert from 'node:assert/strict';
import { parsePortSpec, vmKey } from '../../../src/model/portSpec';
import { asBytes, classifyVncEnd, screenshotFileName } from '../../../src/model/vncSession';

describe('VNC sessions and port specs', () => {
  it('a stopped VMI explains any end; a held session only a refusal saying so; a close of a running one is a drop', () => {
    assert.deepEqual(classifyVncEnd(undefined, 'Succeeded'), { kind: 'stopped', phase: 'Succeeded' });
    assert.deepEqual(classifyVncEnd({ code: 400, message: 'VMI is not running', held: false }, undefined), { kind: 'stopped' });
    assert.deepEqual(classifyVncEnd({ code: 500, message: 'Active VNC connection. Request denied.', held: true }, 'Running'), { kind: 'held' });
    assert.deepEqual(classifyVncEnd({ code: 403, message: 'forbidden', held: false }, 'Running'), { kind: 'refused', code: 403, message: 'forbidden' });
    assert.deepEqual(classifyVncEnd(undefined, 'Running'), { kind: 'dropped' });
  });

  it('names a screenshot after the VM and the local time, safe as a file name', () => {
    assert.equal(screenshotFileName('web-1', new Date(2026, 11, 2, 9, 5, 7)), 'web-1-20261202-090507.png');
    assert.equal(screenshotFileName('a/b c', new Date(2026, 0, 1, 0, 0, 0)), 'a_b_c-20260101-000000.png');
  });

  it('reads bytes however the webview boundary delivered them', () => {
    const read = (value: unknown) => [...(asBytes(value) ?? [])];
    const bytes = Uint8Array.from([1, 2, 255]);
    assert.equal(asBytes(bytes), bytes);
    assert.deepEqual(read(bytes.buffer), [1, 2, 255]);
    assert.deepEqual(read(new DataView(Uint8Array.from([9, 1, 2, 255]).buffer, 1)), [1, 2, 255]);
    assert.deepEqual(read([1, 2, 255]), [1, 2, 255]);
    assert.deepEqual(read({ 0: 1, 1: 2, 2: 255 }), [1, 2, 255]);
    assert.deepEqual(read(JSON.parse(JSON.stringify(Buffer.from([1, 2, 255])))), [1, 2, 255]);
    assert.equal(asBytes('text'), undefined);
    assert.equal(asBytes({ a: 'x' }), undefined);
  });

  it('parses 80, 8080:80 and refuses what is not a port', () => {
    assert.deepEqual(parsePortSpec(' 8080 '), { localPort: 8080, remotePort: 8080, localChosen: false });
    assert.deepEqual(parsePortSpec('80'), { localPort: 0, remotePort: 80, localChosen: false }, 'a privileged port: any free local one');
    assert.deepEqual(parsePortSpec('2222:22'), { localPort: 2222, remotePort: 22, localChosen: true });
    assert.equal(parsePortSpec(''), 'empty');
    assert.equal(parsePortSpec('http'), 'syntax');
    assert.equal(parsePortSpec('80:'), 'syntax');
    assert.equal(parsePortSpec('-1'), 'syntax');
    assert.equal(parsePortSpec('70000'), 'range');
    assert.equal(parsePortSpec('0'), 'range');
    assert.equal(parsePortSpec('0:80'), 'range');
    assert.equal(vmKey({ context: 'prod', namespace: 'a', name: 'web-1', kind: 'vm' }), 'prod/a/vm/web-1');
  });
});
