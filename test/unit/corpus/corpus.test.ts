// The bad-input corpus (test/corpus/): malformed kubeconfigs and manifests, committed, plus the ones made at test
// time (huge, binary, deeply nested). Each goes through the extension's own code — kubeconfig loading, the Fleet's
// connection with its exec credential plugins, YAML syntax findings, offline validation, the CodeLens documents and
// the manifest parsing of Edit/Apply — and must end, within a bound, with a message that names the problem (each
// file's first line, `# expect: <pattern>`), never a stack trace, never an empty one, and never an exception the
// code did not mean to throw. `# expect-clean:` marks inputs that are odd but valid: they must load without errors.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Fleet } from '../../../src/cluster/fleet';
import { loadKubeconfigs } from '../../../src/cluster/kubeconfig';
import { decoratedDocuments } from '../../../src/model/manifestDocuments';
import { documentTexts, ManifestError, parseManifest } from '../../../src/model/manifestEdit';
import { validateText } from '../../../src/model/validation/validate';
import { yamlSyntaxFindings } from '../../../src/model/validation/yamlSyntax';
import { kubevirtSchema } from '../authoring/schema';

const CORPUS = path.resolve(__dirname, '../../../../test/corpus');
/** Far above what any input takes (exec plugins are stopped after 2 s here), yet a hang ends the run. */
const BOUND_MS = 20_000;

interface Outcome {
  messages: string[];
  /** An exception the code did not mean to throw (a crash), or a hang. */
  crash?: string;
  ms: number;
}

interface Case {
  name: string;
  /** Pattern one message must match; undefined: must load cleanly. */
  expect?: RegExp;
  run(): Promise<Outcome>;
}

interface Tally {
  inputs: number;
  crashes: number;
  hangs: number;
  unclear: number;
  slowestMs: number;
}

/** The `# expect: …` or `# expect-clean: …` header of a corpus file. */
function expectation(text: string, file: string): RegExp | undefined {
  const header = /^(?:\uFEFF)?# expect(-clean)?: (.*?)\r?$/m.exec(text.split('\n')[0]);
  assert.ok(header, `${file} starts with "# expect: <pattern>" or "# expect-clean: <why>"`);
  return header[1] ? undefined : new RegExp(header[2]);
}

