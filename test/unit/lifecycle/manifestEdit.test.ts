import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { cleanObject, ManifestError, parseManifest, rebaseEdit, rebaseText, toYaml } from '../../../src/model/manifestEdit';
import type { KubeObject } from '../../../src/model/kubeObject';

const live = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'web-1', namespace: 'team-a', resourceVersion: '42', managedFields: [{ manager: 'kubectl' }] },
  spec: { runStrategy: 'Always' },
  status: { printableStatus: 'Running' },
};

describe('manifest documents', () => {
  it('strips managedFields always and status for editing, without touching the original', () => {
    assert.deepEqual(Object.keys(cleanObject(live, false)), ['apiVersion', 'kind', 'metadata', 'spec']);
    assert.equal(cleanObject(live, false).metadata.managedFields, undefined);
    assert.deepEqual(cleanObject(live, true).status, { printableStatus: 'Running' });
    assert.equal(live.metadata.managedFields.length, 1);
    assert.doesNotMatch(toYaml(cleanObject(live, false)), /managedFields|status/);
  });

  it('refuses text that does not name an object', () => {
    assert.throws(() => parseManifest('a: [1'), ManifestError);
    assert.throws(() => parseManifest('- a'), /not a YAML mapping/);
    assert.throws(() => parseManifest('apiVersion: v1\nkind: Pod\nmetadata: {}\n'), /metadata.name/);
    assert.equal(parseManifest(toYaml(live)).metadata.name, 'web-1');
  });

  it('rebases the user text onto the live resourceVersion, keeping comments and edits', () => {
    const user = '# my change\napiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: web-1\n  resourceVersion: "42"\nspec:\n  runStrategy: Manual # was Always\n';
    const rebased = rebaseText(user, { ...live, metadata: { ...live.metadata, resourceVersion: '57' } });
    assert.match(rebased, /^# my change/);
    assert.match(rebased, /runStrategy: Manual # was Always/);
    assert.equal(parse(rebased).metadata.resourceVersion, '57');
  });

  describe('an edit rebased onto a newer live object', () => {
    const vm = (rv: string, labels: Record<string, string>, spec: Record<string, unknown>): KubeObject => ({
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'web-1', namespace: 'team-a', resourceVersion: rv, labels },
      spec,
    });
    const template = { spec: { domain: { cpu: { cores: 1 } } } };
    const base = vm('42', { app: 'web' }, { runStrategy: 'Always', template });

    it("applies only what the user changed, keeping what someone else changed elsewhere, at the live version", () => {
      const mine = vm('42', { app: 'web', mine: 'yes' }, { runStrategy: 'Always', template: { spec: { domain: { cpu: { cores: 2 } } } } });
      const live = vm('57', { app: 'web', theirs: 'yes' }, { runStrategy: 'Halted', template: { spec: { domain: { cpu: { cores: 1 } } } } });
      const { object, overlaps } = rebaseEdit(base, mine, live);
      assert.deepEqual(overlaps, []);
      assert.equal(object.metadata.resourceVersion, '57');
      assert.deepEqual(object.metadata.labels, { app: 'web', theirs: 'yes', mine: 'yes' });
      assert.deepEqual(object.spec, { runStrategy: 'Halted', template: { spec: { domain: { cpu: { cores: 2 } } } } });
    });

    it('drops what the user deleted, and names the fields both changed differently (the user wins there)', () => {
      const mine = vm('42', {}, { runStrategy: 'Manual', template: template });
      const live = vm('57', { app: 'web' }, { runStrategy: 'Halted', template: template });
      const { object, overlaps } = rebaseEdit(base, mine, live);
      assert.deepEqual(object.metadata.labels, {});
      assert.deepEqual(overlaps, ['spec.runStrategy']);
      assert.equal((object.spec as { runStrategy: string }).runStrategy, 'Manual');
    });

    it('is no overlap when both made the same change, and leaves an untouched edit as the live object', () => {
      const same = vm('42', { app: 'web' }, { runStrategy: 'Halted', template });
      const live = vm('57', { app: 'web' }, { runStrategy: 'Halted', template });
      assert.deepEqual(rebaseEdit(base, same, live).overlaps, []);
      assert.deepEqual(rebaseEdit(base, base, live).object, live);
    });
  });
});
