import * as assert from 'node:assert/strict';
import { diagnose, diagnosisMarkdown, type DiagnosisInput } from '../../../src/model/diagnosis';
import type { Pod, VirtualMachine } from '../../../src/model/objects';

const vm = (printableStatus: string, volumes: NonNullable<NonNullable<NonNullable<VirtualMachine['spec']>['template']>['spec']>['volumes'] = []): VirtualMachine => ({
  metadata: { name: 'web-1', namespace: 'team-a' },
  spec: { runStrategy: 'Always', template: { spec: { volumes } } },
  status: { printableStatus },
});
const base = (over: Partial<DiagnosisInput>): DiagnosisInput => ({ pods: [], dataVolumes: [], pvcs: [], events: [], ...over });
const launcher = (containerStatuses: NonNullable<Pod['status']>['containerStatuses']): Pod => ({ metadata: { name: 'virt-launcher-web-1-abcde', creationTimestamp: '2026-04-12T10:00:00Z' }, status: { phase: 'Pending', containerStatuses } });

describe('Diagnose VM rules', () => {
  it('an image that cannot be pulled: the error, the kubelet’s words and what to check', () => {
    const d = diagnose(base({ vm: vm('ErrImagePull'), pods: [launcher([{ name: 'compute', image: 'quay.io/nope:1', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "quay.io/nope:1"' } } }])] }));
    assert.equal(d.summary, 'Pod virt-launcher-web-1-abcde: Container compute cannot pull its image (ImagePullBackOff).');
    assert.match(d.findings[0].advice ?? '', /pull secret/);
    assert.equal(d.findings[0].detail, 'Back-off pulling image "quay.io/nope:1"');
  });

  it('a launcher killed for memory: its last termination, and the advice to raise the overhead', () => {
    const d = diagnose(base({ vm: vm('CrashLoopBackOff'), pods: [launcher([{ name: 'compute', image: 'quay.io/kubevirt/virt-launcher', imageID: '', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: '2026-04-12T10:05:00Z' } } }])] }));
    assert.deepEqual(d.findings.map((f) => [f.severity, f.title]), [
      ['error', 'Container compute keeps crashing (CrashLoopBackOff, 4 restarts).'],
      ['error', 'Container compute last ended: OOMKilled, exit code 137, at 2026-04-12T10:05:00Z.'],
    ]);
    assert.match(d.findings[1].advice ?? '', /memory overhead/);
  });

  it('volumes: a failed import, an unbound claim, a missing claim', () => {
    const d = diagnose(base({
      vm: vm('DataVolumeError', [{ name: 'root', dataVolume: { name: 'root-dv' } }, { name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 'gone', persistentVolumeClaim: { claimName: 'gone' } }]),
      dataVolumes: [{ metadata: { name: 'root-dv' }, status: { phase: 'ImportInProgress', restartCount: 3, conditions: [{ type: 'Running', status: 'False', reason: 'ImportFailed', message: 'Unable to connect to http data source: 404 Not Found' }] } }],
      pvcs: [{ metadata: { name: 'root-dv' }, status: { phase: 'Bound' } }, { metadata: { name: 'data' }, spec: { storageClassName: 'local-wffc' }, status: { phase: 'Pending' } }],
    }));
    const bySubject = new Map(d.findings.map((f) => [f.subject, f]));
    assert.equal(bySubject.get('DataVolume root-dv')?.severity, 'error');
    assert.equal(bySubject.get('DataVolume root-dv')?.detail, 'Unable to connect to http data source: 404 Not Found');
    assert.equal(bySubject.get('PersistentVolumeClaim data')?.title, 'The PVC is not bound (storage class local-wffc).');
    assert.equal(bySubject.get('PersistentVolumeClaim gone')?.title, 'The PVC does not exist.');
    assert.ok(!bySubject.has('PersistentVolumeClaim root-dv'));
  });

  it('Warning events, newest first, once per reason and message; Normal ones left out', () => {
    const event = (name: string, type: string, reason: string, message: string, last: string, count = 1) => ({ metadata: { name }, involvedObject: { kind: 'VirtualMachineInstance', name: 'web-1' }, type, reason, message, lastTimestamp: last, count });
    const d = diagnose(base({ vm: vm('Running'), events: [event('a', 'Warning', 'FailedScheduling', '0/3 nodes', '2026-04-12T10:00:00Z', 5), event('b', 'Warning', 'FailedScheduling', '0/3 nodes', '2026-04-12T09:00:00Z'), event('c', 'Normal', 'Created', 'ok', '2026-04-12T11:00:00Z'), event('d', 'Warning', 'SyncFailed', 'x', '2026-04-12T10:30:00Z')] }));
    assert.deepEqual(d.findings.map((f) => f.title), ['Warning event SyncFailed, last at 2026-04-12T10:30:00Z.', 'Warning event FailedScheduling (5 times), last at 2026-04-12T10:00:00Z.']);
  });

  it('RestartRequired and a stopped Halted VM are said with what to do', () => {
    const pending = { ...vm('Running'), status: { printableStatus: 'Running', conditions: [{ type: 'RestartRequired', status: 'True', message: 'cpu changed' }] } };
    assert.equal(diagnose(base({ vm: pending })).findings[0].advice, 'Restart to Apply when convenient.');
    const stopped = { ...vm('Stopped'), spec: { runStrategy: 'Halted' } };
    const d = diagnose(base({ vm: stopped }));
    assert.deepEqual(d.findings.map((f) => [f.severity, f.title, f.advice]), [['info', 'The VM is stopped (run strategy Halted).', 'Start it.']]);
    assert.equal(d.summary, 'web-1 is Stopped; nothing wrong was found.');
  });

  it('the Markdown report escapes server text', () => {
    const d = diagnose(base({ vm: vm('ErrImagePull'), pods: [launcher([{ name: 'compute', image: 'quay.io/nope:1', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull', message: 'pull [x](http://evil) <b>*' } } }])] }));
    const md = diagnosisMarkdown(d, 'prod-east · team-a');
    assert.ok(md.includes('> pull \\[x\\](http\\://evil) \\<b\\>\\*'), md);
    assert.doesNotMatch(md, /<b>/);
  });
});
