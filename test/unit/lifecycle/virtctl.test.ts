import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findVirtctl, virtctlVersion } from '../../../src/cluster/virtctl';

describe('virtctl on PATH', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtctl-'));
    fs.mkdirSync(path.join(dir, 'empty'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'empty', 'virtctl'), 'not executable', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'bin', 'virtctl'), '#!/bin/sh\necho "Client Version: version.Info{GitVersion:\\"v1.5.2\\"} args: $*"\n', { mode: 0o755 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the first executable virtctl, skipping files that are not executable', async function () {
    if (process.platform === 'win32') this.skip();
    const found = await findVirtctl({ PATH: [path.join(dir, 'missing'), path.join(dir, 'empty'), path.join(dir, 'bin')].join(':') }, 'linux');
    assert.equal(found, path.join(dir, 'bin', 'virtctl'));
    assert.equal(await findVirtctl({ PATH: path.join(dir, 'empty') }, 'linux'), undefined);
  });

  it('on Windows runs only a real virtctl.exe, never a .cmd or .bat wrapper that PATHEXT would pick', async () => {
    const wrappers = path.join(dir, 'wrappers');
    const real = path.join(dir, 'real');
    fs.mkdirSync(wrappers);
    fs.mkdirSync(real);
    fs.writeFileSync(path.join(wrappers, 'virtctl.cmd'), '@echo off\r\n');
    fs.writeFileSync(path.join(wrappers, 'virtctl.bat'), '@echo off\r\n');
    fs.writeFileSync(path.join(real, 'virtctl.exe'), 'MZ');
    const env = { PATHEXT: '.CMD;.BAT;.EXE' };
    assert.equal(await findVirtctl({ ...env, Path: wrappers }, 'win32'), undefined);
    assert.equal(await findVirtctl({ ...env, Path: [wrappers, real].join(';') }, 'win32'), path.join(real, 'virtctl.exe'));
  });

  it('asks its version with an argument array', async function () {
    if (process.platform === 'win32') this.skip();
    assert.equal(await virtctlVersion(path.join(dir, 'bin', 'virtctl')), 'Client Version: version.Info{GitVersion:"v1.5.2"} args: version --client');
  });
});
