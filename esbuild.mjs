// Bundles the extension (dist/extension.js, loaded at activation, and dist/workbench.js, loaded on first use), the
// webview scripts (dist/overview.js, dist/vnc.js) and their codicons.
// Activation stays light: dist/extension.js holds only what VS Code must find registered at once, each handing its
// calls on to the workbench. The heavy packages below are bundled apart too: the workbench reaches each through a
// small module whose exports load the package on first use, so the kubeconfig's parser runs only when the cluster
// rows are read, the Kubernetes client (auth providers, websockets, proxies) only on a first connection, and the
// YAML parser only when a YAML document is checked.
// test/unit/package/lazyActivation.test.ts holds this in place.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Packages loaded on first use. */
export const LAZY_PACKAGES = ['@kubernetes/client-node', 'js-yaml', 'yaml', 'ws', 'hpagent', 'socks-proxy-agent'];
const LAZY_NAMESPACE = 'lazy-package';

/** The names the extension's sources import from a package (named and default imports; types left out). */
function importedNames(name) {
  const names = new Set();
  const pattern = new RegExp(`import\\s+(?!type\\s)([^;]*?)\\s+from\\s+'${name.replace(/[/.-]/g, '\\$&')}'`, 'g');
  for (const file of fs.readdirSync(path.join(root, 'src'), { recursive: true })) {
    if (!String(file).endsWith('.ts')) continue;
    for (const [, clause] of fs.readFileSync(path.join(root, 'src', String(file)), 'utf8').matchAll(pattern)) {
      if (clause.includes('* as')) throw new Error(`${file}: import named exports of ${name}, not its namespace, so it can load lazily`);
      const named = /\{([^}]*)\}/.exec(clause)?.[1] ?? '';
      const fallback = clause.replace(/\{[^}]*\}/, '').replace(/,/g, '').trim();
      if (fallback) names.add('default');
      for (const spec of named.split(',').map((s) => s.trim()).filter((s) => s && !s.startsWith('type '))) names.add(spec.split(/\s+as\s+/)[0]);
    }
  }
  return [...names];
}

/** Where a lazy package's own bundle goes, next to dist/workbench.js. */
export const vendorFile = (name) => `vendor/${name.replace(/^@/, '').replace(/\//g, '-')}.js`;

/**
 * Stands in for each lazy package: one getter per name the sources import, the first use requiring the package's
 * own bundle (dist/vendor/…, which re-exports just those names, so the bundler still drops the rest).
 */
const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    const filter = new RegExp(`^(${LAZY_PACKAGES.map((p) => p.replace(/[/.-]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => (args.importer.startsWith(path.join(root, 'src')) ? { path: args.path, namespace: LAZY_NAMESPACE } : undefined));
    build.onLoad({ filter: /.*/, namespace: LAZY_NAMESPACE }, (args) => {
      const getters = importedNames(args.path).map((n) => `  ${JSON.stringify(n)}: { enumerable: true, get: () => load()[${JSON.stringify(n)}] },`);
      return {
        resolveDir: root,
        loader: 'js',
        contents: [
          'let real;',
          `const load = () => (real ??= require(${JSON.stringify(`./${vendorFile(args.path)}`)}));`,
          'module.exports = Object.defineProperties({}, {',
          '  __esModule: { value: true },',
          ...getters,
          '});',
        ].join('\n'),
      };
    });
    build.onResolve({ filter: /^\.\/vendor\// }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * The extension's modules import `vscode`, `@vscode/l10n` and Node's modules as namespaces (`import * as`). Left
 * alone, the bundle wraps such a CommonJS module once per importing module, each time copying its property list
 * (44 copies of the whole `vscode` API took 6-14 ms at load in a profile of the extension host). One module per
 * package re-exports it instead, and every import shares that namespace.
 */
const SHARED_NAMESPACES = /^(vscode|@vscode\/l10n|node:.+)$/;
const sharedNamespaces = {
  name: 'shared-namespaces',
  setup(build) {
    build.onResolve({ filter: SHARED_NAMESPACES }, (args) => {
      if (args.namespace !== 'shared-namespace') return { path: args.path, namespace: 'shared-namespace' };
      return args.path === '@vscode/l10n' ? undefined : { path: args.path, external: true };
    });
    build.onLoad({ filter: /.*/, namespace: 'shared-namespace' }, (args) => ({ contents: `export * from ${JSON.stringify(args.path)};`, resolveDir: root, loader: 'js' }));
  },
};

/**
 * The two bundles share no module. The activation bundle requires the workbench's at run time; the workbench's
 * imports of src/contributions.ts resolve to the activation bundle, which re-exports them.
 */
const twoBundles = {
  name: 'two-bundles',
  setup(build) {
    const workbench = build.initialOptions.entryPoints[0].endsWith('workbench.ts');
    build.onResolve({ filter: workbench ? /(^|\/)contributions$/ : /^\.\/workbench$/ }, (args) =>
      args.importer.startsWith(path.join(root, 'src')) ? { path: workbench ? './extension.js' : './workbench.js', external: true } : undefined,
    );
  },
};

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'warning' };

function extensionBundle(entry, outfile, overrides) {
  return { entryPoints: [path.join(root, entry)], ...common, outfile, sourcemap: true, plugins: [sharedNamespaces, lazyPackages, twoBundles], ...overrides };
}

/** The activation bundle: the view, the commands, the schemes and the YAML providers, handing calls to the workbench. */
export function extensionOptions(overrides = {}) {
  return extensionBundle('src/extension.ts', path.join(root, 'dist/extension.js'), overrides);
}

/** The workbench's bundle, which requires each lazy package's bundle on first use. */
export function workbenchOptions(overrides = {}) {
  return extensionBundle('src/workbench.ts', path.join(root, 'dist/workbench.js'), overrides);
}

/** A lazy package's bundle: the names the sources import from it. */
export function vendorOptions(name, dist = path.join(root, 'dist')) {
  return {
    ...common,
    stdin: { contents: `export { ${importedNames(name).join(', ')} } from ${JSON.stringify(name)};`, resolveDir: root, loader: 'js' },
    outfile: path.join(dist, vendorFile(name)),
  };
}

/** A webview's script, run in the webview (no Node). */
function webviewOptions(name, format) {
  return {
    entryPoints: [path.join(root, `src/webview/${name}.ts`)],
    bundle: true,
    outfile: path.join(root, `dist/${name}.js`),
    format,
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await esbuild.build(extensionOptions());
  await esbuild.build(workbenchOptions());
  for (const name of LAZY_PACKAGES) await esbuild.build(vendorOptions(name));
  await esbuild.build(webviewOptions('overview', 'iife'));
  // noVNC uses top-level await, so the VNC tab's script is an ES module.
  await esbuild.build(webviewOptions('vnc', 'esm'));
  // The codicon font for the webviews' buttons (dist/codicon.css and codicon.ttf).
  await esbuild.build({
    entryPoints: [path.join(root, 'node_modules/@vscode/codicons/dist/codicon.css')],
    bundle: true,
    outdir: path.join(root, 'dist'),
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
    minify: true,
    logLevel: 'warning',
  });
}
