import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Finding } from '../../../src/model/validation/findings';
import { mayHoldKubeVirt, validateText } from '../../../src/model/validation/validate';
import { describeFixtures, fixtureFiles, fixturesDir } from '../fixtures';
import { POD_GVISOR, VMI_CLOUD_CONFIG, VM_CONTAINERDISK, VM_DEFAULT_DISKS, spanOf } from '../manifests';
import { applyEdits } from './edits';
import { kubevirtSchema } from './schema';

const validate = (text: string) => validateText(text, kubevirtSchema());
const at = (f: Finding) => `${f.code}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error');
const read = (name: string) => fs.readFileSync(path.join(fixturesDir, 'kubevirt', name), 'utf8');

function mutate(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `fixture lacks ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

describe('authoring: offline validation', () => {
  it('a VM without disks: only the two volumes KubeVirt attaches as default disks are noted', () => {
    const findings = validate(VM_DEFAULT_DISKS);
    assert.deepEqual(findings.map(at), [`unattached-volume@${spanOf(VM_DEFAULT_DISKS, 'rootdisk')}`, `unattached-volume@${spanOf(VM_DEFAULT_DISKS, 'cloudinitdisk')}`]);
    assert.ok(findings.every((f) => f.severity === 'information'));
  });

  it('our example manifests have no errors or warnings', () => {
    for (const text of [VM_CONTAINERDISK, VMI_CLOUD_CONFIG]) assert.deepEqual(validate(text).map(at), []);
  });

  describeFixtures('KubeVirt fixtures', () => {
    for (const file of fixtureFiles('kubevirt')) {
      it(`${path.basename(file)} has no errors or warnings`, () => {
        const findings = validate(fs.readFileSync(file, 'utf8'));
        assert.deepEqual(findings.filter((f) => f.severity !== 'information').map(at), []);
      });
    }

    it('vm-cirros-sata.yaml: only the two volumes KubeVirt attaches as default disks are noted', () => {
      const findings = validate(read('vm-cirros-sata.yaml'));
      assert.deepEqual(findings.map(at), ['unattached-volume@23:14-23:27', 'unattached-volume@29:14-29:27']);
      assert.ok(findings.every((f) => f.severity === 'information'));
    });

    for (const name of ['kubevirt.io.v1.VirtualMachine.json', 'kubevirt.io.v1.VirtualMachineInstance.json']) {
      it(`${name}: conforms to the schema; only placeholder enum values and running+runStrategy are flagged`, () => {
        const text = read(name);
        assert.ok(mayHoldKubeVirt(text));
        const findings = validate(text);
        const lines = text.split('\n');
        const schemaErrors = findings.filter((f) => ['unknown-field', 'type', 'required'].includes(f.code));
        assert.deepEqual(schemaErrors.map(at), []);
        for (const f of findings.filter((x) => x.code === 'enum')) {
          assert.match(lines[f.range.start.line].slice(f.range.start.character), /^"\w+Value"/, at(f));
        }
        const others = findings.filter((f) => f.code !== 'enum').map((f) => f.code);
        assert.deepEqual(others, name.includes('Instance') ? [] : ['running-exclusive']);
        assert.ok(findings.some((f) => f.code === 'enum'), 'placeholders must be flagged');
      });
    }
  });

  describe('a mutated VM manifest', () => {
    const original = VM_CONTAINERDISK;

    it('flags a misspelled field at the key, suggesting and renaming to the real one', () => {
      const text = mutate(original, 'terminationGracePeriodSeconds: 0', 'terminationGracePeriodSecond: 0');
      const findings = errors(validate(text));
      assert.deepEqual(findings.map(at), [`unknown-field@${spanOf(text, 'terminationGracePeriodSecond')}`]);
      assert.match(findings[0].message, /Did you mean "terminationGracePeriodSeconds"\?/);
      assert.ok(findings[0].fix);
      assert.equal(applyEdits(text, findings[0].fix.edits), original);
    });

    it('flags an unknown disk bus at the value', () => {
      const text = mutate(original, 'bus: virtio\n            name: cloudinitdisk', 'bus: ide\n            name: cloudinitdisk');
      const findings = errors(validate(text));
      assert.deepEqual(findings.map(at), [`enum@${spanOf(text, 'ide')}`]);
      assert.match(findings[0].message, /virtio, sata, scsi, usb/);
    });

    it('flags a disk whose volume is missing at the disk name', () => {
      const text = mutate(original, 'name: cloudinitdisk\n        memory', 'name: cloudinit\n        memory');
      const findings = validate(text);
      assert.deepEqual(errors(findings).map(at), [`missing-volume@${spanOf(text, 'cloudinit')}`]);
      assert.deepEqual(findings.filter((f) => f.code === 'unattached-volume').map(at), [`unattached-volume@${spanOf(text, 'cloudinitdisk')}`]);
    });

    it('flags running together with runStrategy as an error', () => {
      const text = mutate(original, '  runStrategy: Halted', '  running: false\n  runStrategy: Halted');
      assert.deepEqual(errors(validate(text)).map(at), [`running-exclusive@${spanOf(text, 'running')}`]);
    });

    it('flags an unknown runStrategy at the value', () => {
      const text = mutate(original, 'runStrategy: Halted', 'runStrategy: Stopped');
      assert.deepEqual(errors(validate(text)).map(at), [`enum@${spanOf(text, 'Stopped')}`]);
    });

    for (const [running, strategy] of [['true', 'Always'], ['false', 'Halted']]) {
      it(`warns on deprecated running: ${running} and fixes it to runStrategy: ${strategy}`, () => {
        const text = mutate(original, 'runStrategy: Halted', `running: ${running}`);
        const findings = validate(text);
        assert.deepEqual(findings.map((f) => `${f.severity} ${at(f)}`), [`warning running-deprecated@${spanOf(text, 'running')}`]);
        const fixed = applyEdits(text, findings[0].fix?.edits ?? []);
        assert.equal(fixed, mutate(original, 'runStrategy: Halted', `runStrategy: ${strategy}`));
        assert.deepEqual(validate(fixed), []);
      });
    }

    it('warns when the memory limit is below the request or the guest memory', () => {
      const text = mutate(original, '        resources: {}', '        resources:\n          requests:\n            memory: 1Gi\n          limits:\n            memory: 512Mi');
      const findings = validate(text);
      assert.deepEqual(findings.map((f) => `${f.severity} ${at(f)}`), [`warning memory-limit@${spanOf(text, '512Mi')}`]);
      assert.match(findings[0].message, /below the request 1Gi/);
      const guestText = mutate(original, '        resources: {}', '        resources:\n          limits:\n            memory: 100M');
      assert.deepEqual(validate(guestText).map(at), [`memory-limit@${spanOf(guestText, '100M')}`]);
    });

    it('reports the errors of each document of a multi-document text in its own lines', () => {
      const bad = mutate(original, 'runStrategy: Halted', 'runStrategy: Stopped');
      const both = `${original}${bad}`;
      assert.deepEqual(validate(both).map(at), [`enum@${spanOf(both, 'Stopped')}`]);
    });

    it('flags an interface without a network and a value of the wrong type', () => {
      const text = mutate(mutate(VMI_CLOUD_CONFIG, '  - name: default\n    pod: {}', '  - name: pods\n    pod: {}'), 'terminationGracePeriodSeconds: 0', 'terminationGracePeriodSeconds: "0"');
      assert.deepEqual(validate(text).map(at), [`type@${spanOf(text, '"0"')}`, `missing-network@${spanOf(text, 'default')}`]);
    });
  });

  it('ignores texts and documents that are not KubeVirt', () => {
    const pod = POD_GVISOR;
    assert.equal(mayHoldKubeVirt(pod), false);
    assert.deepEqual(validate(`${pod}---\nkind: VirtualMachine\napiVersion: example.com/v1\nspec: {bogus: 1}\n`), []);
    assert.equal(parseAllDocuments(pod).length, 1);
  });
});
