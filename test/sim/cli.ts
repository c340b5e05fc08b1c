// `npm run sim -- --scenario demo --kubeconfig <file> [--http] [--step-delay ms] [fault flags]`: starts every
// cluster of a scenario, writes one kubeconfig, and runs until Ctrl-C / SIGTERM.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { FaultCode } from './faults';
import { startScenario } from './scenario';
import { loadScenario } from './scenarios/index';

const USAGE = `usage: npm run sim -- --scenario <name> --kubeconfig <file> [options]
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

  console.log(`Scenario "${scenario.name}": kubeconfig written to ${values.kubeconfig}`);
  scenario.clusters.forEach((c, i) => {
    const cluster = running.clusters[i];
    const state = c.offline ? ' (offline)' : '';
    console.log(`  ${c.name}${i === 0 ? ' (current)' : ''}  ${cluster.url}${state}  user ${c.contextUser}${c.contextNamespace ? `  namespace ${c.contextNamespace}` : ''}`);
  });
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running.stop().then(() => process.exit(0), (e: unknown) => {
      console.error(e);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
