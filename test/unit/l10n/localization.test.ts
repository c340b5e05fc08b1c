// Everything the user reads is localizable: no user-facing literal in src/ outside l10n.t (see
// test/tools/l10nLiterals.ts for what counts), l10n/bundle.l10n.json is what `npm run l10n` exports from the code
// now, and every manifest string the user reads is a %key% of package.nls.json.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scanSource, sourceFiles } from '../../tools/l10nLiterals';

const repoRoot = path.resolve(__dirname, '../../../..');
/** Build-time tools, not shipped code. */
const NOT_SHIPPED = ['src/authoring/schema/build.ts'];

const readJson = <T>(file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as T;

function exportBundle(): Promise<Record<string, string>> {
  const out = mkdtempSync(path.join(tmpdir(), 'l10n-'));
  const cli = path.join(repoRoot, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, 'export', '--outDir', out, './src'], { cwd: repoRoot, timeout: 120_000 }, (error, _stdout, stderr) => {
      try {
        if (error) reject(new Error(`l10n-dev export failed: ${stderr || error.message}`));
        else resolve(JSON.parse(readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, string>);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  });
}

describe('localization', function () {
  this.timeout(150_000);

  it('leaves no user-facing literal in src/ outside l10n.t', () => {
    const findings = sourceFiles(path.join(repoRoot, 'src'))
      .map((file) => path.relative(repoRoot, file).split(path.sep).join('/'))
      .filter((file) => !NOT_SHIPPED.includes(file))
      .flatMap((file) => scanSource(file, readFileSync(path.join(repoRoot, file), 'utf8')));
    const list = findings.map((f) => `  ${f.file}:${f.line} (${f.why}): ${JSON.stringify(f.text.slice(0, 100))}`).join('\n');
    assert.equal(findings.length, 0,
      `${findings.length} user-facing string(s) not localized. Wrap each in vscode.l10n.t('… {0} …', value) (in src/model and src/cluster: ` +
      `import * as l10n from '@vscode/l10n' and l10n.t), then run npm run l10n; a string that is no UI text takes a // l10n-ignore: why comment.\n${list}`);
  });

  it('finds a literal message, a pick label and a word table entry, and passes their l10n.t forms', () => {
    const code = [
      "import * as vscode from 'vscode';",
      "void vscode.window.showWarningMessage(`Cannot reach ${host}`);",
      "const items = [{ label: 'Start' }];",
      "const STATUS_WORDS = { ok: 'fine' };",
      "void vscode.window.showWarningMessage(vscode.l10n.t('Cannot reach {0}', host));",
      "const ok = [{ label: vscode.l10n.t('Start') }];",
      "log.info('connected to the server');",
      "if (answer === 'Delete') remove();",
      "void vscode.l10n.t(message);",
    ].join('\n');
    const findings = scanSource('sample.ts', code).map((f) => `${f.line} ${f.text}`);
    assert.deepEqual(findings, ['2 Cannot reach {0}', '3 Start', '4 fine', '9 vscode.l10n.t(message)']);
  });

  it('translates the model\'s words once @vscode/l10n has a bundle, as l10nSetup gives it before the model loads', async () => {
    // A fresh process: the model's word tables are built when their module loads.
    const script = [
      "require('@vscode/l10n').config({ contents: { fail: 'échec', 'Pod Security': 'Sécurité des pods' } });",
      "const { VERDICT_WORDS } = require('./out/src/model/guardrails/check.js');",
      "const { categoryTitle } = require('./out/src/model/guardrails/catalog.js');",
      "console.log(JSON.stringify([VERDICT_WORDS.fail, VERDICT_WORDS.pass, categoryTitle('Pod Security')]));",
    ].join('\n');
    const printed = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['-e', script], { cwd: repoRoot, timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout))));
    assert.deepEqual(JSON.parse(printed), ['échec', 'pass', 'Sécurité des pods']);
  });

  it('ships a bundle that is exactly what npm run l10n exports from the code now', async () => {
    const exported = await exportBundle();
    const shipped = readJson<Record<string, string>>('l10n/bundle.l10n.json');
    const missing = Object.keys(exported).filter((k) => !(k in shipped));
    const stale = Object.keys(shipped).filter((k) => !(k in exported));
    assert.ok(!missing.length && !stale.length,
      `l10n/bundle.l10n.json is out of date: run npm run l10n.\n  missing: ${JSON.stringify(missing.slice(0, 20))}\n  stale: ${JSON.stringify(stale.slice(0, 20))}`);
    assert.ok(Object.keys(shipped).length > 500, 'the bundle holds the extension\'s messages');
  });

  it('words every manifest string through package.nls.json, and package.nls.json has no unused key', () => {
    const manifestText = readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
    const nls = readJson<Record<string, string>>('package.nls.json');
    const used = [...manifestText.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
    for (const key of used) assert.ok(key in nls, `package.json uses %${key}% but package.nls.json does not define it`);
    for (const key of Object.keys(nls)) assert.ok(used.includes(key), `package.nls.json defines ${key}, which package.json does not use`);
    const manifest = JSON.parse(manifestText) as { contributes: Record<string, unknown> };
    const literal: string[] = [];
    const shown = /^(title|description|markdownDescription|name|contextualTitle|contents|category)$/;
    const walk = (value: unknown, at: string, key: string) => {
      if (typeof value === 'string') {
        if ((shown.test(key) || key === 'enumDescriptions') && !/^%[^%]+%$/.test(value)) literal.push(`${at}: ${JSON.stringify(value.slice(0, 60))}`);
      } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`, key));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== 'default' && k !== 'media') walk(v, `${at}.${k}`, k);
    };
    walk(manifest.contributes, 'contributes', '');
    assert.deepEqual(literal, [], `manifest strings not in package.nls.json (add a key and use "%key%"):\n${literal.join('\n')}`);
  });
});
