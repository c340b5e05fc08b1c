// The Marketplace package holds exactly the files meant (as `vsce ls` lists them), its README's images travel
// inside it, and its icon is the 128×128 PNG the Marketplace asks for.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');

const SHIPPED = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'dist/codicon.css',
  'dist/codicon.ttf',
  'dist/extension.js',
  'dist/kubevirt-schema.json',
  'dist/overview.js',
  'dist/vendor/hpagent.js',
  'dist/vendor/js-yaml.js',
  'dist/vendor/kubernetes-client-node.js',
  'dist/vendor/socks-proxy-agent.js',
  'dist/vendor/ws.js',
  'dist/vendor/yaml.js',
  'dist/vnc.js',
  'dist/workbench.js',
  'l10n/bundle.l10n.json',
  'media/icon.png',
  'media/kubevirt.svg',
  'media/walkthrough/audit-tenant.md',
  'media/walkthrough/author-vm.md',
  'media/walkthrough/connect.md',
  'media/walkthrough/start-vm.md',
  'package.json',
  'package.nls.json',
  'snippets/kubevirt.code-snippets',
  'syntaxes/cloud-init.injection.tmLanguage.json',
];

// The categories the Marketplace accepts (others are refused on publish).
const MARKETPLACE_CATEGORIES = ['AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Other', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization'];

function vsceLs(): Promise<string[]> {
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`vsce ls failed: ${stderr || error.message}`));
      else resolve(stdout.split('\n').map((line) => line.trim()).filter(Boolean).sort());
    });
  });
}

function readmeImages(): string[] {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  return [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

describe('the Marketplace package', function () {
  this.timeout(150_000);
  let files: string[];
  before(async () => {
    files = await vsceLs();
  });

  it('ships the bundle, manifest, media, LICENSE, CHANGELOG and the README with its images, and nothing else', () => {
    const images = readmeImages();
    assert.ok(images.length > 0, 'the README shows screenshots');
    assert.deepEqual(files, [...new Set([...SHIPPED, ...images])].sort());
  });

  it('keeps the README image links relative, so they resolve inside the package', () => {
    for (const image of readmeImages()) assert.ok(!/^[a-z]+:/i.test(image) && !image.startsWith('/'), image);
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.match(pkg.scripts.package, /--no-rewrite-relative-links/);
  });

  it('has a 128×128 PNG icon, categories and keywords', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { icon: string; categories: string[]; keywords: string[] };
    const png = readFileSync(path.join(repoRoot, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(files.includes(pkg.icon));
    for (const category of pkg.categories) assert.ok(MARKETPLACE_CATEGORIES.includes(category), `not a Marketplace category: ${category}`);
    assert.ok(pkg.keywords.includes('kubevirt') && pkg.keywords.length <= 30, 'at most 30 keywords, kubevirt among them');
  });
});
