// The manifest explains itself: every command has a category and an icon for the menus that show one, and a
// `when` saying where the Command Palette offers it; every setting a Markdown description and a place in the
// order, every enum value a description.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface Setting {
  markdownDescription?: string;
  order?: number;
  enum?: unknown[];
  enumDescriptions?: string[];
}

interface MenuEntry {
  command: string;
  when?: string;
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    configuration: { properties: Record<string, Setting> };
    menus: Record<string, MenuEntry[]>;
  };
};

/** Offered on cluster rows and also useful without one: New Virtual Machine… then asks for the cluster. */
const GLOBAL = new Set(['kubevirtWorkbench.newVirtualMachine']);
const nls = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.nls.json'), 'utf8')) as Record<string, string>;

describe('the extension manifest', () => {
  it('gives every command the KubeVirt category and a codicon', () => {
    for (const c of manifest.contributes.commands) {
      assert.equal(nls[c.category?.replace(/^%(.*)%$/, '$1') ?? ''] ?? c.category, 'KubeVirt', c.command);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, `${c.command} has no codicon`);
    }
  });

  it('says for every command when the Command Palette offers it, and hides those that act on a tree row', () => {
    const { commands, menus } = manifest.contributes;
    const palette = new Map<string, string | undefined>();
    for (const entry of menus.commandPalette) {
      assert.ok(!palette.has(entry.command), `${entry.command} is listed twice in the Command Palette`);
      palette.set(entry.command, entry.when);
    }
    for (const c of commands) assert.ok(palette.get(c.command)?.trim(), `${c.command} has no Command Palette when clause`);
    // A command no menu but the rows' context menus offers needs the row it was run on: never in the palette.
    const elsewhere = new Set(Object.entries(menus).flatMap(([menu, entries]) => (menu === 'view/item/context' || menu === 'commandPalette' ? [] : entries.map((e) => e.command))));
    const onRows = new Set(menus['view/item/context'].map((e) => e.command));
    const rowOnly = commands.map((c) => c.command).filter((id) => onRows.has(id) && !elsewhere.has(id) && !GLOBAL.has(id));
    assert.ok(rowOnly.length > 10, rowOnly.join());
    for (const id of rowOnly) assert.equal(palette.get(id), 'false', `${id} acts on a tree row and is offered in the Command Palette`);
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
