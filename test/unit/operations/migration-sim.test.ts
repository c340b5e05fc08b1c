// Migration progress against the simulated migration controller (in-process, and on a real API server): the progress
// line while it runs, the end state.
import * as assert from 'node:assert/strict';
import type { KubeHttp } from '../../../src/cluster/kubeHttp';
import { kubevirtPath } from '../../../src/cluster/kubevirtPaths';
import { runAction } from '../../../src/cluster/lifecycle';
import { followMigration, migrationOf } from '../../../src/cluster/migrations';
import type { VirtualMachine, VirtualMachineInstance } from '../../../src/model/objects';
import { migrationLine, migrationProgress } from '../../../src/model/migrationProgress';
import { eventually, NS, startOpsLab, vm, type Lab } from './opsEnv';

describe('migration progress', function () {
  this.timeout(60_000);
  let lab: Lab;
  let http: KubeHttp;

  before(async () => {
    lab = await startOpsLab([vm('mig-1', { runStrategy: 'Always' })]);
    http = lab.client('lab');
    await eventually('mig-1 to run', async () => ((await http.find<VirtualMachine>(kubevirtPath('virtualmachines', NS, 'mig-1')))?.status?.printableStatus === 'Running' ? true : undefined), 20_000);
  });
  after(() => lab?.stop());

  it('no migration: nothing to show', async () => {
    assert.equal(await migrationOf(http, NS, 'mig-1'), undefined);
    assert.equal(migrationProgress(await http.find<VirtualMachineInstance>(kubevirtPath('virtualmachineinstances', NS, 'mig-1')), undefined), undefined);
  });

  it('a migration is followed to its end; its progress names the phase, mode, time and nodes', async () => {
    const before = await http.call<VirtualMachineInstance>('GET', kubevirtPath('virtualmachineinstances', NS, 'mig-1'));
    await runAction(http, { namespace: NS, name: 'mig-1', action: 'migrate' });
    const current = await eventually('the migration object', () => migrationOf(http, NS, 'mig-1'));
    const lines: string[] = [];
    const ending = await followMigration(http, NS, current.migration.metadata.name, { timeoutMs: 30_000, onProgress: (line) => line && lines.push(line) });
    assert.deepEqual(ending, { outcome: 'ok' }, lines.join('\n'));
    const done = await migrationOf(http, NS, 'mig-1');
    assert.ok(done);
    assert.equal(done.progress.outcome, 'succeeded');
    assert.equal(done.progress.words, 'Completed');
    assert.equal(done.progress.mode, 'pre-copy');
    assert.equal(done.progress.sourceNode, before.status?.nodeName);
    assert.ok(done.progress.targetNode && done.progress.targetNode !== done.progress.sourceNode, JSON.stringify(done.progress));
    assert.ok((done.progress.elapsedSeconds ?? -1) >= 0);
    assert.match(migrationLine(done.progress), new RegExp(`^Completed · pre-copy · \\d+s · ${before.status?.nodeName} → ${done.progress.targetNode}$`));
  });
});
