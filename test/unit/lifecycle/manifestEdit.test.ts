import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { cleanObject, ManifestError, parseManifest, rebaseText, toYaml } from '../../../src/model/manifestEdit';

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
});
