// `npm run soak -- [--minutes 10] [--backend sim|real] [--fast] [--out file.json]`: the fault soak's long form.
// Repeats the round of faults until the time is up, prints the figures and writes them as JSON (by default to
// test-results/soak-<backend>.json). Without --fast the caches use the extension's own retry timing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { testResultsDir } from '../harness/paths';
import { describeReport, runSoak } from './soak';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    backend: { type: 'string', default: 'sim' },
    fast: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

async function main(): Promise<number> {
  const backend = values.backend;
  if (backend !== 'sim' && backend !== 'real') throw new Error(`--backend must be sim or real, not ${backend}`);
  const minutes = Number(values.minutes);
  if (!(minutes > 0)) throw new Error(`--minutes must be a positive number, not ${values.minutes}`);
  const report = await runSoak({
    backend,
    durationMs: minutes * 60_000,
    namespaces: 4,
    faultMs: 3000,
    outageMs: 30_000,
    ...(values.fast ? { backoff: { initialMs: 50, maxMs: 1000 }, healthyAfterMs: 200 } : {}),
    convergeTimeoutMs: 120_000,
    progress: (line) => console.log(line),
  });
  console.log(describeReport(report));
  const out = values.out ?? path.join(testResultsDir, `soak-${backend}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`figures written to ${path.relative(process.cwd(), out)}`);
  return report.lostUpdates === 0 && report.recoveries === report.injected && report.outages.every((o) => o.attempts <= o.bound) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
