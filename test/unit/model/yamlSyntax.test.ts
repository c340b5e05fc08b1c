import * as assert from 'node:assert/strict';
import { ManifestError, parseManifest } from '../../../src/model/manifestEdit';
import { looksLikeKubernetes, yamlSyntaxFindings } from '../../../src/model/validation/yamlSyntax';

describe('YAML syntax of Kubernetes manifests', () => {
  const duplicate = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels: {a: "1"}\n  labels: {b: "2"}\n';

  it('recognises a Kubernetes manifest by apiVersion and kind, whatever its group', () => {
    assert.ok(looksLikeKubernetes(duplicate));
    assert.ok(looksLikeKubernetes('---\napiVersion: apps/v1\nkind: Deployment\n'));
    assert.ok(!looksLikeKubernetes('name: my-app\nversion: 2\n'));
  });

  it('places a duplicate key on its second occurrence and names it', () => {
    const [finding] = yamlSyntaxFindings(duplicate);
    assert.equal(finding.code, 'yaml-duplicate-key');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.range.start, { line: 5, character: 2 });
    assert.equal(finding.message, 'Duplicate key "labels": a key may appear only once in a mapping.');
  });

  it("reports other syntax errors with the parser's words, without its excerpt", () => {
    const [tab] = yamlSyntaxFindings('apiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n');
    assert.equal(tab.code, 'yaml-tab-as-indent');
    assert.equal(tab.range.start.line, 3);
    assert.doesNotMatch(tab.message, /\n|at line/);
    assert.deepEqual(yamlSyntaxFindings('apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Service\n'), []);
  });

  it('refuses to save such a text with the line and the key, not the raw parser text', () => {
    assert.throws(() => parseManifest(duplicate), (e: Error) => e instanceof ManifestError && e.message.startsWith('Invalid YAML at line 6: Duplicate key "labels"'));
  });
});
