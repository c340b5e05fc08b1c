// The fault soak: the extension's real Fleet (its ListWatch caches, credentials and connection states) on one
// cluster, as an admin (cluster-wide caches, token from an exec plugin) and as a tenant developer (per-namespace
// caches), while a writer keeps creating, changing and deleting pods and VMs and faults are injected one after
// another. After each fault the soak waits until every cache equals a fresh list again and records how long that
// took; an object still different at the deadline is a lost update. While the cluster is offline it counts the
// connection attempts the extension makes, against what its backoff allows.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig, type User } from '@kubernetes/client-node';
import { Fleet } from '../../src/cluster/fleet';
import { fromKubeConfig } from '../../src/cluster/kubeconfig';
import type { BackoffOptions } from '../../src/cluster/backoff';
import type { KubeObject } from '../sim/store';
import { KEYS, ROLE_BINDINGS, startTarget, type BackendName, type SoakTarget } from './targets';

export interface SoakOptions {
  backend: BackendName;
  /** Run the fault cycle again until this much time has passed (the long form); without it, each fault once. */
  durationMs?: number;
  namespaces?: number;
  /** Simulator only: false serves HTTP/1.1 alone (the fault proxy in front of kube-apiserver speaks both). */
  http2?: false;
  /** How long each fault lasts while the writer writes. */
  faultMs?: number;
  outageMs?: number;
  /** The caches' retry timing; the extension's own defaults when undefined. */
  backoff?: Required<Pick<BackoffOptions, 'initialMs' | 'maxMs'>>;
  healthyAfterMs?: number;
  convergeTimeoutMs?: number;
  progress?: (line: string) => void;
  /** Every line of the extension's API log. */
  apiLog?: (line: string) => void;
}

export interface FaultFigures {
  name: string;
  injected: number;
  recovered: number;
  convergeMs: number[];
  /** Lines of the extension's API log that show it met the fault (a 410, a 503, a refused connection…). */
  seen: number;
}

export interface OutageFigures {
  durationMs: number;
  /** Connection attempts the extension made while the cluster refused connections. */
  attempts: number;
  perMinute: number;
  /** What the caches' backoff allows at most over that time. */
  bound: number;
}

export interface SoakReport {
  backend: BackendName;
  machine: { cpus: number; model: string; node: string; loadAverage: number[] };
  durationMs: number;
  backoff: { initialMs: number; maxMs: number };
  injected: number;
  recoveries: number;
  convergeMs: { p50: number; p99: number; max: number };
  writes: number;
  lostUpdates: number;
  /** Differences left at a convergence deadline (empty when nothing was lost). */
  lost: string[];
  faults: FaultFigures[];
  outages: OutageFigures[];
  serverRequests: number;
  /** Of them, over HTTP/2. */
  serverRequestsHttp2: number;
}

const DEFAULT_BACKOFF = { initialMs: 250, maxMs: 30_000 };
const KINDS = ['pods', 'virtualmachines', 'virtualmachineinstances'] as const;

type Kind = (typeof KINDS)[number];

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const target = await startTarget(options.backend, options.namespaces ?? 3, options.http2);
  try {
    return await new Soak(target, options).run();
  } finally {
    await target.stop();
  }
}

class Soak {
  private readonly fleet: Fleet;
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-soak-'));
  private readonly tokenFile = path.join(this.dir, 'token');
  private tokenSerial = 0;
  private readonly log: string[] = [];
  private readonly forbidden = new Set<string>();
  private readonly figures = new Map<string, FaultFigures>();
  private readonly outages: OutageFigures[] = [];
  private readonly lost: string[] = [];
  private readonly backoff: { initialMs: number; maxMs: number };
  private writes = 0;
  private serial = 0;
  private readonly own = new Map<string, string[]>();

