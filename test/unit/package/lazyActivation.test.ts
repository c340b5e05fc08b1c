// Activation stays light: the bundle loaded at activation holds none of the heavy packages (the Kubernetes
// client, the YAML parsers, websockets, proxy agents), and neither loading it nor activate() requires their own
// bundles (dist/vendor/…); the Fleet's cluster rows, read on first use, need only the kubeconfig's parser, and the
// first connection loads the Kubernetes client. See esbuild.mjs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const repoRoot = path.resolve(__dirname, '../../../..');

interface BuildScript {
  LAZY_PACKAGES: string[];
  extensionOptions(overrides: object): object;
  vendorOptions(name: string, dist: string): object;
}
interface Metafile {
  inputs: Record<string, unknown>;
}

/** Enough of the `vscode` module for activate() to run: every name the API declares, each a callable stand-in. */
function vscodeStandIn(): Record<string, unknown> {
  const handler: ProxyHandler<object> = {
    get: (t, p) => (Object.hasOwn(t, p) && p !== 'name' && p !== 'length' ? Reflect.get(t, p) : p === 'then' || typeof p === 'symbol' ? undefined : p === 'prototype' ? {} : standIn()),
    apply: () => standIn(),
    construct: () => standIn(),
    // A function's own name and length are read-only; a status bar item's name is set by the extension.
    set: (t, p, value) => Reflect.defineProperty(t, p, { value, writable: true, configurable: true }),
  };
  const standIn = (): object => new Proxy(function standIn() {}, handler);
  const types = fs.readFileSync(path.join(repoRoot, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
  const names = new Set([...types.matchAll(/export (?:class|namespace|enum|function|const|let) (\w+)/g)].map((m) => m[1]));
  const api: Record<string, object> = Object.fromEntries([...names].map((n) => [n, standIn()]));
  // Settings read their defaults.
  Object.assign(api.workspace, { getConfiguration: () => ({ get: (_key: string, fallback: unknown) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined }) });
  // No translation: messages come back in English with their placeholders filled.
  Object.assign(api.l10n, { bundle: undefined, t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) });
  return api;
}

describe('lazy activation', function () {
  this.timeout(120_000);
  let dist: string;
  let metafile: Metafile;
  let script: BuildScript;

  before(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-lazy-'));
    const esbuild = (await import('esbuild')) as unknown as { build(o: object): Promise<{ metafile: Metafile }> };
    script = (await import(pathToFileURL(path.join(repoRoot, 'esbuild.mjs')).href)) as BuildScript;
    ({ metafile } = await esbuild.build(script.extensionOptions({ outfile: path.join(dist, 'extension.js'), metafile: true, sourcemap: false, minify: false })));
    for (const name of script.LAZY_PACKAGES) await esbuild.build(script.vendorOptions(name, dist));
  });
  after(() => fs.rmSync(dist, { recursive: true, force: true }));

  it('bundles no heavy package into the activation bundle', () => {
    // The Kubernetes client's kubeconfig entry readers (a few kilobytes, needing only `fs`) are the one part of it
    // bundled: the cluster rows are read with them.
    const readers = 'node_modules/@kubernetes/client-node/dist/config_types.js';
    assert.ok(readers in metafile.inputs, `${readers} is not bundled`);
    const inputs = Object.keys(metafile.inputs).filter((f) => f !== readers);
    const packages = new Set(inputs.flatMap((f) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1] ?? []));
    for (const heavy of [...script.LAZY_PACKAGES, 'js-yaml', 'openid-client', 'node-fetch', 'tr46']) assert.ok(!packages.has(heavy), `${heavy} is in dist/extension.js`);
    assert.ok(!inputs.some((f) => f.includes('kubevirt-schema')), 'the schema is in dist/extension.js');
  });

  it('requires `vscode`, `@vscode/l10n` and each of Node\'s modules once, not once per importing module', () => {
    const text = fs.readFileSync(path.join(dist, 'extension.js'), 'utf8');
    const requires = [...text.matchAll(/require\("(vscode|node:[\w/]+)"\)/g)].map((m) => m[1]);
    assert.ok(requires.includes('vscode') && requires.includes('node:fs'), requires.join(', '));
    assert.deepEqual(requires.filter((name, i) => requires.indexOf(name) !== i), [], 'required more than once');
    const l10n = Object.keys(metafile.inputs).find((f) => f.startsWith('node_modules/@vscode/l10n/'));
    assert.equal([...text.matchAll(/__toESM\(require_main\(\)\)/g)].length, l10n ? 1 : 0, 'the l10n module wrapped more than once');
  });

  it('loads and activates without the Kubernetes client or the YAML parsers; the cluster rows load only the kubeconfig parser', async () => {
    const required: string[] = [];
    const kubeconfig = path.join(dist, 'kubeconfig');
    fs.writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: one, context: {cluster: c, user: u}}]\ncurrent-context: one\n');
    const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
    const original = loader._load;
    const vscode = vscodeStandIn();
    const env = process.env.KUBECONFIG;
    const subscriptions: { dispose?(): unknown }[] = [];
    loader._load = function (request: string, ...rest: unknown[]) {
      if (request === 'vscode') return vscode;
      if (request.startsWith('./vendor/')) required.push(request);
      return original.call(this, request, ...rest);
    };
    try {
      process.env.KUBECONFIG = kubeconfig;
      const extension = Module.createRequire(__filename)(path.join(dist, 'extension.js')) as { activate(context: unknown): { fleetHost: { fleet?: { contexts(): { name: string }[]; connect(context: string): Promise<unknown> } } } };
      assert.equal(required.join(', '), '', 'loading the bundle');
      const context = { subscriptions, extensionMode: 1, extensionPath: repoRoot, extensionUri: vscode.Uri, extension: { id: 'test' }, logUri: vscode.Uri, globalState: { get: () => true, update: async () => undefined } };
      const api = extension.activate(context);
      assert.equal(required.join(', '), '', 'activate()');
      assert.deepEqual(api.fleetHost.fleet?.contexts().map((c) => c.name), ['one']);
      assert.equal(required.join(', '), './vendor/js-yaml.js', 'the cluster rows');
      await api.fleetHost.fleet?.connect('one').catch(() => undefined);
      assert.ok(required.includes('./vendor/kubernetes-client-node.js'), `connecting loaded ${required.join(', ')}`);
    } finally {
      for (const s of subscriptions) s.dispose?.();
      loader._load = original;
      if (env === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = env;
    }
  });
});
