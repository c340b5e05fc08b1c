import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { capacityChecks } from '../../../src/model/guardrails/capacity';
import { known } from '../../../src/model/guardrails/known';
import type { TenantSnapshot } from '../../../src/model/guardrails/snapshot';
import { estimatedOverhead, runningLaunchers } from '../../../src/model/guardrails/vmLaunchers';
import { fixtureDocuments, fixtureFiles, fixturesDir } from '../fixtures';
import {
  FULL_HARD, NS, RUNTIME_CLASSES, find, forbidden, hardenedSnapshot, kataPod, launcher, namespaceSnapshot, pod, quota, runtimeClass, vm, vmi,
} from './builders';

const checks = (s: TenantSnapshot) => capacityChecks(s);
const MI = 2 ** 20;

describe('sandbox RuntimeClasses declare their overhead', () => {
  it('passes when every class in use declares podFixed', () => {
    const c = find(checks(hardenedSnapshot()), 'runtimeclass-overhead');
    assert.equal(c.verdict, 'pass');
    assert.equal(c.why, 'kata-fc (memory 130Mi, cpu 250m) declares its overhead');
  });

  it('fails a Kata class without overhead and warns on a gVisor one', () => {
    const classes = known([runtimeClass('kata-fc', 'kata-fc'), runtimeClass('gvisor', 'runsc')]);
    const pods = known([kataPod('web', 'kata-fc', null), pod('gv', (s) => { s.runtimeClassName = 'gvisor'; })]);
    const c = find(checks(hardenedSnapshot({ runtimeClasses: classes, namespaces: [namespaceSnapshot(NS, { pods })] })), 'runtimeclass-overhead');
    assert.equal(c.verdict, 'fail');
    assert.match(c.why, /RuntimeClass kata-fc declares no memory overhead, so each microVM's guest kernel and VMM go uncounted/);
    const gvisorOnly = find(checks(hardenedSnapshot({ runtimeClasses: classes, namespaces: [namespaceSnapshot(NS, { pods: known([pod('gv', (s) => { s.runtimeClassName = 'gvisor'; })]) })] })), 'runtimeclass-overhead');
    assert.equal(gvisorOnly.verdict, 'warn');
  });

  it('is unknown when RuntimeClasses in use cannot be read', () => {
    const c = find(checks(hardenedSnapshot({ runtimeClasses: forbidden('list', 'runtimeclasses.node.k8s.io') })), 'runtimeclass-overhead');
    assert.equal(c.verdict, 'unknown');
    assert.match(c.why, /kata-fc in use, but RuntimeClasses cannot be read/);
  });

  it("judges kata-deploy's and gVisor's own RuntimeClasses when the shared fixtures are present", function () {
    if (!fs.existsSync(`${fixturesDir}/kata`)) this.skip();
    const classes = fixtureFiles('kata').flatMap(fixtureDocuments).filter((d) => d.kind === 'RuntimeClass') as unknown as typeof RUNTIME_CLASSES;
    const names = [...new Set(classes.map((c) => c.metadata.name))];
    const pods = known(names.map((n) => pod(`p-${n}`, (s) => { s.runtimeClassName = n; })));
    const c = find(checks(hardenedSnapshot({ runtimeClasses: known(classes), namespaces: [namespaceSnapshot(NS, { pods })] })), 'runtimeclass-overhead');
    // kata-deploy declares overhead on every Kata class; gVisor's quick start declares none.
    assert.equal(c.verdict, 'warn');
    assert.match(c.why, /^RuntimeClass gvisor declares no memory overhead/);
  });
});

describe('sandboxed pods carry their overhead', () => {
  it('passes admitted Kata pods and warns on one admitted without overhead', () => {
    assert.equal(find(checks(hardenedSnapshot()), 'pod-overhead').verdict, 'pass');
    const c = find(checks(hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { pods: known([kataPod('old-web', 'kata-qemu', null)]) })] })), 'pod-overhead');
    assert.equal(c.verdict, 'warn');
    assert.match(c.why, /1 pod in team-a carries no overhead from kata-qemu: old-web/);
  });

  it('is unknown when pods cannot be read', () => {
    assert.equal(find(checks(hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { pods: forbidden('list', 'pods', NS) })] })), 'pod-overhead').verdict, 'unknown');
  });
});

