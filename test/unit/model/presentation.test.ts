import * as assert from 'node:assert/strict';
import type { Pod, VirtualMachine, VirtualMachineInstance } from '../../../src/model/objects';
import { runtimeClassInfo, type RuntimeClassInfo } from '../../../src/model/runtimeClasses';
import { clusterTooltip } from '../../../src/model/clusterTooltip';
import { progressMessage, progressTitle } from '../../../src/model/actionWords';
import { presentPod, presentVm, presentVmi } from '../../../src/model/presentation';
import { launcherVmiName, podCategory, podStatus } from '../../../src/model/workloads';

const now = Date.parse('2026-11-22T12:00:00Z');
const created = '2026-11-19T08:00:00Z';

describe('VM presentation', () => {
  const vm: VirtualMachine = {
    metadata: { name: 'web-1', namespace: 'team-a', creationTimestamp: created },
    spec: { runStrategy: 'Always', instancetype: { name: 'u1.medium', kind: 'VirtualMachineClusterInstancetype' }, preference: { name: 'fedora' } },
    status: { printableStatus: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'AgentConnected', status: 'True' }] },
  };
  const vmi: VirtualMachineInstance = {
    metadata: { name: 'web-1', namespace: 'team-a' },
    status: {
      phase: 'Running', nodeName: 'worker-2', interfaces: [{ name: 'default', ipAddress: '10.244.2.7/24' }], conditions: [{ type: 'AgentConnected', status: 'True' }],
      guestOSInfo: { prettyName: 'Fedora Linux 40 (Cloud Edition)', kernelRelease: '6.8.5-301.fc40.x86_64' },
    },
  };
  const launcher: Pod = { metadata: { name: 'virt-launcher-web-1-x7k2p', namespace: 'team-a' } };

  it('describes a running VM as status · node · IP with menu tokens', () => {
    const p = presentVm(vm, vmi, launcher, now);
    assert.equal(p.label, 'web-1');
    assert.equal(p.description, 'Running · worker-2 · 10.244.2.7');
    assert.equal(p.group, 'running');
    assert.equal(p.contextValue, 'kind:vm status:Running group:running has:vmi');
  });

  it('puts run strategy, instancetype, preference, guest OS, conditions, age and launcher pod in the tooltip', () => {
    const t = presentVm(vm, vmi, launcher, now).tooltip;
    for (const expected of ['| Run strategy | Always |', '| Instancetype | u1.medium (VirtualMachineClusterInstancetype) |', '| Preference | fedora |',
      '| Guest | Fedora Linux 40 (Cloud Edition), kernel 6.8.5-301.fc40.x86\\_64 |', '| Conditions | Ready ✓, AgentConnected ✓ |', '| Age | 3d4h |', '| Launcher pod | virt-launcher-web-1-x7k2p |']) {
      assert.ok(t.includes(expected), `missing ${expected} in\n${t}`);
    }
  });

  it('explains an error status with its condition in the row and on the first tooltip line', () => {
    const broken: VirtualMachine = { ...vm, status: { printableStatus: 'ErrorUnschedulable', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' }] } };
    const p = presentVm(broken, undefined, undefined, now);
    assert.equal(p.group, 'error');
    assert.equal(p.description, 'ErrorUnschedulable · 0/3 nodes are available: 3 Insufficient memory');
    assert.equal(p.tooltip.split('\n')[0], '**web-1** · ErrorUnschedulable — Unschedulable: 0/3 nodes are available: 3 Insufficient memory.');
  });

  it('drops the IP and node of a stopped VM whose VMI lingers, and shows none without a VMI', () => {
    const stopped = presentVm({ ...vm, status: { printableStatus: 'Stopped' } }, undefined, undefined, now);
    assert.equal(stopped.description, 'Stopped');
    assert.equal(stopped.contextValue, 'kind:vm status:Stopped group:stopped');
    const lingering = presentVm({ ...vm, status: { printableStatus: 'Stopped' } }, { ...vmi, status: { ...vmi.status, phase: 'Succeeded' } }, launcher, now);
    assert.equal(lingering.description, 'Stopped');
    assert.doesNotMatch(lingering.tooltip, /10\.244|worker-2|virt-launcher/);
  });

  it('renders every server-controlled text inert: no HTML, links, code or table breaks from names, conditions or the guest', () => {
    const hostile = '<img src=x onerror=alert(1)> [click](https://evil.example/x) `code` **bold** | cell\nnext';
    const p = presentVm(
      {
        ...vm,
        spec: { ...vm.spec, instancetype: { name: hostile, kind: 'VirtualMachineInstancetype' }, preference: { name: '<b>pref</b>' } },
        status: { printableStatus: 'ErrorUnschedulable', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: hostile }] },
      },
      { ...vmi, status: { ...vmi.status, guestOSInfo: { prettyName: hostile } } },
      launcher,
      now,
    );
    for (const line of p.tooltip.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| |'))) {
      assert.equal(line.split(/(?<!\\)\|/).length, 4, `a row stays two cells: ${line}`);
    }
    assert.doesNotMatch(p.tooltip, /(?<!\\)<(img|b)\b/, 'no raw HTML tag');
    assert.doesNotMatch(p.tooltip, /(?<!\\)\[click(?<!\\)\]\(/, 'no link');
    assert.doesNotMatch(p.tooltip, /https:\/\//, 'no autolink');
    assert.doesNotMatch(p.tooltip, /(?<!\\)`code/, 'no code span');
    assert.doesNotMatch(p.tooltip, /(?<!\\)\*\*bold/, 'no emphasis');
    assert.match(p.tooltip, /\\<img src=x onerror=alert\(1\)\\> \\\[click\\\]/);
  });

  it('shows where a migrating VM goes, with the migration’s phase and mode, and its elapsed time in the tooltip', () => {
    const moving = { ...vmi, status: { ...vmi.status, migrationState: { sourceNode: 'worker-2', targetNode: 'worker-3', mode: 'PreCopy', startTimestamp: '2026-11-22T11:59:18Z' } } };
    const p = presentVm({ ...vm, status: { printableStatus: 'Migrating' } }, moving, launcher, now);
    assert.equal(p.description, 'Migrating · Copying memory · pre-copy · worker-2 → worker-3');
    assert.ok(p.tooltip.includes('| Migration | Copying memory · pre-copy · 42s · worker-2 → worker-3 |'), p.tooltip);
  });

  it('says in words that a pending change waits for a restart, and says when the guest agent is not connected', () => {
    const pending: VirtualMachine = { ...vm, status: { printableStatus: 'Running', conditions: [{ type: 'RestartRequired', status: 'True', message: 'a non-live-updatable field was changed in the template spec' }] } };
    const noAgent = { ...vmi, status: { ...vmi.status, conditions: [] } };
    const p = presentVm(pending, noAgent, launcher, now);
    assert.equal(p.description, 'Running · restart required · worker-2 · 10.244.2.7');
    assert.match(p.contextValue, /\brestartRequired\b/);
    assert.ok(p.tooltip.includes('| Pending change | restart required: a non-live-updatable field was changed in the template spec |'), p.tooltip);
    assert.ok(p.tooltip.includes('| Guest | guest agent not connected |'), p.tooltip);
  });

  it('marks a VMI without a VM as standalone', () => {
    const p = presentVmi({ ...vmi, status: { ...vmi.status, conditions: [{ type: 'Paused', status: 'True' }] } }, undefined, now);
    assert.equal(p.description, 'Paused · standalone VMI · worker-2 · 10.244.2.7');
    assert.equal(p.contextValue, 'kind:vmi status:Paused group:paused standalone');
    assert.match(p.tooltip, /cannot be started, stopped or restarted/);
  });
});

describe('pod presentation and categories', () => {
  const classes = new Map<string, RuntimeClassInfo>([
    ['kata-fc', runtimeClassInfo({ metadata: { name: 'kata-fc' }, handler: 'kata-fc', overhead: { podFixed: { memory: '130Mi', cpu: '250m' } } })],
    ['gvisor', runtimeClassInfo({ metadata: { name: 'gvisor' }, handler: 'runsc' })],
  ]);
  const pod = (name: string, extra: Partial<Pod> = {}): Pod => ({ metadata: { name, namespace: 'team-a' }, status: { phase: 'Running' }, ...extra });

  it('shows a pod phase first, then its runtime; files gVisor pods as sandboxed, not as microVMs', () => {
    const fc = pod('fc', { spec: { runtimeClassName: 'kata-fc', nodeName: 'worker-1', overhead: { memory: '130Mi', cpu: '250m' } } });
    const p = presentPod(fc, classes, now);
    assert.equal(p.description, 'Running · Kata Firecracker · worker-1');
    assert.equal(p.contextValue, 'kind:pod status:Running group:running isolation:microvm');
    assert.ok(p.tooltip.includes('| Overhead | memory 130Mi, cpu 250m |'), p.tooltip);
    assert.ok(p.tooltip.includes('| Handler | kata-fc |'));
    assert.equal(podCategory(fc, classes), 'microvm');
    assert.equal(podCategory(pod('g', { spec: { runtimeClassName: 'gvisor' } }), classes), 'sandboxed');
    const gvisor = presentPod(pod('g', { spec: { runtimeClassName: 'gvisor' } }), classes, now);
    assert.equal(gvisor.description, 'Running · gVisor');
    assert.equal(gvisor.contextValue, 'kind:pod status:Running group:running isolation:sandbox');
    assert.match(gvisor.tooltip, /sandboxed by a user-space kernel \(not a VM\)/);
    assert.equal(podCategory(pod('plain'), classes), 'container');
    const launcher = pod('virt-launcher-web-1-abcde', { metadata: { name: 'virt-launcher-web-1-abcde', labels: { 'kubevirt.io': 'virt-launcher' }, ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', name: 'web-1', uid: 'u' }] } });
    assert.equal(podCategory(launcher, classes), 'launcher');
    assert.equal(launcherVmiName(launcher), 'web-1');
  });

  it('infers the handler from the class name when RuntimeClasses are not readable', () => {
    assert.equal(presentPod(pod('q', { spec: { runtimeClassName: 'kata-qemu' } }), new Map(), now).description, 'Running · Kata QEMU');
  });

  it("shortens a Deployment pod's name by its template hash; the tooltip keeps the whole name", () => {
    const generated = pod('web-frontend-7d9f8b6c5d-x2k4p', { metadata: { name: 'web-frontend-7d9f8b6c5d-x2k4p', namespace: 'team-a', labels: { 'pod-template-hash': '7d9f8b6c5d' } } });
    const p = presentPod(generated, classes, now);
    assert.equal(p.label, 'web-frontend-…-x2k4p');
    assert.match(p.tooltip, /^\*\*web-frontend-7d9f8b6c5d-x2k4p\*\* · Running/);
    assert.equal(presentPod(pod('db-0'), classes, now).label, 'db-0');
  });

  it('shows a container waiting reason as the status, as kubectl does', () => {
    const failing = pod('crash', { status: { phase: 'Running', containerStatuses: [{ name: 'app', image: 'app', imageID: '', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } }] } });
    assert.equal(podStatus(failing), 'CrashLoopBackOff');
    assert.equal(presentPod(failing, classes, now).group, 'error');
    assert.equal(presentPod(pod('p', { status: { phase: 'Pending' } }), classes, now).group, 'transitional');
  });
});

describe('cluster tooltip', () => {
  it('escapes the state reason, versions, runtime classes and kubeconfig warnings, and needs no HTML', () => {
    const t = clusterTooltip({
      context: 'prod_*east*',
      state: 'Error',
      reason: 'InternalError (500): <script>x</script> [login](https://phish.example) | more',
      server: 'https://prod:6443',
      user: 'admin',
      warnings: ['user "admin" is also defined in home.yaml'],
      serverVersion: 'v1.33.1<br>',
      kubevirt: { installed: true, version: '`v1.5.0`', subresources: true },
      capsule: { installed: false },
      runtimeClasses: [runtimeClassInfo({ metadata: { name: 'kata<i>' }, handler: 'kata-qemu' })],
      discovered: true,
    });
    assert.doesNotMatch(t, /(?<!\\)<(script|br|i)\b/);
    assert.doesNotMatch(t, /(?<!\\)\[login(?<!\\)\]\(/);
    assert.doesNotMatch(t, /https:\/\//);
    assert.match(t, /^\*\*prod\\_\\\*east\\\*\*\* · Error$/m);
    assert.match(t, /\| Warning \| user "admin" is also defined in home\.yaml \|/);
    assert.match(t, /\| Runtime classes \| kata\\<i\\> → Kata QEMU \(microVM\) \|/);
  });
});

describe('action progress in words', () => {
  it('names what happens, to which VM and on which cluster; the status is where it is now, not an outcome', () => {
    assert.equal(progressTitle('stop', 'tenant-alpha/web-frontend-1', 'prod-east'), 'Stopping tenant-alpha/web-frontend-1 on prod-east');
    assert.equal(progressTitle('cancelMigration', 'tenant-alpha/db', 'prod-east'), 'Cancelling the migration of tenant-alpha/db on prod-east');
    assert.equal(progressMessage('Running'), 'currently Running');
    assert.equal(progressMessage(undefined), undefined);
  });
});
