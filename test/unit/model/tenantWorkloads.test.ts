import * as assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/model/kubeObject';
import { runtimeClassInfo } from '../../../src/model/runtimeClasses';
import { countsDescription, folderDescription, sortWorkloads } from '../../../src/model/tenantWorkloads';

const obj = (name: string, extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject => ({ metadata: { name, namespace: 'team-a', ...meta }, ...extra });
const launcher = (vmi: string, phase: string, suffix: string) =>
  obj(`virt-launcher-${vmi}-${suffix}`, { status: { phase } }, { labels: { 'kubevirt.io': 'virt-launcher' }, ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', name: vmi, uid: vmi }] });

describe('a tenant\'s workloads', () => {
  const classes = new Map([['kata-fc', runtimeClassInfo({ metadata: { name: 'kata-fc' }, handler: 'kata-fc' })]]);
  const w = sortWorkloads(
    [obj('web'), obj('db')],
    [obj('web'), obj('scratch')],
    [launcher('web', 'Succeeded', 'old'), launcher('web', 'Running', 'new'), launcher('scratch', 'Running', 'x'), obj('fc-pod', { spec: { runtimeClassName: 'kata-fc' } }), obj('nginx'), obj('api')],
    classes,
  );

  it('lists VMs with their VMI and running launcher, then VMIs without a VM', () => {
    assert.deepEqual(w.vms.map((e) => `${e.kind}:${e.object.metadata.name}`), ['VirtualMachine:db', 'VirtualMachineInstance:scratch', 'VirtualMachine:web']);
    const web = w.vms.find((e) => e.object.metadata.name === 'web');
    assert.equal(web?.vmi?.metadata.name, 'web');
    assert.equal(web?.launcher?.metadata.name, 'virt-launcher-web-new');
    assert.equal(w.vms.find((e) => e.object.metadata.name === 'db')?.vmi, undefined);
  });

  it('keeps launcher pods out of the pod folders and splits microVMs from containers', () => {
    assert.deepEqual(w.microvms.map((p) => p.metadata.name), ['fc-pod']);
    assert.deepEqual(w.containers.map((p) => p.metadata.name), ['api', 'nginx']);
  });

  it('summarises counts, leaving out zeros', () => {
    assert.equal(countsDescription(w), '3 VMs · 1 microVM · 2 containers');
    assert.equal(countsDescription(sortWorkloads([], [], [obj('a')], classes)), '1 container');
    assert.equal(countsDescription(sortWorkloads([], [], [], classes)), '');
  });

  describe('with workloads in trouble', () => {
    const vmIn = (name: string, printableStatus: string) => obj(name, { status: { printableStatus } });
    const crashing = obj('api', { status: { phase: 'Running', containerStatuses: [{ name: 'api', state: { waiting: { reason: 'CrashLoopBackOff' } } }] } });
    const gvisor = obj('sandbox', { spec: { runtimeClassName: 'gvisor' }, status: { phase: 'Running' } });
    const all = (order?: 'failingFirst') =>
      sortWorkloads([vmIn('alpha', 'Running'), vmIn('bravo', 'ErrorUnschedulable'), vmIn('charlie', 'Stopped'), vmIn('delta', 'ErrImagePull')], [], [obj('web', { status: { phase: 'Running' } }), crashing, gvisor], classes, order);

    it('leads the counts with what is failing, and counts gVisor pods as sandboxed', () => {
      assert.equal(countsDescription(all()), '3 failing · 4 VMs · 1 sandboxed · 2 containers');
      assert.equal(folderDescription(all(), 'vms'), '2 of 4 failing');
      assert.equal(folderDescription(all(), 'sandboxed'), '1');
    });

    it('sorts failing workloads first when asked, by name otherwise', () => {
      assert.deepEqual(all().vms.map((e) => e.object.metadata.name), ['alpha', 'bravo', 'charlie', 'delta']);
      assert.deepEqual(all('failingFirst').vms.map((e) => e.object.metadata.name), ['bravo', 'delta', 'alpha', 'charlie']);
      assert.deepEqual(all('failingFirst').containers.map((p) => p.metadata.name), ['api', 'web']);
    });
  });
});