  constructor(
    private readonly target: SoakTarget,
    private readonly options: SoakOptions,
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    fs.writeFileSync(this.tokenFile, this.nextToken());
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [path.join(__dirname, 'tokenPlugin.js'), this.tokenFile], interactiveMode: 'Never' };
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'soak', server: target.server, caData: Buffer.from(target.caPem).toString('base64'), skipTLSVerify: false }],
      users: [{ name: 'admin', exec } as unknown as User, { name: 'dev', token: target.devToken }],
      contexts: [{ name: 'admin', cluster: 'soak', user: 'admin' }, { name: 'dev', cluster: 'soak', user: 'dev', namespace: target.namespaces[0] }],
      currentContext: 'admin',
    });
    this.fleet = new Fleet(fromKubeConfig(config), {
      connectTimeoutMs: 15_000,
      namespaces: target.namespaces,
      cacheOptions: { backoff: this.backoff, ...(options.healthyAfterMs ? { healthyAfterMs: options.healthyAfterMs } : {}) },
      exec: { timeoutMs: 30_000, failureHoldMs: 200 },
      log: (line) => {
        this.log.push(`${Date.now()} ${line}`);
        options.apiLog?.(line);
      },
    });
  }

  async run(): Promise<SoakReport> {
    const started = Date.now();
    const progress = this.options.progress ?? (() => undefined);
    try {
      await Promise.all([this.fleet.connect('admin'), this.fleet.connect('dev')]);
      this.fleet.watchNamespaces('dev', this.target.namespaces);
      await this.converge('start');
      const faults = this.faults();
      let round = 0;
      do {
        round++;
        for (const fault of faults) {
          const before = this.writes;
          await fault.run();
          const f = this.figures.get(fault.name);
          progress(`round ${round}: ${fault.name} converged in ${f?.convergeMs.at(-1) ?? '?'} ms (${this.writes - before} writes)`);
        }
      } while (this.options.durationMs !== undefined && Date.now() - started < this.options.durationMs);
    } finally {
      this.fleet.dispose();
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
    const all = [...this.figures.values()].flatMap((f) => f.convergeMs).sort((a, b) => a - b);
    return {
      backend: this.target.backend,
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
      durationMs: Date.now() - started,
      backoff: this.backoff,
      injected: [...this.figures.values()].reduce((n, f) => n + f.injected, 0),
      recoveries: [...this.figures.values()].reduce((n, f) => n + f.recovered, 0),
      convergeMs: { p50: percentile(all, 50), p99: percentile(all, 99), max: all.at(-1) ?? 0 },
      writes: this.writes,
      lostUpdates: this.lost.length,
      lost: this.lost,
      faults: [...this.figures.values()],
      outages: this.outages,
      serverRequests: this.target.faults.requests(),
      serverRequestsHttp2: this.target.faults.http2Requests(),
    };
  }

  /** The faults of one round, in order. */
  private faults(): { name: string; run(): Promise<void> }[] {
    const f = this.target.faults;
    const faultMs = this.options.faultMs ?? 1000;
    const simple = (name: string, sign: RegExp, inject: () => void) => ({
      name,
      run: async () => {
        const from = Date.now();
        inject();
        await this.write(faultMs);
        f.healthy();
        await this.measure(name, Date.now(), from, sign);
      },
    });
    const burst = (code: 429 | 500 | 503) => simple(`burst of ${code}${code === 500 ? '' : ' with Retry-After'}`, new RegExp(` ${code}\\b`), () => {
      f.errors(code, 0.5, 1);
      f.dropWatches(true);
    });
    return [
      simple('watch drop', /^WATCH .* closed by the server$/, () => f.dropWatches(false)),
      simple('watch reset', /^WATCH .* ended: /, () => f.dropWatches(true)),
      // The ERROR event ends the watch without a log line of its own; the relist it causes is what shows.
      simple('410 Gone on resume', /^GET \S*[?&]limit=\d+\S* 200 /, () => f.expireNextWatches(f.dropWatches(false))),
      burst(500),
      burst(503),
      burst(429),
      simple('latency 400 ms', /^WATCH .* 200$/, () => {
        f.latency(400);
        f.dropWatches(false);
      }),
      { name: 'cluster offline', run: () => this.outage() },
      simple('token expired', / 401\b/, () => {
        const old = fs.readFileSync(this.tokenFile, 'utf8');
        fs.writeFileSync(this.tokenFile, this.nextToken());
        f.expireToken(old);
        f.dropWatches(false);
      }),
      { name: 'namespace forbidden', run: () => this.forbid() },
    ];
  }

  private nextToken(): string {
    const token = `soak-token-${++this.tokenSerial}-${Math.random().toString(36).slice(2)}`;
    this.target.faults.acceptToken(token);
    return token;
  }

  private async outage(): Promise<void> {
    const name = 'cluster offline';
    const outageMs = this.options.outageMs ?? 3000;
    await this.target.faults.offline();
    const from = Date.now();
    await this.write(outageMs);
    const to = Date.now();
    await this.target.faults.online();
    const attempts = this.log.filter((entry) => {
      const at = Number(entry.slice(0, entry.indexOf(' ')));
      return at >= from && at <= to && entry.includes('ECONNREFUSED');
    }).length;
    // The admin's namespaces, RuntimeClasses and three cluster-wide workload caches; the developer's per-namespace ones.
    const caches = 5 + KINDS.length * (this.target.namespaces.length - this.forbidden.size);
    const bound = caches * attemptsAllowed(to - from, this.backoff);
    this.outages.push({ durationMs: to - from, attempts, perMinute: Math.round((attempts / (to - from)) * 60_000), bound });
    await this.measure(name, Date.now(), from, /ECONNREFUSED/);
  }

  /** A tenant developer loses access to one namespace (hidden, not an error), then gets it back and retries. */
  private async forbid(): Promise<void> {
    const namespace = this.target.namespaces[1 % this.target.namespaces.length];
    const binding = this.target.devBinding(namespace);
    await this.target.remove(ROLE_BINDINGS, namespace, binding.metadata.name!);
    this.forbidden.add(namespace);
    // kube-apiserver does not end a watch when RBAC changes: the next list or watch meets the 403.
    this.target.faults.dropWatches(false);
    const from = Date.now();
    await this.write(this.options.faultMs ?? 1000);
    await this.measure('namespace forbidden', from, from, / 403\b/);
    await this.target.create(ROLE_BINDINGS, binding);
    this.forbidden.delete(namespace);
    const restored = Date.now();
    // The extension does not poll RBAC: the user's Retry brings the namespace back.
    await this.fleet.retry('dev');
    this.fleet.watchNamespaces('dev', this.target.namespaces);
    await this.measure('namespace allowed again (Retry)', restored, restored, /^GET \/version 200/);
  }

  /** Writes (creates, label changes, deletes of pods; label changes of VMs) for `ms`. */
  private async write(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const ns = this.target.namespaces[this.serial % this.target.namespaces.length];
      const mine = this.own.get(ns) ?? [];
      this.own.set(ns, mine);
      const step = this.serial++ % 4;
      try {
        if (step === 0 || mine.length === 0) {
          const name = `w-${this.serial}`;
          await this.target.create(KEYS.pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: { 'soak/serial': String(this.serial) } }, spec: { containers: [{ name: 'main', image: 'busybox' }] } });
          mine.push(name);
        } else if (step === 1) {
          await this.target.label(KEYS.pods, ns, mine[mine.length - 1], { 'soak/serial': String(this.serial) });
        } else if (step === 2) {
          await this.target.label(KEYS.virtualmachines, ns, 'seed-vm', { 'soak/serial': String(this.serial) });
        } else if (mine.length > 2) {
          await this.target.remove(KEYS.pods, ns, mine.shift()!);
        }
        this.writes++;
      } catch (error) {
        this.options.progress?.(`write failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Convergence after a fault, timed from `from`; `sign` counts the log lines since `injected` that show the fault. */
  private async measure(name: string, from: number, injected: number, sign: RegExp): Promise<void> {
    const figures = this.figures.get(name) ?? { name, injected: 0, recovered: 0, convergeMs: [], seen: 0 };
    this.figures.set(name, figures);
    figures.injected++;
    if (await this.converge(name)) {
      figures.recovered++;
      figures.convergeMs.push(Date.now() - from);
    }
    figures.seen += this.linesSince(injected).filter((line) => sign.test(line)).length;
  }

  /** API log lines (context prefix removed) logged since `from`. */
  private linesSince(from: number): string[] {
    return this.log.filter((entry) => Number(entry.slice(0, entry.indexOf(' '))) >= from).map((entry) => entry.slice(entry.indexOf(' ') + 1).replace(/^\[[^\]]*\] /, ''));
  }

  /** Waits until every cache equals a fresh list; false (and the differences recorded as lost) at the deadline. */
  private async converge(what: string): Promise<boolean> {
    const deadline = Date.now() + (this.options.convergeTimeoutMs ?? 60_000);
    for (;;) {
      const differences = await this.differences();
      if (differences.length === 0) return true;
      if (Date.now() > deadline) {
        this.lost.push(...differences.map((d) => `${what}: ${d}`));
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, this.target.backend === 'sim' ? 20 : 150));
    }
  }

  /** What differs between the caches and a fresh list (empty when converged). */
  private async differences(): Promise<string[]> {
    const truth = new Map<Kind, KubeObject[]>();
    for (const kind of KINDS) truth.set(kind, await this.target.list(KEYS[kind]));
    const out: string[] = [];
    for (const context of ['admin', 'dev']) {
      const state = this.fleet.state(context);
      if (state.status !== 'connected') out.push(`${context}: ${state.status} ${state.reason ?? ''}`);
    }
    const namespaces = new Set(this.fleet.namespaces('admin'));
    for (const ns of this.target.namespaces) if (!namespaces.has(ns)) out.push(`admin: namespace ${ns} missing`);
    for (const ns of this.target.namespaces) {
      for (const kind of KINDS) {
        const expected = versions(truth.get(kind)!.filter((o) => o.metadata.namespace === ns));
        out.push(...compare(`admin ${kind} ${ns}`, expected, versions(this.objects('admin', kind, ns))));
        if (this.forbidden.has(ns)) {
          const state = this.fleet.cacheState('dev', kind, ns);
          if (state !== 'forbidden') out.push(`dev ${kind} ${ns}: ${state ?? 'no cache'}, not forbidden`);
          if (this.objects('dev', kind, ns).length) out.push(`dev ${kind} ${ns}: still shows ${this.objects('dev', kind, ns).length} objects it may not read`);
        } else {
          out.push(...compare(`dev ${kind} ${ns}`, expected, versions(this.objects('dev', kind, ns))));
        }
      }
    }
    return out;
  }

  private objects(context: string, kind: Kind, ns: string): KubeObject[] {
    return (kind === 'pods' ? this.fleet.pods(context, ns) : kind === 'virtualmachines' ? this.fleet.vms(context, ns) : this.fleet.vmis(context, ns)) as KubeObject[];
  }
}

function versions(objects: readonly KubeObject[]): Map<string, string> {
  return new Map(objects.map((o) => [o.metadata.name ?? '', o.metadata.resourceVersion ?? '']));
}

function compare(where: string, expected: Map<string, string>, actual: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [name, rv] of expected) {
    const cached = actual.get(name);
    if (cached === undefined) out.push(`${where}: ${name} missing`);
    else if (cached !== rv) out.push(`${where}: ${name} at ${cached}, the server has ${rv}`);
  }
  for (const name of actual.keys()) if (!expected.has(name)) out.push(`${where}: ${name} deleted on the server, still cached`);
  return out;
}

/**
 * Connection attempts one cache may make in `ms` of refused connections: one at once, then one after each
 * backoff delay, each at least half of initial·2ⁿ capped at the maximum (Backoff's jitter), plus one in flight.
 */
export function attemptsAllowed(ms: number, backoff: { initialMs: number; maxMs: number }): number {
  let attempts = 2;
  let elapsed = 0;
  for (let n = 0; ; n++) {
    elapsed += Math.min(backoff.maxMs, backoff.initialMs * 2 ** n) / 2;
    if (elapsed > ms) return attempts;
    attempts++;
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The report as a few lines for the console. */
export function describeReport(report: SoakReport): string {
  const lines = [
    `soak on ${report.backend === 'sim' ? 'the in-process simulator' : 'a real kube-apiserver behind the fault proxy'}: ${Math.round(report.durationMs / 1000)} s, ${report.machine.cpus} cores (${report.machine.model}), load ${report.machine.loadAverage.join(' ')}`,
    `faults injected ${report.injected}, recoveries ${report.recoveries}, converged in p50 ${report.convergeMs.p50} ms, p99 ${report.convergeMs.p99} ms (max ${report.convergeMs.max} ms)`,
    `writes ${report.writes}, updates lost ${report.lostUpdates}, requests the server saw ${report.serverRequests} (${report.serverRequestsHttp2} over HTTP/2)`,
    ...report.faults.map((f) => `  ${f.name.padEnd(32)} ${f.recovered}/${f.injected} converged, ${f.convergeMs.join(', ')} ms; met in ${f.seen} API log lines`),
    ...report.outages.map((o) => `  outage ${Math.round(o.durationMs / 100) / 10} s: ${o.attempts} connection attempts (${o.perMinute}/min), backoff allows ${o.bound}`),
    ...report.lost.slice(0, 20).map((l) => `  LOST ${l}`),
  ];
  return lines.join('\n');
}
