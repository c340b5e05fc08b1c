import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { kubeconfigPaths, loadKubeconfigs } from '../../../src/cluster/kubeconfig';

const CORPUS = path.resolve(__dirname, '../../../../test/corpus/kubeconfigs');

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
    assert.deepEqual(kubeconfigPaths(['/a', '', '/b'].join(path.delimiter), ['~/extra', '/a'], { home }).files, ['/a', '/b', path.join(home, 'extra')]);
    assert.deepEqual(kubeconfigPaths(undefined, [], { home }).files, [path.join(home, '.kube', 'config')]);
    assert.deepEqual(kubeconfigPaths('', ['/x'], { home }).files, [path.join(home, '.kube', 'config'), '/x']);
  });

  it('resolves relative paths against the workspace folder, never the working directory, and not at all in an untrusted workspace', () => {
    const home = path.join(dir, 'home');
    const workspace = path.join(dir, 'repo');
    assert.deepEqual(kubeconfigPaths(undefined, ['configs/lab.yaml'], { home, workspaceFolder: workspace }).files, [path.join(home, '.kube', 'config'), path.join(workspace, 'configs', 'lab.yaml')]);
    const alone = kubeconfigPaths(undefined, ['configs/lab.yaml'], { home });
    assert.deepEqual(alone.files, [path.join(home, '.kube', 'config')]);
    assert.match(alone.problems[0].message, /needs an open workspace folder/);
    assert.ok(!alone.files.includes(path.resolve('configs/lab.yaml')), 'the extension host’s working directory is never used');
    const untrusted = kubeconfigPaths(['relative.yaml', '/abs.yaml'].join(path.delimiter), [], { home, workspaceFolder: workspace, trusted: false });
    assert.deepEqual(untrusted.files, ['/abs.yaml']);
    assert.match(untrusted.problems[0].message, /untrusted workspace/);
  });

  it('merges contexts as kubectl does (the first file to name a context wins), each with its own file\'s cluster and user', () => {
    const a = write('a', kubeconfig([{ name: 'east', server: 'https://east:6443', user: 'admin' }], 'east'));
    const b = write('b', kubeconfig([
      { name: 'east', server: 'https://shadowed:6443', user: 'admin' },
      { name: 'west', server: 'https://west:6443', user: 'dev' },
    ], 'west'));
    const { contexts, currentContext, files, problems } = loadKubeconfigs([a, b]);
    assert.deepEqual(problems, []);
    assert.deepEqual(files, [a, b]);
    assert.deepEqual(contexts.map((c) => c.name), ['east', 'west']);
    assert.equal(contexts[0].cluster?.server, 'https://east:6443');
    assert.equal(currentContext, 'east');
    assert.equal(contexts[1].user?.token, 't-dev');
    assert.match(contexts[0].warnings.join('\n'), /context "east" is also defined in b/);
  });

  it('never lends one file\'s user or cluster to a context of another file, and says which names collide', () => {
    const home = write('home', kubeconfig([{ name: 'prod', server: 'https://prod:6443', user: 'prod-admin' }], 'prod'));
    // A second file whose context names the home file's user (and a cluster of its own).
    const foreign = write('foreign', [
      'apiVersion: v1', 'kind: Config',
      'clusters:', '- name: lab', '  cluster:', '    server: https://elsewhere:6443',
      'contexts:', '- name: lab', '  context:', '    cluster: lab', '    user: prod-admin',
      'users: []',
    ].join('\n'));
    const shadow = write('shadow', kubeconfig([{ name: 'lab2', server: 'https://lab2:6443', user: 'prod-admin' }]));
    const { contexts } = loadKubeconfigs([home, foreign, shadow]);
    const lab = contexts.find((c) => c.name === 'lab')!;
    assert.equal(lab.cluster?.server, 'https://elsewhere:6443');
    assert.equal(lab.user, undefined, 'the home file\'s prod-admin is not lent to the foreign file');
    assert.match(lab.problem ?? '', /user "prod-admin" not defined in foreign/);
    const lab2 = contexts.find((c) => c.name === 'lab2')!;
    assert.equal(lab2.user?.token, 't-prod-admin', 'its own file\'s prod-admin');
    assert.equal(lab2.cluster?.server, 'https://lab2:6443');
    assert.match(lab2.warnings.join('\n'), /user "prod-admin" is also defined in home; this context uses the one in shadow/);
    assert.match(contexts.find((c) => c.name === 'prod')!.warnings.join('\n'), /user "prod-admin" is also defined in shadow/);
  });

  it('skips missing files and reports a malformed one without losing the others', () => {
    const good = write('good', kubeconfig([{ name: 'east', server: 'https://east:6443', user: 'admin' }], 'east'));
    const bad = write('bad', 'clusters:\n  - name: x\n   cluster: [unclosed\n');
    const { contexts, files, problems } = loadKubeconfigs([path.join(dir, 'missing'), bad, good]);
    assert.deepEqual(files, [good]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].file, bad);
    assert.match(problems[0].message, /line \d+|bad indentation|unexpected/i);
    assert.deepEqual(contexts.map((c) => c.name), ['east']);
  });

  it('reads each file as client-node\'s KubeConfig.loadFromFile does (the corpus, and file paths relative to the kubeconfig)', () => {
    const relative = write('relative', [
      'clusters: [{ name: east, cluster: { server: "https://east:6443", certificate-authority: ca.crt } }]',
      'users: [{ name: admin, user: { client-certificate: certs/admin.crt, client-key: /keys/admin.key } }]',
      'contexts: [{ name: east, context: { cluster: east, user: admin } }]',
      'current-context: east',
    ].join('\n'));
    const files = [relative, ...fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).map((f) => path.join(CORPUS, f))];
    let compared = 0;
    for (const file of files) {
      const ours = loadKubeconfigs([file]);
      const theirs = new KubeConfig();
      try {
        theirs.loadFromFile(file);
      } catch {
        assert.equal(ours.problems.length, 1, `${path.basename(file)}: client-node cannot read it, so it is reported`);
        continue;
      }
      if (!theirs.getContexts().length) {
        assert.equal(ours.problems.length, 1, `${path.basename(file)}: no contexts, reported`);
        continue;
      }
      assert.equal(ours.currentContext, theirs.getCurrentContext() ?? '', path.basename(file));
      const first = theirs.getContexts().filter((c, i, all) => all.findIndex((o) => o.name === c.name) === i);
      assert.deepEqual(
        ours.contexts.map(({ context, cluster, user }) => ({ context, cluster, user })),
        first.map((context) => ({ context, cluster: theirs.getCluster(context.cluster) ?? undefined, user: context.user ? (theirs.getUser(context.user) ?? undefined) : undefined })),
        path.basename(file),
      );
      compared++;
    }
    assert.ok(compared >= 20, `only ${compared} files compared`);
    const [east] = loadKubeconfigs([relative]).contexts;
    assert.equal(east.cluster?.caFile, path.join(dir, 'ca.crt'));
    assert.equal(east.user?.certFile, path.join(dir, 'certs/admin.crt'));
    assert.equal(east.user?.keyFile, '/keys/admin.key');
  });

  it('never writes the files it reads', () => {
    const file = write('config', kubeconfig([{ name: 'east', server: 'https://east:6443', user: 'admin' }], 'east'));
    const before = fs.statSync(file);
    const text = fs.readFileSync(file, 'utf8');
    loadKubeconfigs([file]);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
    assert.equal(fs.statSync(file).mtimeMs, before.mtimeMs);
  });
});
