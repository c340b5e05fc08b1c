import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kubeconfigPaths, loadKubeconfigs } from '../../../src/cluster/kubeconfig';

function kubeconfig(contexts: { name: string; server: string; user: string }[], current?: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${current ?? ''}`,
    'clusters:',
    ...contexts.map((c) => `- name: ${c.name}\n  cluster:\n    server: ${c.server}`),
    'users:',
    ...contexts.map((c) => `- name: ${c.user}\n  user:\n    token: t-${c.user}`),
    'contexts:',
    ...contexts.map((c) => `- name: ${c.name}\n  context:\n    cluster: ${c.name}\n    user: ${c.user}`),
  ].join('\n');
}

describe('kubeconfig loading', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-kubeconfig-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('splits KUBECONFIG on the OS delimiter, else uses ~/.kube/config, then the extra paths', () => {
    const home = path.join(dir, 'home');
    assert.deepEqual(kubeconfigPaths(['/a', '', '/b'].join(path.delimiter), ['~/extra', '/a'], home), ['/a', '/b', path.join(home, 'extra')]);
    assert.deepEqual(kubeconfigPaths(undefined, [], home), [path.join(home, '.kube', 'config')]);
    assert.deepEqual(kubeconfigPaths('', ['/x'], home), [path.join(home, '.kube', 'config'), '/x']);
  });

  it('merges files as kubectl does: the first file to name an entry wins', () => {
    const a = write('a', kubeconfig([{ name: 'east', server: 'https://east:6443', user: 'admin' }], 'east'));
    const b = write('b', kubeconfig([
      { name: 'east', server: 'https://shadowed:6443', user: 'admin' },
      { name: 'west', server: 'https://west:6443', user: 'dev' },
    ], 'west'));
    const { config, files, problems } = loadKubeconfigs([a, b]);
    assert.deepEqual(problems, []);
    assert.deepEqual(files, [a, b]);
    assert.deepEqual(config.getContexts().map((c) => c.name), ['east', 'west']);
    assert.equal(config.getCluster('east')?.server, 'https://east:6443');
    assert.equal(config.getCurrentContext(), 'east');
    assert.equal(config.getUser('dev')?.token, 't-dev');
  });

  it('skips missing files and reports a malformed one without losing the others', () => {
    const good = write('good', kubeconfig([{ name: 'east', server: 'https://east:6443', user: 'admin' }], 'east'));
    const bad = write('bad', 'clusters:\n  - name: x\n   cluster: [unclosed\n');
    const { config, files, problems } = loadKubeconfigs([path.join(dir, 'missing'), bad, good]);
    assert.deepEqual(files, [good]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].file, bad);
    assert.match(problems[0].message, /line \d+|bad indentation|unexpected/i);
    assert.deepEqual(config.getContexts().map((c) => c.name), ['east']);
  });

  it('never writes the files it reads', () => {
    const file = write('config', kubeconfig([{ name: 'east', server: 'https://east:6443', user: 'admin' }], 'east'));
    const before = fs.statSync(file);
    const text = fs.readFileSync(file, 'utf8');
    loadKubeconfigs([file]).config.setCurrentContext('east');
    assert.equal(fs.readFileSync(file, 'utf8'), text);
    assert.equal(fs.statSync(file).mtimeMs, before.mtimeMs);
  });
});
