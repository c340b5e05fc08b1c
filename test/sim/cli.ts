// `npm run sim -- --scenario demo --kubeconfig <file> [--backend sim|real] [--http] [--step-delay ms] [fault flags]`:
// starts every cluster of a scenario (in-process simulated clusters, or real control planes with --backend real),
// writes one kubeconfig, and runs until Ctrl-C / SIGTERM.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startRealScenario } from '../controlplane/scenario';
import type { FaultCode } from './faults';
import { startScenario, type Scenario } from './scenario';
import { loadScenario } from './scenarios/index';

const USAGE = `usage: npm run sim -- --scenario <name> --kubeconfig <file> [options]
  --backend <sim|real>      in-process simulator (default) or real control planes (etcd + kube-apiserver +
                            kube-controller-manager, built on first use) with the KubeVirt simulation on them;
                            of the options below, real takes --step-delay and --param
  --http                    plain HTTP instead of HTTPS
  --step-delay <ms>         delay between controller steps (default 1000)
  --param key=value         scenario parameter (repeatable)
  --latency <ms>            fault: delay every request
  --error-rate <0..1>       fault: share of requests that fail with --error-code
  --error-code <429|500|503>  (default 500)
  --retry-after <s>         Retry-After of injected 429/503 (default 1)
  --slow-body <bytes>:<ms>  fault: write bodies in pieces of <bytes>, <ms> apart
  --bookmark-interval <ms>  watch bookmark period (default 5000)`;

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a non-negative number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      backend: { type: 'string', default: 'sim' },
      kubeconfig: { type: 'string' },
      http: { type: 'boolean', default: false },
      'step-delay': { type: 'string' },
      param: { type: 'string', multiple: true },
      latency: { type: 'string' },
      'error-rate': { type: 'string' },
      'error-code': { type: 'string' },
      'retry-after': { type: 'string' },
      'slow-body': { type: 'string' },
      'bookmark-interval': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.scenario || !values.kubeconfig) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const params = Object.fromEntries((values.param ?? []).map((p) => {
    const at = p.indexOf('=');
    if (at < 1) throw new Error(`--param needs key=value, got "${p}"`);
    return [p.slice(0, at), p.slice(at + 1)];
  }));
  const errorCode = number('error-code', values['error-code']) ?? 500;
  if (![429, 500, 503].includes(errorCode)) throw new Error('--error-code must be 429, 500 or 503');
  let slowBody: { chunkBytes: number; delayMs: number } | undefined;
  if (values['slow-body']) {
    const [bytes, ms] = values['slow-body'].split(':').map(Number);
    if (!(bytes > 0) || !(ms >= 0)) throw new Error('--slow-body needs <bytes>:<ms>, e.g. 64:20');
    slowBody = { chunkBytes: bytes, delayMs: ms };
  }

  const scenario = loadScenario(values.scenario, params);
  if (values.backend === 'real') {
    const simOnly = ['http', 'latency', 'error-rate', 'error-code', 'retry-after', 'slow-body', 'bookmark-interval'] as const;
    const given = simOnly.filter((o) => values[o] !== undefined && values[o] !== false);
    if (given.length) throw new Error(`--${given.join(', --')}: only the simulator takes these`);
    return runReal(scenario, values.kubeconfig, number('step-delay', values['step-delay']) ?? 1000);
  }
  if (values.backend !== 'sim') throw new Error(`--backend must be sim or real, got "${values.backend}"`);
  const running = await startScenario(scenario, {
    http: values.http,
    stepDelayMs: number('step-delay', values['step-delay']) ?? 1000,
    bookmarkIntervalMs: number('bookmark-interval', values['bookmark-interval']),
  });
  for (const cluster of running.clusters) {
    cluster.faults.set({
      latencyMs: number('latency', values.latency) ?? 0,
      errorRate: number('error-rate', values['error-rate']) ?? 0,
      errorCode: errorCode as FaultCode,
      retryAfterSeconds: number('retry-after', values['retry-after']) ?? 1,
      slowBody,
    });
  }
  writeFileSync(values.kubeconfig, running.kubeconfig(), { mode: 0o600 });

  printStarted(scenario, values.kubeconfig, running.clusters.map((c) => c.url));
  stopOnSignal(() => running.stop());
}

/** The lines both backends print: the kubeconfig, then one line per cluster. */
function printStarted(scenario: Scenario, kubeconfig: string, urls: string[]): void {
  console.log(`Scenario "${scenario.name}": kubeconfig written to ${kubeconfig}`);
  scenario.clusters.forEach((c, i) => {
    const state = c.offline ? ' (offline)' : '';
    console.log(`  ${c.name}${i === 0 ? ' (current)' : ''}  ${urls[i]}${state}  user ${c.contextUser}${c.contextNamespace ? `  namespace ${c.contextNamespace}` : ''}`);
  });
  console.log('Press Ctrl-C to stop.');
}

function stopOnSignal(stopAll: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stopAll().then(() => process.exit(0), (e: unknown) => {
      console.error(e);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function runReal(scenario: Scenario, kubeconfig: string, stepDelayMs: number): Promise<void> {
  const started = Date.now();
  const running = await startRealScenario(scenario, { stepDelayMs });
  writeFileSync(kubeconfig, running.kubeconfig(), { mode: 0o600 });
  const loaded = running.clusters.reduce((n, c) => n + (c.load?.objects ?? 0), 0);
  const requests = running.clusters.reduce((n, c) => n + (c.load?.requests ?? 0), 0);
  const loadSeconds = Math.max(0, ...running.clusters.map((c) => c.load?.seconds ?? 0));
  console.log(`Real control planes (kube-apiserver ${running.binaries.version}, ${running.binaries.origin}) with the KubeVirt simulation: ${loaded} objects loaded in ${loadSeconds.toFixed(1)}s (${requests} requests), ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  printStarted(scenario, kubeconfig, running.clusters.map((c) => c.url));
  stopOnSignal(() => running.stop());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
