// The manifest explains itself: every command has a category and an icon for the menus that show one, every
// setting a Markdown description and a place in the order, every enum value a description.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface Setting {
  markdownDescription?: string;
  order?: number;
  enum?: unknown[];
  enumDescriptions?: string[];
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
  contributes: { commands: { command: string; title: string; category?: string; icon?: string }[]; configuration: { properties: Record<string, Setting> } };
};

const nls = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.nls.json'), 'utf8')) as Record<string, string>;

describe('the extension manifest', () => {
  it('gives every command the KubeVirt category and a codicon', () => {
    for (const c of manifest.contributes.commands) {
      assert.equal(nls[c.category?.replace(/^%(.*)%$/, '$1') ?? ''] ?? c.category, 'KubeVirt', c.command);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, `${c.command} has no codicon`);
    }
  });

  it('describes every setting in Markdown, in a fixed order, each enum value included', () => {
    const settings = Object.entries(manifest.contributes.configuration.properties);
    for (const [key, s] of settings) {
      assert.ok(s.markdownDescription, `${key} has no markdownDescription`);
      assert.equal(typeof s.order, 'number', `${key} has no order`);
      if (s.enum) assert.equal(s.enumDescriptions?.length, s.enum.length, `${key}: a description per enum value`);
    }
    const orders = settings.map(([, s]) => s.order);
    assert.equal(new Set(orders).size, orders.length, 'no two settings share a place');
  });
});
