import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type IRawGrammar } from 'vscode-textmate';
import { VMI_CLOUD_CONFIG, VMI_NETWORK_DATA, VM_CONTAINERDISK } from '../manifests';

const repoRoot = path.resolve(__dirname, '../../../..');
const INJECTION = 'kubevirt.cloud-init.injection';

// Just enough of a YAML and a shell grammar for the injection to have hosts; VS Code ships the real ones.
const BASE_GRAMMARS: Record<string, object> = {
  'source.yaml': {
    scopeName: 'source.yaml',
    patterns: [
      { match: '#.*$', name: 'comment.line.number-sign.yaml' },
      { match: '[\\w./-]+(?=\\s*:(?:\\s|$))', name: 'entity.name.tag.yaml' },
      { match: '(?<=:\\s)\\S.*$', name: 'string.unquoted.plain.out.yaml' },
    ],
  },
  'source.shell': {
    scopeName: 'source.shell',
    patterns: [
      { match: '#.*$', name: 'comment.line.number-sign.shell' },
      { match: '\\becho\\b', name: 'support.function.builtin.shell' },
    ],
  },
};

async function loadGrammar(): Promise<IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scopeName): Promise<IRawGrammar | null> => {
      if (scopeName === INJECTION) {
        const file = path.join(repoRoot, 'syntaxes/cloud-init.injection.tmLanguage.json');
        return parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
      }
      const base = BASE_GRAMMARS[scopeName];
      return base ? parseRawGrammar(JSON.stringify(base), `${scopeName}.json`) : null;
    },
    getInjections: (scopeName) => (scopeName === 'source.yaml' ? [INJECTION] : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  assert.ok(grammar);
  return grammar;
}

/** Scopes of the first token of each line that starts with `text` (after indentation). */
function scopesOf(grammar: IGrammar, source: string): Map<number, string[]> {
  const result = new Map<number, string[]>();
  let state = INITIAL;
  source.split('\n').forEach((line, index) => {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
    state = ruleStack;
    const first = tokens.find((t) => line.slice(t.startIndex, t.endIndex).trim()) ?? tokens[0];
    result.set(index, first?.scopes ?? []);
  });
  return result;
}

function lineScopes(grammar: IGrammar, source: string, startsWith: string): string[] {
  const lines = source.split('\n');
  const index = lines.findIndex((l) => l.trimStart().startsWith(startsWith));
  assert.notEqual(index, -1, startsWith);
  return scopesOf(grammar, source).get(index) ?? [];
}

/** The line's scopes hold `block` directly followed by the embedded language's root scope. */
function embeds(scopes: string[], block: string, language: string): boolean {
  const index = scopes.indexOf(block);
  return index !== -1 && scopes[index + 1] === language;
}


describe('authoring: cloud-init injection grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it('is contributed for injection into source.yaml', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { grammars: { scopeName: string; injectTo?: string[]; path: string }[] } };
    const entry = manifest.contributes.grammars.find((g) => g.scopeName === INJECTION);
    assert.deepEqual(entry?.injectTo, ['source.yaml']);
    assert.ok(fs.existsSync(path.join(repoRoot, entry.path)));
  });

  it('#cloud-config user data is embedded YAML', () => {
    const source = VMI_CLOUD_CONFIG;
    for (const start of ['#cloud-config', 'password: workbench', 'chpasswd:']) {
      const scopes = lineScopes(grammar, source, start);
      assert.ok(embeds(scopes, 'meta.embedded.block.cloud-config', 'source.yaml'), `${start}: ${scopes.join(' ')}`);
    }
    assert.ok(lineScopes(grammar, source, 'password: workbench').includes('entity.name.tag.yaml'));
    assert.ok(lineScopes(grammar, source, '#cloud-config').includes('comment.line.number-sign.yaml'));
    // The key after the block is outside it again.
    assert.ok(!lineScopes(grammar, source, 'name: cloudinitdisk').some((s) => s.startsWith('meta.embedded')));
    assert.ok(!lineScopes(grammar, source, 'apiVersion').some((s) => s.startsWith('meta.embedded')));
  });

  it('#! user data is embedded shell', () => {
    const source = VM_CONTAINERDISK;
    const shebang = lineScopes(grammar, source, '#!/bin/sh');
    assert.ok(embeds(shebang, 'meta.embedded.block.shellscript', 'source.shell'), shebang.join(' '));
    assert.ok(shebang.includes('comment.line.number-sign.shell'));
    const echo = lineScopes(grammar, source, 'echo');
    assert.ok(embeds(echo, 'meta.embedded.block.shellscript', 'source.shell') && echo.includes('support.function.builtin.shell'), echo.join(' '));
    assert.ok(!lineScopes(grammar, source, 'name: cloudinitdisk').some((s) => s.startsWith('meta.embedded')));
  });

  it('networkData is not embedded, userData beside it is', () => {
    const source = VMI_NETWORK_DATA;
    assert.ok(!lineScopes(grammar, source, 'version: 2').some((s) => s.startsWith('meta.embedded')));
    assert.ok(embeds(lineScopes(grammar, source, 'packages:'), 'meta.embedded.block.cloud-config', 'source.yaml'));
    assert.ok(embeds(lineScopes(grammar, source, '- [ "systemctl"'), 'meta.embedded.block.cloud-config', 'source.yaml'));
  });

  it('a userData key opening a sequence item ends where the item\'s next key starts', () => {
    const source = 'volumes:\n- userData: |\n    #!/bin/sh\n    echo hi\n  name: x\n';
    const scopes = scopesOf(grammar, source);
    assert.ok(embeds(scopes.get(3) ?? [], 'meta.embedded.block.shellscript', 'source.shell'));
    assert.ok(!scopes.get(4)?.some((s) => s.startsWith('meta.embedded')));
    assert.ok(scopes.get(4)?.includes('entity.name.tag.yaml'));
  });

  it('a block that is neither cloud-config nor a script stays a plain string', () => {
    const source = 'volumes:\n- cloudInitNoCloud:\n    userData: |\n      hello: world\n  name: x\n';
    const scopes = scopesOf(grammar, source);
    assert.ok(scopes.get(3)?.includes('string.unquoted.block.yaml'), scopes.get(3)?.join(' '));
    assert.ok(!scopes.get(3)?.some((s) => s.startsWith('meta.embedded')));
    assert.ok(scopes.get(4)?.includes('entity.name.tag.yaml'));
  });
});
