import * as assert from 'node:assert/strict';
import { hoverText, suggestions } from '../../../src/model/schema/assist';
import { cursorPath } from '../../../src/model/schema/cursorPath';
import { VM_CONTAINERDISK } from '../manifests';
import { kubevirtSchema } from './schema';

const vm = VM_CONTAINERDISK;

/** The cursor where `marker` is in `text`. */
function cursorAt(text: string, marker: string) {
  const offset = text.indexOf(marker);
  assert.notEqual(offset, -1, marker);
  const before = text.slice(0, offset).split('\n');
  const cursor = cursorPath(text.replace(marker, ''), before.length - 1, before[before.length - 1].length);
  assert.ok(cursor, `no cursor path at ${marker}`);
  return cursor;
}

describe('authoring: completion and hover', () => {
  it('offers the runStrategy values after `runStrategy: `', () => {
    const cursor = cursorAt(vm.replace('runStrategy: Halted', 'runStrategy: |'), '|');
    assert.deepEqual(cursor.path, ['spec']);
    assert.deepEqual(suggestions(kubevirtSchema(), cursor).map((s) => s.label), ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once', 'WaitAsReceiver']);
  });

  it('offers disk buses inside a disk target of a sequence item', () => {
    const cursor = cursorAt(vm.replace('bus: virtio', 'bus: |'), '|');
    assert.deepEqual(cursor.path, ['spec', 'template', 'spec', 'domain', 'devices', 'disks', 0, 'disk']);
    assert.deepEqual(suggestions(kubevirtSchema(), cursor).map((s) => s.label), ['virtio', 'sata', 'scsi', 'usb']);
  });

  it('offers the instancetype matcher kinds', () => {
    const text = 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nspec:\n  instancetype:\n    name: u1.small\n    kind: |\n';
    assert.deepEqual(suggestions(kubevirtSchema(), cursorAt(text, '|')).map((s) => s.label), ['VirtualMachineClusterInstancetype', 'VirtualMachineInstancetype']);
  });

  it('offers the keys of the map being typed in, with descriptions, in incomplete text', () => {
    const text = 'apiVersion: kubevirt.io/v1\nkind: VirtualMachineInstance\nspec:\n  domain:\n    devices:\n      disks:\n      - name: a\n        |';
    const keys = suggestions(kubevirtSchema(), cursorAt(text, '|'));
    assert.ok(['bootOrder', 'cdrom', 'disk', 'lun', 'name'].every((k) => keys.some((s) => s.label === k && s.role === 'key')));
    assert.match(keys.find((k) => k.label === 'bootOrder')?.documentation ?? '', /BootOrder is an integer value > 0/);
  });

  it('describes a hovered key with its type, description and allowed values', () => {
    const lines = vm.split('\n');
    const line = lines.findIndex((l) => l.includes('runStrategy'));
    const cursor = cursorPath(vm, line, 4);
    assert.ok(cursor);
    const text = hoverText(kubevirtSchema(), cursor) ?? '';
    assert.match(text, /^\*\*runStrategy\*\* `string`/);
    assert.match(text, /Values: `Always`, `RerunOnFailure`/);
  });

  it('knows nothing outside the schema', () => {
    const cursor = cursorAt(vm.replace('  runStrategy: Halted', '  bogus:\n    |'), '|');
    assert.deepEqual(suggestions(kubevirtSchema(), cursor), []);
  });
});
