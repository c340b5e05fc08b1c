import * as assert from 'node:assert/strict';
import type { LifecycleAction } from '../../../src/model/actions';
import { advance, beginWait, observation, targetStatus, type Observation, type WaitProgress } from '../../../src/model/waitTarget';

const obs = (status: string, extra: Partial<Observation> = {}): Observation => ({ exists: true, status, vmiUid: 'u1', vmiNode: 'node-1', ...extra });

function run(action: LifecycleAction, baseline: Observation, ...steps: Observation[]): WaitProgress {
  return steps.reduce((p, o) => advance(p, o), beginWait(action, baseline));
}

describe('wait targets', () => {
  it('names the status each action aims for', () => {
    assert.deepEqual(
      (['start', 'stop', 'forceStop', 'pause', 'unpause', 'restart', 'migrate', 'cancelMigration', 'delete', 'softReboot'] as const).map((a) => targetStatus(a)),
      ['Running', 'Stopped', 'Stopped', 'Paused', 'Running', 'Running', 'Running', 'Running', 'Deleted', undefined],
    );
    assert.equal(targetStatus('start', true), 'Paused');
  });

  it('start: reached at Running, through Starting', () => {
    const p = run('start', obs('Stopped', { vmiUid: undefined }), obs('Starting'), obs('Running'));
    assert.equal(p.verdict, 'reached');
    assert.equal(p.status, 'Running');
  });

  it('start: an error status it lands in is the verdict, and says which', () => {
    const p = run('start', obs('Stopped'), obs('Starting'), obs('ErrorUnschedulable'));
    assert.equal(p.verdict, 'error');
    assert.equal(p.status, 'ErrorUnschedulable');
    assert.match(p.reason ?? '', /ErrorUnschedulable/);
  });

  it('stop: an error status on the way does not end the wait', () => {
    const p = run('stop', obs('ErrorUnschedulable'), obs('Stopping'), obs('CrashLoopBackOff'));
    assert.equal(p.verdict, 'pending');
    assert.equal(advance(p, obs('Stopped')).verdict, 'reached');
  });

  it('restart: Running again counts only after leaving Running or with a new VMI', () => {
    assert.equal(run('restart', obs('Running'), obs('Running')).verdict, 'pending');
    assert.equal(run('restart', obs('Running'), obs('Stopping'), obs('Starting'), obs('Running', { vmiUid: 'u2' })).verdict, 'reached');
    assert.equal(run('restart', obs('Running'), obs('Running', { vmiUid: 'u2', vmiPhase: 'Scheduling' })).verdict, 'pending');
    assert.equal(run('restart', obs('Running'), obs('Running', { vmiUid: 'u2', vmiPhase: 'Running' })).verdict, 'reached');
  });

  it('migrate: Running on another node, or a new migration completed; a failed one is an error', () => {
    const before = obs('Running', { migration: { uid: 'm0', completed: true } });
    assert.equal(run('migrate', before, obs('Migrating'), obs('Running', { migration: { uid: 'm0', completed: true } })).verdict, 'pending');
    assert.equal(run('migrate', before, obs('Migrating'), obs('Running', { vmiNode: 'node-2' })).verdict, 'reached');
    assert.equal(run('migrate', before, obs('Running', { migration: { uid: 'm1', completed: true } })).verdict, 'reached');
    assert.equal(run('migrate', before, obs('Running', { migration: { uid: 'm1', completed: true, failed: true } })).verdict, 'error');
  });

  it('delete: reached when the object is gone; other actions fail when it disappears', () => {
    assert.equal(run('delete', obs('Running'), obs('Terminating'), { exists: false }).verdict, 'reached');
    assert.equal(run('pause', obs('Running'), { exists: false }).verdict, 'error');
  });

  it('soft reboot has nothing to wait for', () => {
    assert.equal(beginWait('softReboot', obs('Running')).verdict, 'reached');
  });

  it('observes a VM through its printableStatus and a lone VMI through its phase', () => {
    const vmi = { metadata: { name: 'a', uid: 'u9' }, status: { phase: 'Running', nodeName: 'n2', migrationState: { migrationUid: 'm', completed: true } } };
    assert.deepEqual(observation('vm', { metadata: { name: 'a' }, status: { printableStatus: 'Running' } }, vmi), {
      exists: true, status: 'Running', vmiUid: 'u9', vmiPhase: 'Running', vmiNode: 'n2', migration: { uid: 'm', completed: true, failed: undefined },
    });
    assert.equal(observation('vmi', undefined, { ...vmi, status: { phase: 'Running', conditions: [{ type: 'Paused', status: 'True' }] } }).status, 'Paused');
    assert.equal(observation('vm', undefined, undefined).exists, false);
  });
});
