import * as assert from 'node:assert/strict';
import { isolationOfHandler } from '../../../src/model/isolation';
import { fixtureDocuments, fixtureFiles, fixturesPresent } from '../fixtures';

/** Over the RuntimeClasses Kata and gVisor publish (../shared/fixtures), when that corpus is there. */
const overFixtures = fixturesPresent ? it : it.skip;

describe('isolation class from a RuntimeClass handler', () => {
  const runtimeClasses = fixtureFiles('kata')
    .flatMap(fixtureDocuments)
    .filter((d) => d.kind === 'RuntimeClass') as { metadata: { name: string }; handler: string }[];

  overFixtures('reads the RuntimeClasses that Kata and gVisor publish (over ../shared/fixtures)', () => {
    assert.ok(runtimeClasses.length >= 20, `only ${runtimeClasses.length} RuntimeClasses found`);
  });

  overFixtures('classifies every published RuntimeClass as a microVM or a sandbox, never as runc (over ../shared/fixtures)', () => {
    for (const rc of runtimeClasses) {
      const iso = isolationOfHandler(rc.handler);
      assert.notEqual(iso.class, 'container', `${rc.metadata.name} (${rc.handler}) classified as a container`);
      assert.ok(iso.label.length > 0);
    }
  });

  it('names the VMM of each kata-deploy handler', () => {
    const expected: Record<string, string> = {
      'kata-qemu': 'Kata QEMU',
      'kata-qemu-runtime-rs': 'Kata QEMU',
      'kata-fc': 'Kata Firecracker',
      'kata-clh': 'Kata Cloud Hypervisor',
      'kata-cloud-hypervisor': 'Kata Cloud Hypervisor',
      'kata-dragonball': 'Kata Dragonball',
      'kata-stratovirt': 'Kata StratoVirt',
      'kata-remote': 'Kata Remote VM',
      'kata-qemu-tdx': 'Kata QEMU TDX',
      'kata-qemu-snp': 'Kata QEMU SEV-SNP',
      'kata-qemu-se-runtime-rs': 'Kata QEMU IBM SE',
      'kata-qemu-cca': 'Kata QEMU Arm CCA',
      'kata-qemu-nvidia-gpu-tdx': 'Kata QEMU TDX GPU',
      kata: 'Kata',
      runsc: 'gVisor',
      gvisor: 'gVisor',
    };
    for (const rc of runtimeClasses.filter((r) => r.handler in expected)) {
      assert.equal(isolationOfHandler(rc.handler).label, expected[rc.handler], rc.metadata.name);
    }
    assert.equal(isolationOfHandler('gvisor').label, 'gVisor');
  });

  it('records the VMM, confidential technology and GPU passthrough', () => {
    assert.deepEqual(isolationOfHandler('kata-fc'), { class: 'microvm', handler: 'kata-fc', label: 'Kata Firecracker', vmm: 'firecracker' });
    const gpu = isolationOfHandler('kata-qemu-nvidia-gpu-snp');
    assert.equal(gpu.vmm, 'qemu');
    assert.equal(gpu.confidential, 'snp');
    assert.equal(gpu.gpu, true);
    assert.equal(isolationOfHandler('runsc').class, 'sandbox');
  });

  it('treats a missing or other handler as the shared-kernel runtime', () => {
    assert.deepEqual(isolationOfHandler(undefined), { class: 'container', handler: '', label: 'runc' });
    assert.equal(isolationOfHandler('runc').label, 'runc');
    assert.equal(isolationOfHandler('crun').label, 'runc (crun)');
    assert.equal(isolationOfHandler('katana').class, 'container');
  });
});
