// Diagnose VM against the KubeVirt simulation (in-process, and on a real API server in the real layer): an
// unschedulable VM says why, a VM with a missing claim says which, a healthy one says nothing is wrong, and what a
// developer may not read is named as unknown.
import * as assert from 'node:assert/strict';
import { diagnoseVm } from '../../../src/cluster/diagnosis';
import type { KubeHttp } from '../../../src/cluster/kubeHttp';
import { kubevirtPath } from '../../../src/cluster/kubevirtPaths';
import { diagnosisMarkdown } from '../../../src/model/diagnosis';
import type { VirtualMachine } from '../../../src/model/objects';
import { eventually, NS, startOpsLab, TOKENS, vm, type Lab } from './opsEnv';

describe('Diagnose VM', function () {
  this.timeout(60_000);
  let lab: Lab;
  let http: KubeHttp;
  const status = async (name: string) => (await http.find<VirtualMachine>(kubevirtPath('virtualmachines', NS, name)))?.status?.printableStatus;

  before(async () => {
    const stuck = vm('stuck-1', { runStrategy: 'Always' });
    (stuck.spec as { template: { spec: Record<string, unknown> } }).template.spec.nodeSelector = { 'kubernetes.io/hostname': 'nowhere' };
    const claimless = vm('claimless-1', { runStrategy: 'Always' });
    (claimless.spec as { template: { spec: { volumes: unknown[]; domain: { devices: { disks: unknown[] } } } } }).template.spec.volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'missing-claim' } });
    (claimless.spec as { template: { spec: { domain: { devices: { disks: unknown[] } } } } }).template.spec.domain.devices.disks.push({ name: 'data', disk: { bus: 'virtio' } });
    lab = await startOpsLab([stuck, claimless, vm('fine-1', { runStrategy: 'Always' })]);
    http = lab.client('lab');
    await eventually('stuck-1 to be unschedulable', async () => ((await status('stuck-1')) === 'ErrorUnschedulable' ? true : undefined), 20_000);
    await eventually('claimless-1 to miss its claim', async () => ((await status('claimless-1')) === 'ErrorPvcNotFound' ? true : undefined), 20_000);
    await eventually('fine-1 to run', async () => ((await status('fine-1')) === 'Running' ? true : undefined), 20_000);
  });
  after(() => lab?.stop());

  it('an unschedulable VM: the answer says it cannot be scheduled, with the scheduler’s words and what to check', async () => {
    const report = await diagnoseVm(http, NS, 'stuck-1');
    assert.equal(report.status, 'ErrorUnschedulable');
    assert.match(report.summary, /cannot be scheduled/);
    const finding = report.findings.find((f) => /cannot be scheduled/.test(f.title))!;
    assert.equal(finding.severity, 'error');
    assert.match(finding.detail ?? '', /node\(s\) didn't match|affinity|selector/i);
    assert.match(finding.advice ?? '', /nodeSelector/);
    const markdown = diagnosisMarkdown(report, 'lab · team-a');
    assert.match(markdown, /^# Diagnosis of stuck-1/);
    assert.match(markdown, /## Error: The VM cannot be scheduled/);
    assert.match(markdown, /\*\*Next:\*\* /);
  });

  it('a VM whose claim does not exist names the claim', async () => {
    const report = await diagnoseVm(http, NS, 'claimless-1');
    assert.ok(report.findings.some((f) => f.subject === 'PersistentVolumeClaim missing-claim' && f.severity === 'error'), JSON.stringify(report.findings, null, 1));
  });

  it('a healthy running VM: nothing wrong, only notes', async () => {
    const report = await diagnoseVm(http, NS, 'fine-1');
    assert.ok(report.findings.every((f) => f.severity === 'info'), JSON.stringify(report.findings, null, 1));
    assert.match(report.summary, /fine-1 is Running and nothing looks wrong/);
  });

  it('what a developer may not read is named as unknown, and the answer never says "nothing wrong"', async () => {
    const report = await diagnoseVm(lab.client('lab', TOKENS.dev), NS, 'fine-1');
    assert.ok(report.findings.some((f) => f.subject === 'Access' && /PersistentVolumeClaims \(forbidden\)/.test(f.title)), JSON.stringify(report.findings, null, 1));
    assert.doesNotMatch(report.summary, /nothing looks wrong/);
  });
});
