import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExecAuthenticator, parseCredential } from '../../../src/cluster/execCredential';
import { Fleet, type FleetOptions } from '../../../src/cluster/fleet';
import { startScenario, type RunningScenario } from '../../sim/scenario';
import { ADMIN, kubeconfigFrom, namespace, waitFor } from './simSupport';

const PLUGIN = path.join(__dirname, 'execPlugin.js');
const V1 = 'client.authentication.k8s.io/v1';

interface Run {
  pid: number;
  mode: string;
  info: { apiVersion?: string; spec?: { interactive?: boolean; cluster?: { server?: string } } };
  extra?: string;
}

describe('exec credential plugins against the simulator', function () {
  this.timeout(30_000);
  let sim: RunningScenario;
  let dir: string;
  let runsFile: string;
  let fleet: Fleet | undefined;
  let log: string[];
  let trace: string[];
  const runs = (): Run[] => (fs.existsSync(runsFile) ? fs.readFileSync(runsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Run) : []);

  before(async () => {
    sim = await startScenario({
      name: 'exec',
      clusters: [
        { name: 'east', users: [ADMIN], contextUser: 'admin', objects: [namespace('team-a')] },
        { name: 'west', users: [ADMIN], contextUser: 'admin', objects: [] },
      ],
    });
  });
  after(() => sim?.stop());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-exec-'));
    runsFile = path.join(dir, 'runs.jsonl');
    log = [];
    trace = [];
  });
  afterEach(() => {
    fleet?.dispose();
    fleet = undefined;
    for (const run of runs()) {
      try {
        process.kill(run.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Both contexts' users run the plugin with `args`; they share one user entry when `shared`. */
  function start(args: string[], options: FleetOptions & { spec?: Record<string, unknown>; shared?: boolean } = {}): Fleet {
    const exec = { apiVersion: V1, command: process.execPath, args: [PLUGIN, ...args], env: [{ name: 'PLUGIN_LOG', value: runsFile }, { name: 'PLUGIN_EXTRA', value: 'from-kubeconfig' }], interactiveMode: 'Never', ...options.spec };
    const loaded = kubeconfigFrom(sim.kubeconfig(), (doc) => {
      for (const u of doc.users) u.user = { exec };
      if (options.shared) {
        doc.users = [{ name: 'sso', user: { exec } }];
        for (const c of doc.contexts) c.context.user = 'sso';
      }
    });
    fleet = new Fleet(loaded, { ...options, log: (line) => log.push(line), exec: { ...options.exec, trace: (line) => trace.push(line) } });
    return fleet;
  }

  it('starts the request timer after the credentials are there: a slow plugin does not make a healthy cluster unreachable', async () => {
    const f = start(['slow', '1500', 'admin-token'], { connectTimeoutMs: 1000 });
    await f.connect('east');
    assert.deepEqual(f.state('east'), { status: 'connected' });
  });

  it('kills a plugin that never exits, after its own time limit, and says so in a credentials state', async () => {
    const f = start(['hang'], { exec: { timeoutMs: 800 } });
    const started = Date.now();
    await f.connect('east');
    assert.ok(Date.now() - started < 10_000);
    assert.equal(f.state('east').status, 'credentials');
    assert.match(f.state('east').reason ?? '', /^Credentials unavailable: credential plugin "node(\.exe)?" did not finish within 1 s and was stopped$/);
    const [run] = runs();
    await waitFor('the plugin process to be gone', () => {
      try {
        process.kill(run.pid, 0);
        return false;
      } catch {
        return true;
      }
    });
  });

  it('gives a plugin that prompts an empty stdin instead of hanging, and reports its exit code', async () => {
    const f = start(['prompt']);
    await f.connect('east');
    assert.deepEqual(f.state('east'), { status: 'credentials', reason: `Credentials unavailable: credential plugin "${path.basename(process.execPath)}" exited with code 2` });
    assert.equal(runs()[0].info.spec?.interactive, false);
  });

  it('runs a plugin once for a user however many contexts and retries ask at the same time', async () => {
    const f = start(['slow', '300', 'admin-token'], { shared: true });
    await Promise.all([f.connect('east'), f.connect('west'), f.http('east').get('/version'), f.http('west').get('/api')]);
    assert.deepEqual([f.state('east').status, f.state('west').status], ['connected', 'connected']);
    assert.equal(runs().length, 1, 'one run for the shared user');
    await Promise.all([f.retry('east'), f.retry('east'), f.retry('west')]);
    assert.equal(runs().length, 2, 'a Retry runs it again, once');
  });

  it('caches a credential without expirationTimestamp until the server answers 401, then runs the plugin again', async () => {
    const f = start(['token', 'admin-token']);
    const http = f.http('east');
    for (let i = 0; i < 5; i++) await http.get('/version');
    assert.equal(runs().length, 1, 'cached across requests');
    sim.clusters[0].faults.expireToken('admin-token');
    await assert.rejects(http.get('/version'), /Unauthorized/);
    sim.clusters[0].faults.restoreToken('admin-token');
    await http.get('/version');
    assert.equal(runs().length, 2, 'run again after the 401');
  });

  it('runs the plugin again once its expirationTimestamp has passed', async () => {
    const f = start(['token', 'admin-token', '1']);
    const http = f.http('east');
    await http.get('/version');
    await http.get('/version');
    assert.equal(runs().length, 2, 'a credential expiring within the refresh margin is not reused');
  });

  it('speaks v1beta1 too, passes env and, when asked, the cluster in KUBERNETES_EXEC_INFO', async () => {
    const f = start(['token', 'admin-token'], { spec: { apiVersion: 'client.authentication.k8s.io/v1beta1', provideClusterInfo: true } });
    await f.connect('east');
    assert.equal(f.state('east').status, 'connected');
    const [run] = runs();
    assert.equal(run.info.apiVersion, 'client.authentication.k8s.io/v1beta1');
    assert.equal(run.info.spec?.cluster?.server, sim.clusters[0].url);
    assert.equal(run.extra, 'from-kubeconfig');
  });

  it('refuses plugins it cannot serve: interactiveMode Always, an unsupported apiVersion, an answer in another apiVersion', async () => {
    const always = start(['token', 'admin-token'], { spec: { interactiveMode: 'Always' } });
    await always.connect('east');
    assert.match(always.state('east').reason ?? '', /needs an interactive terminal/);
    always.dispose();
    const alpha = start(['token', 'admin-token'], { spec: { apiVersion: 'client.authentication.k8s.io/v1alpha1' } });
    await alpha.connect('east');
    assert.match(alpha.state('east').reason ?? '', /asks for client\.authentication\.k8s\.io\/v1alpha1; only/);
    alpha.dispose();
    const other = start(['version', 'client.authentication.k8s.io/v1beta1', 'admin-token']);
    await other.connect('east');
    assert.match(other.state('east').reason ?? '', /answered with apiVersion client\.authentication\.k8s\.io\/v1beta1, not client\.authentication\.k8s\.io\/v1/);
    assert.equal(runs().length, 1, 'refused plugins never ran');
  });

  it('never echoes what a plugin printed: a bare token on stdout or a secret on stderr stays out of the state and the log', async () => {
    const secret = 'sk-live-51HqLyjWDarjtT1zdp7dc';
    const bare = start(['bare', secret]);
    await bare.connect('east');
    assert.equal(bare.state('east').status, 'credentials');
    assert.match(bare.state('east').reason ?? '', /printed \d+ bytes that are not an ExecCredential \(not JSON\)$/);
    bare.dispose();
    const failing = start(['fail', '7', `token expired: ${secret}, run sso-login`]);
    await failing.connect('east');
    assert.equal(failing.state('east').reason, `Credentials unavailable: credential plugin "${path.basename(process.execPath)}" exited with code 7`);
    for (const line of [...log, failing.state('east').reason ?? '', bare.state('east').reason ?? '']) assert.ok(!line.includes(secret.slice(0, 10)), line);
    assert.ok(trace.some((l) => l.includes('token expired') && l.includes('run sso-login')), 'stderr reaches the trace log');
    assert.ok(!trace.some((l) => l.includes(secret.slice(8))), `redacted: ${trace.join('\n')}`);
  });
});

describe('ExecCredential answers', () => {
  const name = 'plugin';
  it('takes a token, or a client certificate with its key, and an expiry', () => {
    assert.deepEqual(parseCredential(JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status: { token: 't' } }), V1, name), { token: 't' });
    assert.deepEqual(
      parseCredential(JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status: { clientCertificateData: 'C', clientKeyData: 'K', expirationTimestamp: '2030-01-01T00:00:00Z' } }), V1, name),
      { clientCertificateData: 'C', clientKeyData: 'K', expirationTimestamp: '2030-01-01T00:00:00Z' },
    );
  });

  it('refuses anything else without quoting it', () => {
    const cases: [string, RegExp][] = [
      ['eyJhbGciOiJSUzI1NiJ9.secret-part', /printed 32 bytes that are not an ExecCredential \(not JSON\)/],
      [JSON.stringify({ kind: 'Other', apiVersion: V1 }), /not an ExecCredential/],
      [JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status: {} }), /neither a token nor a client certificate/],
      [JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status: { clientCertificateData: 'C' } }), /without its key/],
      [JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status: { token: 't', expirationTimestamp: 'soon' } }), /not a time/],
    ];
    for (const [output, expected] of cases) {
      assert.throws(() => parseCredential(output, V1, name), (error: Error) => expected.test(error.message) && !error.message.includes('secret-part'));
    }
  });

  it('holds a failure for a while instead of running a failing plugin on every request', async () => {
    let now = 1000;
    const auth = new ExecAuthenticator({ failureHoldMs: 5000, now: () => now });
    const request = { key: 'u', spec: { apiVersion: V1, command: process.execPath, args: [PLUGIN, 'fail', '1', 'nope'] } };
    const first = await auth.credential(request).catch((e: Error) => e);
    const second = await auth.credential(request).catch((e: Error) => e);
    assert.equal(second, first, 'the same failure, no second run');
    now += 6000;
    const third = await auth.credential(request).catch((e: Error) => e);
    assert.notEqual(third, first);
  });
});
