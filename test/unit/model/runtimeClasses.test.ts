import * as assert from 'node:assert/strict';
import { inferRuntimeClasses, runtimeClassInfo } from '../../../src/model/runtimeClasses';
import { fixtureDocuments, fixtureFiles } from '../fixtures';

describe('RuntimeClasses', () => {
  it('maps a kata-deploy RuntimeClass to its isolation and overhead', () => {
    const fc = fixtureFiles('kata')
      .flatMap(fixtureDocuments)
      .find((d) => d.kind === 'RuntimeClass' && (d as { handler?: string }).handler === 'kata-fc') as Parameters<typeof runtimeClassInfo>[0] | undefined;
    assert.ok(fc, 'the kata fixtures hold kata-fc');
    const info = runtimeClassInfo(fc);
    assert.equal(info.isolation.class, 'microvm');
    assert.equal(info.isolation.vmm, 'firecracker');
    assert.ok(info.overhead?.memory, 'overhead.podFixed.memory is kept');
    assert.equal(info.inferred, false);
  });

  it('infers one RuntimeClass per distinct runtimeClassName of the pods when they cannot be read', () => {
    const pods = [{ spec: { runtimeClassName: 'kata-qemu' } }, { spec: { runtimeClassName: 'gvisor' } }, { spec: { runtimeClassName: 'kata-qemu' } }, { spec: {} }, {}];
    const inferred = inferRuntimeClasses(pods);
    assert.deepEqual(inferred.map((r) => [r.name, r.isolation.class, r.inferred]), [['gvisor', 'sandbox', true], ['kata-qemu', 'microvm', true]]);
  });
});
