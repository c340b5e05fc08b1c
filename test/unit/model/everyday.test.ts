import * as assert from 'node:assert/strict';
import { cloneJudgement, cloneManifest, cloneTargetProblem, defaultCloneName } from '../../../src/model/clones';
import { addVolumeBody, diskRows, hotplugJudgement } from '../../../src/model/disks';
import { bytes, guestDetails, guestSummary } from '../../../src/model/guestDetails';
import type { VirtualMachine, VirtualMachineInstance } from '../../../src/model/objects';

describe('clone model', () => {
  it('names the clone after its source, avoiding taken names, and checks a typed name', () => {
    assert.equal(defaultCloneName('web-1', new Set()), 'web-1-clone');
    assert.equal(defaultCloneName('web-1', new Set(['web-1-clone', 'web-1-clone-2'])), 'web-1-clone-3');
    assert.equal(cloneTargetProblem('web-2', 'web-1', new Set(['web-1'])), undefined);
    assert.match(cloneTargetProblem('web-1', 'web-1', new Set()) ?? '', /other than its source/);
    assert.match(cloneTargetProblem('db-1', 'web-1', new Set(['db-1'])) ?? '', /already exists/);
    assert.match(cloneTargetProblem('Web_1', 'web-1', new Set()) ?? '', /lower-case/);
  });

  it('a clone manifest carries only the filters and MACs given', () => {
    const bare = cloneManifest({ namespace: 'team-a', source: 'web-1', target: 'web-2' }, 'c1');
    assert.deepEqual(bare.spec, { source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'web-1' }, target: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'web-2' } });
    const full = cloneManifest({ namespace: 'team-a', source: 'web-1', target: 'web-2', labelFilters: ['*', '!team'], annotationFilters: ['app*'], newMacAddresses: { default: '02:00:00:00:00:01' } }, 'c2');
    assert.deepEqual([full.spec?.labelFilters, full.spec?.annotationFilters, full.spec?.newMacAddresses], [['*', '!team'], ['app*'], { default: '02:00:00:00:00:01' }]);
  });

  it('a clone is done at Succeeded or Failed, with the phase in words meanwhile', () => {
    assert.deepEqual(cloneJudgement({ metadata: { name: 'c' }, status: { phase: 'RestoreInProgress' } }), { done: false, progress: 'Restoring the snapshot as the new VM' });
    assert.deepEqual(cloneJudgement({ metadata: { name: 'c' }, status: { phase: 'Succeeded' } }), { done: true, result: { outcome: 'ok' } });
    assert.deepEqual(cloneJudgement({ metadata: { name: 'c' }, status: { phase: 'Failed', conditions: [{ type: 'Ready', status: 'False', reason: 'snapshot s does not exist anymore' }] } }), { done: true, result: { outcome: 'failed', message: 'snapshot s does not exist anymore' } });
  });
});

describe('guest details model', () => {
  it('OS, users and filesystems in words, filesystems by mount point', () => {
    const details = guestDetails(
      { hostname: 'web-1', os: { prettyName: 'Fedora Linux 41 (Cloud Edition)', version: '41', kernelRelease: '6.11.4-301.fc41.x86_64' }, guestAgentVersion: '9.1.0' },
      [{ userName: 'fedora', loginTime: 1_776_000_000 }, { userName: 'admin', domain: 'CORP' }],
      [{ mountPoint: '/var', usedBytes: 512 * 1024 ** 2, totalBytes: 2 * 1024 ** 3, fileSystemType: 'xfs' }, { mountPoint: '/', usedBytes: 0, totalBytes: 0 }],
    );
    assert.equal(details.os, 'Fedora Linux 41 (Cloud Edition)');
    assert.equal(details.kernel, '6.11.4-301.fc41.x86_64');
    assert.deepEqual(details.users, [{ name: 'fedora', since: '2026-04-12T13:20:00.000Z' }, { name: 'CORP\\admin' }]);
    assert.deepEqual(details.filesystems.map((f) => [f.mountPoint, f.words]), [['/', 'size unknown'], ['/var', '512 MiB of 2.0 GiB used (25%)']]);
    assert.equal(bytes(10 * 1024 ** 3), '10 GiB');
  });

  it('the tooltip line: the reported OS, or that the agent is not connected', () => {
    const vmi = (conditions: string[]): VirtualMachineInstance => ({ metadata: { name: 'a' }, status: { phase: 'Running', conditions: conditions.map((type) => ({ type, status: 'True' })), guestOSInfo: { prettyName: 'Ubuntu 24.04', kernelRelease: '6.8.0' } } });
    assert.equal(guestSummary(vmi(['AgentConnected'])), 'Ubuntu 24.04, kernel 6.8.0');
    assert.equal(guestSummary(vmi([])), 'guest agent not connected');
    assert.equal(guestSummary(undefined), undefined);
  });
});

