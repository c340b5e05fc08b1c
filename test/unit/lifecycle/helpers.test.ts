import * as assert from 'node:assert/strict';
import { settleBounded, summarize } from '../../../src/model/bulk';
import { relatedEvents, type KubeEvent } from '../../../src/model/events';
import { sshArgs, vncArgs } from '../../../src/model/virtctl';

describe('bulk helpers', () => {
  it('runs at most `concurrency` at once and summarizes per item in order', async () => {
    let running = 0;
    let peak = 0;
    const items = ['a', 'b', 'c', 'd', 'e'];
    const results = await settleBounded(items, 2, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      if (item === 'c') throw new Error('VM is not running');
      return item;
    });
    assert.equal(peak, 2);
    assert.deepEqual(summarize(items, results, (i) => `ns/${i}`), {
      succeeded: ['ns/a', 'ns/b', 'ns/d', 'ns/e'],
      failed: [{ name: 'ns/c', message: 'VM is not running' }],
    });
  });
});

describe('VM events', () => {
  const ev = (name: string, kind: string, obj: string, time: string, uid?: string): KubeEvent => ({
    metadata: { name }, involvedObject: { kind, name: obj, uid }, reason: name, message: `${name} happened`, lastTimestamp: time,
  });

  it('keeps the VM, its current VMI and its launcher pod, sorted by time, without duplicates', () => {
    const events = [
      ev('started', 'VirtualMachineInstance', 'web-1', '2026-11-22T10:00:05Z', 'vmi-2'),
      ev('created', 'VirtualMachine', 'web-1', '2026-11-22T10:00:01Z'),
      ev('old-run', 'VirtualMachineInstance', 'web-1', '2026-11-21T10:00:00Z', 'vmi-1'),
      ev('pulled', 'Pod', 'virt-launcher-web-1-abc', '2026-11-22T10:00:03Z', 'pod-1'),
      ev('pvc', 'PersistentVolumeClaim', 'web-1', '2026-11-22T10:00:02Z'),
      ev('created', 'VirtualMachine', 'web-1', '2026-11-22T10:00:01Z'),
    ];
    const rows = relatedEvents(events, [
      { kind: 'VirtualMachine', name: 'web-1' },
      { kind: 'VirtualMachineInstance', name: 'web-1', uid: 'vmi-2' },
      { kind: 'Pod', name: 'virt-launcher-web-1-abc', uid: 'pod-1' },
    ]);
    assert.deepEqual(rows.map((r) => `${r.object} ${r.reason}`), ['VirtualMachine/web-1 created', 'Pod/virt-launcher-web-1-abc pulled', 'VirtualMachineInstance/web-1 started']);
  });
});

describe('virtctl arguments', () => {
  it('builds argument arrays with context and namespace, never a shell string', () => {
    assert.deepEqual(vncArgs({ kind: 'vm', namespace: 'team a', name: 'web-1' }, { context: 'prod-east' }), ['vnc', 'web-1', '-n', 'team a', '--context', 'prod-east']);
    assert.deepEqual(sshArgs({ kind: 'vm', namespace: 'team-a', name: 'web-1' }, { context: 'prod-east', kubeconfig: '/k/config' }, { username: 'fedora', identityFile: '/k/id' }), [
      'ssh', 'vm/web-1', '-n', 'team-a', '--context', 'prod-east', '--kubeconfig', '/k/config', '--username', 'fedora', '--identity-file', '/k/id',
    ]);
  });
});
