import * as assert from 'node:assert/strict';
import { inferRuntimeClasses, runtimeClassInfo } from '../../../src/model/runtimeClasses';

describe('RuntimeClasses', () => {
  it('maps a kata-deploy RuntimeClass to its isolation and overhead', () => {
    // As kata-deploy installs it.
    const fc = {
      apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata-fc' }, handler: 'kata-fc',
      overhead: { podFixed: { memory: '130Mi', cpu: '250m' } }, scheduling: { nodeSelector: { 'katacontainers.io/kata-runtime': 'true' } },
    };
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
