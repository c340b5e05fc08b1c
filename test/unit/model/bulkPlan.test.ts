import * as assert from 'node:assert/strict';
import { describePlan, planBulk, type Candidate } from '../../../src/model/bulkPlan';
import type { VirtualMachine, VirtualMachineInstance } from '../../../src/model/objects';

const vm = (name: string, printableStatus: string, runStrategy = printableStatus === 'Running' ? 'Always' : 'Halted'): VirtualMachine => ({ metadata: { name, namespace: 'ns' }, spec: { runStrategy }, status: { printableStatus } });
const vmi = (name: string): VirtualMachineInstance => ({ metadata: { name, namespace: 'ns' }, status: { phase: 'Running' } });
const target = (context: string, name: string, kind: 'vm' | 'vmi' = 'vm') => ({ context, namespace: 'ns', name, kind });

describe('actions on several selected VMs', () => {
  const candidates: Candidate[] = [
    { label: 'ns/web-1', target: target('east', 'web-1'), vm: vm('web-1', 'Running'), vmi: vmi('web-1') },
    { label: 'ns/web-2', target: target('east', 'web-2'), vm: vm('web-2', 'Running'), vmi: vmi('web-2') },
    { label: 'ns/db', target: target('west', 'db'), vm: vm('db', 'Running'), vmi: vmi('db') },
    { label: 'ns/stopped', target: target('west', 'stopped'), vm: vm('stopped', 'Stopped') },
    { label: 'ns/lone', target: target('west', 'lone', 'vmi'), vmi: vmi('lone') },
    { label: 'ns/uncached', target: target('west', 'uncached') },
    { label: 'api-pod' },
    { label: 'ns/web-1 again', target: target('east', 'web-1'), vm: vm('web-1', 'Running'), vmi: vmi('web-1') },
  ];

  it('runs on the VMs the action applies to and says what it skips and why', () => {
    const plan = planBulk('stop', candidates, 'Stop');
    assert.deepEqual(plan.run.map((t) => `${t.context}/${t.name}`), ['east/web-1', 'east/web-2', 'west/db', 'west/uncached']);
    assert.deepEqual(plan.skipped, [
      { label: 'ns/stopped', why: 'Stop does not apply to a Stopped VM' },
      { label: 'ns/lone', why: 'a lone VMI cannot stop' },
      { label: 'api-pod', why: 'not a VM' },
    ]);
  });

  it('asks with the count per cluster and the skipped items', () => {
    const { message, detail } = describePlan(planBulk('stop', candidates, 'Stop'), 'Stop');
    assert.equal(message, 'Stop 4 VMs on 2 clusters?');
    assert.equal(detail, [
      'east: 2 (ns/web-1, ns/web-2)',
      'west: 2 (ns/db, ns/uncached)',
      'Skipped 3: ns/stopped (Stop does not apply to a Stopped VM), ns/lone (a lone VMI cannot stop), api-pod (not a VM)',
    ].join('\n'));
  });

  it('pauses lone VMIs too', () => {
    assert.deepEqual(planBulk('pause', candidates, 'Pause').run.map((t) => t.name), ['web-1', 'web-2', 'db', 'lone', 'uncached']);
  });

  it('takes snapshots of VMs, not of lone VMIs nor of a VM whose snapshot runs; migrates the running ones', () => {
    const busy: Candidate = { label: 'ns/busy', target: target('west', 'busy'), vm: { ...vm('busy', 'Running'), status: { printableStatus: 'Running', snapshotInProgress: 's1' } }, vmi: vmi('busy') };
    const plan = planBulk('takeSnapshot', [...candidates, busy], 'Take Snapshot');
    assert.deepEqual(plan.run.map((t) => t.name), ['web-1', 'web-2', 'db', 'stopped', 'uncached']);
    assert.deepEqual(plan.skipped.map((s) => s.label), ['ns/lone', 'api-pod', 'ns/busy']);
    assert.deepEqual(planBulk('migrate', candidates, 'Migrate').run.map((t) => t.name), ['web-1', 'web-2', 'db', 'uncached']);
  });
});
