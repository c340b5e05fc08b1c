import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { validateText } from '../../../src/model/validation/validate';
import { kubevirtSchema } from './schema';

const repoRoot = path.resolve(__dirname, '../../../..');

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

/** Expands a snippet body the way accepting every default does: placeholders to their default, choices to their first option. */
function expandSnippet(body: string): string {
  const defaults = new Map<string, string>();
  for (const m of body.matchAll(/\$\{(\d+):([^}]*)\}/g)) if (!defaults.has(m[1])) defaults.set(m[1], m[2]);
  for (const m of body.matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)) if (!defaults.has(m[1])) defaults.set(m[1], m[2].split(',')[0]);
  return body
    .replace(/\$\{(\d+):[^}]*\}/g, (_, n: string) => defaults.get(n) ?? '')
    .replace(/\$\{(\d+)\|[^|]*\|\}/g, (_, n: string) => defaults.get(n) ?? '')
    .replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a: string | undefined, b: string | undefined) => defaults.get(a ?? b ?? '') ?? '');
}

function contributedSnippets(): Record<string, Snippet> {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { snippets?: { language: string; path: string }[] } };
  const entries = manifest.contributes.snippets ?? [];
  assert.ok(entries.length > 0, 'package.json contributes no snippets');
  return Object.assign({}, ...entries.map((e) => JSON.parse(fs.readFileSync(path.join(repoRoot, e.path), 'utf8')) as Record<string, Snippet>));
}

describe('authoring: snippets', () => {
  it('the expander resolves defaults, choices and mirrors', () => {
    assert.equal(expandSnippet('a: ${1:x}\nb: ${2|p,q|}\nc: ${1}-$2$0'), 'a: x\nb: p\nc: x-p');
  });

  const snippets = contributedSnippets();
  const expected = ['kv-vm', 'kv-vm-datavolume', 'kv-vm-datasource', 'kv-vm-instancetype', 'kv-vmi', 'kv-instancetype', 'kv-preference', 'kv-datavolume', 'kv-migration', 'kata-pod', 'kata-deployment', 'kata-runtimeclass', 'gvisor-runtimeclass', 'kv-tenant'];

  it('contributes every snippet the issue names', () => {
    assert.deepEqual(Object.values(snippets).map((s) => s.prefix).sort(), [...expected].sort());
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`${snippet.prefix}: expands to YAML that parses and validates with zero errors and warnings`, () => {
      const text = expandSnippet(snippet.body.join('\n'));
      assert.doesNotMatch(text, /\$/, 'unexpanded snippet syntax');
      const documents = parseAllDocuments(text);
      assert.ok(Array.isArray(documents) && documents.length > 0, name);
      for (const d of documents) assert.deepEqual([...d.errors, ...d.warnings].map((e) => e.message), []);
      assert.deepEqual(validateText(text, kubevirtSchema()).map((f) => `${f.code}: ${f.message}`), []);
      assert.doesNotMatch(text, /^\s*running:/m, 'snippets use runStrategy');
    });
  }

  it('VM snippets use runStrategy, and the SSH one takes the key from a Secret, without a password', () => {
    const vm = expandSnippet(Object.values(snippets).find((s) => s.prefix === 'kv-vm')?.body.join('\n') ?? '');
    assert.match(vm, /runStrategy: Always/);
    assert.match(vm, /accessCredentials:\n\s+- sshPublicKey:\n\s+source:\n\s+secret:\n\s+secretName: my-vm-ssh-key/);
    assert.match(vm, /kind: Secret/);
    assert.doesNotMatch(vm, /password/);
  });

  it('RuntimeClasses use node.k8s.io/v1 and the pods offer the four runtime classes', () => {
    for (const s of Object.values(snippets).filter((x) => x.prefix.endsWith('runtimeclass'))) assert.match(s.body.join('\n'), /apiVersion: node\.k8s\.io\/v1\n/);
    for (const prefix of ['kata-pod', 'kata-deployment']) {
      assert.match(Object.values(snippets).find((s) => s.prefix === prefix)?.body.join('\n') ?? '', /runtimeClassName: \$\{\d+\|kata-qemu,kata-clh,kata-fc,gvisor\|\}/);
    }
  });
});