describe('room to live-migrate the largest VM', () => {
  it('passes when the quota has a second launcher to spare', () => {
    const c = find(checks(hardenedSnapshot()), 'migration-headroom');
    assert.equal(c.verdict, 'pass');
    assert.equal(c.why, 'team-a: the quota has room to migrate its largest VM db (2354Mi = 2Gi guest + 306Mi overhead)');
  });

  it('warns when the largest VM could not migrate within quota, naming what is short', () => {
    const tight = quota('tenant-quota', { ...FULL_HARD, 'requests.memory': '6Gi', 'limits.memory': '6Gi' }, { 'requests.memory': '4996Mi', 'limits.memory': '5508Mi', 'requests.cpu': '950m', 'limits.cpu': '1450m', pods: '3' });
    const c = find(checks(hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { resourceQuotas: known([tight]) })] })), 'migration-headroom');
    assert.equal(c.verdict, 'warn');
    assert.equal(c.why, 'team-a: VM db (2354Mi = 2Gi guest + 306Mi overhead) could not live-migrate within quota: requests.memory 2354Mi needed, 1148Mi left in tenant-quota and limits.memory 2354Mi needed, 636Mi left in tenant-quota');
    assert.deepEqual(c.fixes, [{ kind: 'resourceQuota', namespace: NS, keys: ['requests.memory', 'limits.memory'], quota: 'tenant-quota' }]);
  });

  it('counts a full pods quota as no room', () => {
    const full = quota('tenant-quota', { ...FULL_HARD, pods: '3' }, { pods: '3', 'requests.memory': '0', 'limits.memory': '0', 'requests.cpu': '0', 'limits.cpu': '0' });
    assert.match(find(checks(hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { resourceQuotas: known([full]) })] })), 'migration-headroom').why, /pods 1 needed, 0 left/);
  });

  it("estimates the launcher from the VMI, as KubeVirt adds up its overhead, when pods are unreadable", () => {
    // 2Gi guest, 2 vCPUs: 220Mi fixed + 4Mi page tables + 16Mi vCPUs + 8Mi IO thread + 32Mi video = 280Mi.
    assert.equal(estimatedOverhead(vmi('db')), 280 * MI);
    const [size] = runningLaunchers([vmi('db')], undefined);
    assert.equal(size.estimated, true);
    assert.equal(size.amounts['requests.memory'], 2048 * MI + 280 * MI);
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { pods: forbidden('list', 'pods', NS) })] });
    assert.match(find(checks(s), 'migration-headroom').why, /2328Mi = 2Gi guest \+ 280Mi overhead, estimated/);
  });

  it('passes with no running VM (a stopped one holds no launcher)', () => {
    const s = hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { virtualMachines: known([vm('db')]), virtualMachineInstances: known([vmi('db', '2Gi', 'Succeeded')]), pods: known([pod('api'), launcher('db')]) })] });
    assert.equal(find(checks(s), 'migration-headroom').why, 'team-a: no running VM');
  });

  it('is unknown when VMIs cannot be read, or the quota has no status and pods are unreadable', () => {
    assert.equal(find(checks(hardenedSnapshot({ namespaces: [namespaceSnapshot(NS, { virtualMachineInstances: forbidden('list', 'virtualmachineinstances.kubevirt.io', NS) })] })), 'migration-headroom').verdict, 'unknown');
    const noStatus = namespaceSnapshot(NS, { resourceQuotas: known([quota('tenant-quota', FULL_HARD)]), pods: forbidden('list', 'pods', NS) });
    const c = find(checks(hardenedSnapshot({ namespaces: [noStatus] })), 'migration-headroom');
    assert.equal(c.verdict, 'unknown');
    assert.match(c.why, /cannot tell how much of tenant-quota is used/);
  });
});