describe('disk model', () => {
  const vm: VirtualMachine = {
    metadata: { name: 'web-1' },
    spec: { template: { spec: { domain: { devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }, { name: 'iso', cdrom: { bus: 'sata' } }] } }, volumes: [{ name: 'root', dataVolume: { name: 'web-1-root' } }, { name: 'iso', containerDisk: { image: 'quay.io/iso:1' } }] } } },
  };
  const vmi: VirtualMachineInstance = {
    metadata: { name: 'web-1' },
    spec: { ...vm.spec!.template!.spec!, domain: { devices: { disks: [...vm.spec!.template!.spec!.domain!.devices!.disks!, { name: 'logs', disk: { bus: 'scsi' } }] } }, volumes: [...vm.spec!.template!.spec!.volumes!, { name: 'logs', persistentVolumeClaim: { claimName: 'logs', hotpluggable: true } }] },
    status: { phase: 'Running', volumeStatus: [{ name: 'root', target: 'vda' }, { name: 'logs', target: 'sda', phase: 'AttachedToNode', message: 'Created hotplug attachment pod hp-volume-x', hotplugVolume: { attachPodName: 'hp-volume-x' } }] },
  };

  it('lists the VMI’s disks with bus, source and hotplug phase; the template’s when stopped', () => {
    assert.deepEqual(diskRows(vm, vmi), [
      { name: 'root', type: 'disk', bus: 'virtio', source: 'DataVolume web-1-root', hotplugged: false, target: 'vda' },
      { name: 'iso', type: 'cdrom', bus: 'sata', source: 'containerDisk quay.io/iso:1', hotplugged: false },
      { name: 'logs', type: 'disk', bus: 'scsi', source: 'PVC logs', hotplugged: true, phase: 'AttachedToNode', message: 'Created hotplug attachment pod hp-volume-x', target: 'sda' },
    ]);
    assert.deepEqual(diskRows(vm, undefined).map((r) => r.name), ['root', 'iso']);
  });

  it('the addvolume body and when a hotplug is done', () => {
    assert.deepEqual(addVolumeBody({ name: 'logs', claim: 'logs', source: 'persistentVolumeClaim' }), { name: 'logs', disk: { name: 'logs', disk: { bus: 'scsi' } }, volumeSource: { persistentVolumeClaim: { claimName: 'logs', hotpluggable: true } } });
    assert.deepEqual(hotplugJudgement('add', 'logs', undefined, vmi), { done: false, progress: 'Created hotplug attachment pod hp-volume-x' });
    const ready = { ...vmi, status: { ...vmi.status, volumeStatus: [{ name: 'logs', target: 'sda', phase: 'Ready', hotplugVolume: {} }] } };
    assert.equal(hotplugJudgement('add', 'logs', undefined, ready).done, true);
    assert.equal(hotplugJudgement('remove', 'logs', undefined, ready).done, false);
    assert.equal(hotplugJudgement('add', 'root', vm, undefined).done, true);
  });
});
