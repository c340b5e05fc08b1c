import * as assert from 'node:assert/strict';
import { ManifestError, parseManifest } from '../../../src/model/manifestEdit';
import { validateText } from '../../../src/model/validation/validate';
import { MAX_FLOW_DEPTH, tooDeepAt } from '../../../src/model/validation/yamlDepth';
import { looksLikeKubernetes, yamlSyntaxFindings } from '../../../src/model/validation/yamlSyntax';
import { kubevirtSchema } from '../authoring/schema';

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

  it('refuses a text nested beyond any real manifest before parsing it, at the bracket that crosses the limit', () => {
    const head = 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: deep}\nspec: ';
    const unclosed = `${head}${'{a: '.repeat(2000)}`;
    const [finding, ...rest] = yamlSyntaxFindings(unclosed);
    assert.deepEqual(rest, []);
    assert.equal(finding.code, 'yaml-too-deep');
    assert.equal(finding.message, `The YAML nests more than ${MAX_FLOW_DEPTH} levels deep; it is not read.`);
    assert.deepEqual(finding.range.start, { line: 3, character: 6 + 4 * MAX_FLOW_DEPTH });
    assert.deepEqual(validateText(unclosed, kubevirtSchema()), []);
    assert.throws(() => parseManifest(unclosed), (e: unknown) => e instanceof ManifestError && /line 4: The YAML nests more than/.test(e.message));
  });

  it('counts only flow brackets: those in quotes and comments, or closed again, do not nest', () => {
    const levels = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    assert.equal(tooDeepAt(`a: ${levels(MAX_FLOW_DEPTH)}\nb: ${levels(MAX_FLOW_DEPTH)}\n`), undefined);
    assert.equal(tooDeepAt(`a: ${levels(MAX_FLOW_DEPTH + 1)}`), 3 + MAX_FLOW_DEPTH);
    const noise = '['.repeat(MAX_FLOW_DEPTH + 1);
    assert.equal(tooDeepAt(`a: "${noise} \\" ${noise}"\nb: '${noise} '' ${noise}'\n# ${noise}\nc: d#${'['.repeat(10)}`), undefined);
    assert.equal(tooDeepAt(`a: don't ${'['.repeat(MAX_FLOW_DEPTH + 1)}`), 9 + MAX_FLOW_DEPTH);
  });
});