async function bounded(work: () => Promise<string[]>): Promise<Outcome> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ messages: [], crash: `no answer within ${BOUND_MS / 1000} s (a hang)`, ms: BOUND_MS }), BOUND_MS);
  });
  try {
    const done = work().then(
      (messages): Outcome => ({ messages, ms: Date.now() - started }),
      (error: unknown): Outcome => ({ messages: [], crash: error instanceof Error ? (error.stack ?? error.message) : String(error), ms: Date.now() - started }),
    );
    return await Promise.race([done, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Everything the extension would say about a kubeconfig file: load problems, context problems and warnings, connection states. */
async function kubeconfigMessages(file: string): Promise<string[]> {
  const loaded = loadKubeconfigs([file]);
  const messages = [
    ...loaded.problems.map((p) => p.message),
    ...loaded.contexts.flatMap((c) => [...(c.problem ? [c.problem] : []), ...c.warnings]),
  ];
  // 127.0.0.1:1 refuses at once: whatever the credentials or TLS material say is said first.
  const fleet = new Fleet(loaded, { connectTimeoutMs: 5000, exec: { timeoutMs: 2000 } });
  try {
    // The first 20 usable contexts: a huge file's others say nothing new, and each costs a connection attempt.
    for (const context of loaded.contexts.filter((c) => !c.problem).slice(0, 20)) {
      await fleet.connect(context.name);
      const state = fleet.state(context.name);
      if (state.status !== 'connected') messages.push(state.reason ?? '');
    }
  } finally {
    fleet.dispose();
  }
  return messages;
}

/** Everything the editor and Edit/Apply would say about a manifest text; anything but a ManifestError thrown is a crash. */
async function manifestMessages(text: string): Promise<string[]> {
  const messages = [
    ...yamlSyntaxFindings(text).map((f) => f.message),
    ...validateText(text, kubevirtSchema()).filter((f) => f.severity !== 'information').map((f) => f.message),
  ];
  decoratedDocuments(text);
  for (const document of documentTexts(text)) {
    try {
      parseManifest(document);
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      messages.push(error.message);
    }
  }
  return messages;
}

function fileCases(dir: string, extensions: RegExp, messages: (file: string, text: string) => Promise<string[]>): Case[] {
  return fs
    .readdirSync(dir)
    .filter((f) => extensions.test(f))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      const text = fs.readFileSync(file, 'utf8');
      // An empty file cannot say what it expects.
      const expect = text.trim() === '' ? /empty/ : expectation(text, f);
      return { name: f, expect, run: () => bounded(() => messages(file, text)) };
    });
}

/** A message that says something: not empty, not a stack trace, not an internal TypeError. */
function unclear(message: string): boolean {
  return message.trim().length < 8 || /\n\s+at |Cannot read propert|is not a function|undefined \(reading/.test(message);
}

function judge(c: Case, outcome: Outcome, tally: Tally): string | undefined {
  tally.inputs++;
  tally.slowestMs = Math.max(tally.slowestMs, outcome.ms);
  // The checks are synchronous: a hang shows as the time they held the event loop, not as the timer above.
  if (!outcome.crash && outcome.ms > BOUND_MS) outcome.crash = `took ${outcome.ms} ms (a hang)`;
  if (outcome.crash) {
    if (outcome.crash.includes('(a hang)')) tally.hangs++;
    else tally.crashes++;
    return `${c.name}: ${outcome.crash.split('\n').slice(0, 3).join(' / ')}`;
  }
  const bad = outcome.messages.filter(unclear);
  if (!c.expect) {
    if (outcome.messages.length) {
      tally.unclear++;
      return `${c.name} is valid but got: ${outcome.messages.join(' | ')}`;
    }
    return undefined;
  }
  if (bad.length || !outcome.messages.some((m) => c.expect!.test(m))) {
    tally.unclear++;
    return `${c.name}: no message matching ${c.expect} among: ${outcome.messages.join(' | ') || '(none)'}`;
  }
  return undefined;
}

describe('bad-input corpus', function () {
  this.timeout(600_000);
  let scratch: string;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kvw-corpus-'));
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
  });

  after(() => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** Writes a generated input to the scratch folder. */
  const generated = (name: string, content: string | Buffer) => {
    const file = path.join(scratch, name);
    fs.writeFileSync(file, content);
    return file;
  };

  async function runAll(cases: Case[], what: string): Promise<Tally> {
    const tally: Tally = { inputs: 0, crashes: 0, hangs: 0, unclear: 0, slowestMs: 0 };
    const failures: string[] = [];
    for (const c of cases) {
      const outcome = await c.run();
      if (process.env.CORPUS_TRACE) console.log(`${c.name} ${outcome.ms} ms: ${outcome.crash ?? outcome.messages.join(' | ')}`);
      const failure = judge(c, outcome, tally);
      if (failure) failures.push(failure);
    }
    console.log(`      ${what}: ${tally.inputs} inputs, ${tally.crashes} crashes, ${tally.hangs} hangs, ${tally.unclear} without a clear message; slowest ${tally.slowestMs} ms`);
    assert.deepEqual(failures, []);
    assert.deepEqual(uncaught.map(String), [], 'nothing thrown outside the calls');
    return tally;
  }

  it('malformed kubeconfigs: 0 crashes, 0 hangs, each with a message that names the problem', async () => {
    const dir = path.join(CORPUS, 'kubeconfigs');
    const cases = fileCases(dir, /\.yaml$/, (file) => kubeconfigMessages(file));
    const directory = path.join(scratch, 'a-directory');
    fs.mkdirSync(directory);
    const kubeconfig = (file: string, expect: RegExp, name: string): Case => ({ name, expect, run: () => bounded(() => kubeconfigMessages(file)) });
    // 40,000 contexts, the last naming a cluster the file lacks: about 12 MB.
    const many = Array.from({ length: 40_000 }, (_, i) => i);
    const huge = [
      'apiVersion: v1', 'kind: Config', 'clusters:', ...many.map((i) => `- name: c${i}\n  cluster:\n    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true`),
      'users:', '- name: u', '  user:', '    token: t', 'contexts:', ...many.map((i) => `- name: x${i}\n  context:\n    cluster: ${i === many.length - 1 ? 'missing' : `c${i}`}\n    user: u`),
    ].join('\n');
    cases.push(
      kubeconfig(generated('huge-one-bad-context.yaml', huge), /cluster "missing" not defined/, 'huge-one-bad-context.yaml (generated, 12 MB)'),
      kubeconfig(generated('huge-broken-at-the-end.yaml', `${huge.replace(/cluster: missing/, 'cluster: c0')}\n- name: [unclosed`), /flow|end of the stream|unexpected/, 'huge-broken-at-the-end.yaml (generated, 12 MB)'),
      kubeconfig(generated('binary.yaml', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))), /null byte is not allowed/, 'binary.yaml (generated)'),
      kubeconfig(directory, /EISDIR|directory/, 'a directory named as a kubeconfig'),
    );
    assert.ok(cases.length >= 30, `at least 30 kubeconfigs (${cases.length})`);
    const tally = await runAll(cases, 'kubeconfigs');
    assert.equal(tally.crashes + tally.hangs, 0);
  });

  it('malformed manifests: 0 crashes, 0 hangs, each with a message that names the problem', async () => {
    const dir = path.join(CORPUS, 'manifests');
    const cases = fileCases(dir, /\.(ya?ml|json)$/, (_file, text) => manifestMessages(text));
    const manifest = (name: string, text: string, expect: RegExp | undefined): Case => ({ name, expect, run: () => bounded(() => manifestMessages(text)) });
    // A 10 MB VM: a cloud-init user-data of 10 MB, and one unknown field at its very end.
    const big = [
      'apiVersion: kubevirt.io/v1', 'kind: VirtualMachine', 'metadata:', '  name: big', 'spec:', '  runStrategy: Halted', '  template:', '    spec:',
      '      domain:', '        devices: {}', '        resources:', '          requests:', '            memory: 1Gi',
      '      volumes:', '      - name: cloudinit', '        cloudInitNoCloud:', '          userData: |',
      ...Array.from({ length: 160_000 }, (_, i) => `            # line ${i} of a very long cloud-init script, padded to be long enough`),
      '      volumeMode: Block',
    ].join('\n');
    assert.ok(big.length >= 10_000_000, `10 MB (${big.length} characters)`);
    cases.push(
      manifest('ten-megabytes.yaml (generated, 10 MB)', big, /Unknown field "volumeMode"/),
      manifest('binary.yaml (generated)', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'), /Control character|not a YAML mapping|flow|Invalid YAML/),
      manifest('deep-nesting.yaml (generated, 5,000 levels)', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(5000)}${']'.repeat(5000)}`, /nests more than/),
      manifest('unclosed-deep-nesting.yaml (generated, 2,000 levels)', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'{a: '.repeat(2000)}`, /nests more than/),
      manifest('many-documents-one-broken.yaml (generated, 2,000 documents)', [...Array.from({ length: 1999 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}`), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken'].join('\n---\n'), /flow|end|Flow/),
    );
    assert.ok(cases.length >= 30, `at least 30 manifests (${cases.length})`);
    const tally = await runAll(cases, 'manifests');
    assert.equal(tally.crashes + tally.hangs, 0);
  });
});
