// Activation stays light: the bundle loaded at activation (dist/extension.js) holds only what VS Code must find
// registered at once, and neither loading it nor activate() requires the workbench's bundle (dist/workbench.js) or
// the heavy packages' own (dist/vendor/…: the Kubernetes client, the YAML parsers, websockets, proxy agents). A
// command's first run loads the workbench, which registers every contributed command; the Fleet's cluster rows need
// only the kubeconfig's parser, and the first connection loads the Kubernetes client. See esbuild.mjs.
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
  workbenchOptions(overrides: object): object;
  vendorOptions(name: string, dist: string): object;
}
interface Metafile {
  inputs: Record<string, unknown>;
}

/**
 * Enough of the `vscode` module for activate() to run: every name the API declares, each a callable stand-in, and
 * a command registry (`commands`: the handlers registered by id).
 */
function vscodeStandIn(commands: Map<string, (...args: unknown[]) => unknown>): Record<string, unknown> {
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
  // No other extension is installed.
  Object.assign(api.extensions, { getExtension: () => undefined });
  Object.assign(api.commands, {
    registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
      assert.ok(!commands.has(id), `${id} registered twice`);
      commands.set(id, handler);
      return { dispose: () => commands.get(id) === handler && commands.delete(id) };
    },
    // VS Code's own commands (setContext…) do nothing here.
    executeCommand: async (id: string, ...args: unknown[]) => (id.startsWith('kubevirtWorkbench.') ? commands.get(id)?.(...args) : undefined),
  });
  return api;
}

describe('lazy activation', function () {
  this.timeout(120_000);
  let dist: string;
  /** The activation bundle's inputs, and the workbench's. */
  let activation: Metafile;
  let workbench: Metafile;
  let script: BuildScript;

  before(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-lazy-'));
    const esbuild = (await import('esbuild')) as unknown as { build(o: object): Promise<{ metafile: Metafile }> };
    script = (await import(pathToFileURL(path.join(repoRoot, 'esbuild.mjs')).href)) as BuildScript;
    const options = { metafile: true, sourcemap: false, minify: false };
    ({ metafile: activation } = await esbuild.build(script.extensionOptions({ ...options, outfile: path.join(dist, 'extension.js') })));
    ({ metafile: workbench } = await esbuild.build(script.workbenchOptions({ ...options, outfile: path.join(dist, 'workbench.js') })));
    for (const name of script.LAZY_PACKAGES) await esbuild.build(script.vendorOptions(name, dist));
  });
  after(() => fs.rmSync(dist, { recursive: true, force: true }));

  /** A bundle's own modules and packages' files (not the plugins' stand-ins for `vscode` and the lazy packages). */
  const files = (metafile: Metafile) => Object.keys(metafile.inputs).filter((f) => !f.includes(':'));

  it('holds only the contributions and their hand-off in the activation bundle', () => {
    assert.deepEqual(files(activation).sort(), ['node_modules/vscode-kubernetes-tools-api/js/constants.js', 'src/contributions.ts', 'src/extension.ts']);
  });

  it('shares no module between the two bundles', () => {
    const shared = files(workbench).filter((f) => files(activation).includes(f));
    assert.deepEqual(shared, [], 'in both bundles');
    assert.ok(files(workbench).length > 100, `${files(workbench).length} modules in the workbench`);
  });

  it('bundles no heavy package into the workbench', () => {
    // The Kubernetes client's kubeconfig entry readers (a few kilobytes, needing only `fs`) are the one part of it
    // bundled: the cluster rows are read with them.
    const readers = 'node_modules/@kubernetes/client-node/dist/config_types.js';
    assert.ok(readers in workbench.inputs, `${readers} is not bundled`);
    const inputs = files(workbench).filter((f) => f !== readers);
    const packages = new Set(inputs.flatMap((f) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1] ?? []));
    for (const heavy of [...script.LAZY_PACKAGES, 'js-yaml', 'openid-client', 'node-fetch', 'tr46']) assert.ok(!packages.has(heavy), `${heavy} is in dist/workbench.js`);
    assert.ok(!inputs.some((f) => f.includes('kubevirt-schema')), 'the schema is in dist/workbench.js');
  });

  it('requires `vscode`, `@vscode/l10n` and each of Node\'s modules once per bundle, not once per importing module', () => {
    for (const [bundle, metafile, expected] of [['extension.js', activation, ['vscode']], ['workbench.js', workbench, ['vscode', 'node:fs']]] as const) {
      const text = fs.readFileSync(path.join(dist, bundle), 'utf8');
      const requires = [...text.matchAll(/require\("(vscode|node:[\w/]+)"\)/g)].map((m) => m[1]);
      assert.ok(expected.every((name) => requires.includes(name)), `${bundle}: ${requires.join(', ')}`);
      assert.deepEqual(requires.filter((name, i) => requires.indexOf(name) !== i), [], `${bundle}: required more than once`);
      const l10n = Object.keys(metafile.inputs).find((f) => f.startsWith('node_modules/@vscode/l10n/'));
      assert.equal([...text.matchAll(/__toESM\(require_main\(\)\)/g)].length, l10n ? 1 : 0, `${bundle}: the l10n module wrapped more than once`);
    }
  });

  it('activates without the workbench; a first command loads it, which registers every contributed command; the cluster rows load only the kubeconfig parser', async () => {
    const required: string[] = [];
    const commands = new Map<string, (...args: unknown[]) => unknown>();
    const contributed = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    const kubeconfig = path.join(dist, 'kubeconfig');
    fs.writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: one, context: {cluster: c, user: u}}]\ncurrent-context: one\n');
    const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
    const original = loader._load;
    const vscode = vscodeStandIn(commands);
    const env = process.env.KUBECONFIG;
    const subscriptions: { dispose?(): unknown }[] = [];
    loader._load = function (request: string, ...rest: unknown[]) {
      if (request === 'vscode') return vscode;
      if (request.startsWith('./vendor/') || request === './workbench.js') required.push(request);
      return original.call(this, request, ...rest);
    };
    try {
      process.env.KUBECONFIG = kubeconfig;
      const extension = Module.createRequire(__filename)(path.join(dist, 'extension.js')) as { activate(context: unknown): { fleetHost: { fleet?: { contexts(): { name: string }[]; connect(context: string): Promise<unknown> } } } };
      assert.equal(required.join(', '), '', 'loading the bundle');
      const context = { subscriptions, extensionMode: 1, extensionPath: repoRoot, extensionUri: vscode.Uri, extension: { id: 'test', packageJSON: { contributes: { commands: contributed.map((command) => ({ command })) } } }, logUri: vscode.Uri, globalState: { get: () => true, update: async () => undefined } };
      const api = extension.activate(context);
      assert.equal(required.join(', '), '', 'activate()');
      assert.deepEqual([...commands.keys()].sort(), [...contributed].sort(), 'a stand-in for each contributed command');
      const standIns = new Map(commands);
      await commands.get('kubevirtWorkbench.showLog')?.();
      assert.equal(required.join(', '), './workbench.js', 'the first command');
      assert.deepEqual(contributed.filter((id) => !commands.has(id)), [], 'contributed but not registered by the workbench');
      assert.deepEqual(contributed.filter((id) => commands.get(id) === standIns.get(id)), [], 'still a stand-in');
      assert.deepEqual(api.fleetHost.fleet?.contexts().map((c) => c.name), ['one']);
      assert.equal(required.join(', '), './workbench.js, ./vendor/js-yaml.js', 'the cluster rows');
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
