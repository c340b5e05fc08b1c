import * as assert from 'node:assert/strict';
import { NodeRegistry, workloadId, type FleetNode } from '../../../src/views/nodes';

describe('tree node registry', () => {
  const cluster: FleetNode = { type: 'cluster', id: 'c', context: 'c' };
  const folder = (tenant: string): FleetNode => ({ type: 'folder', id: `c//tenant/${tenant}/vms`, context: 'c', namespaces: [tenant], category: 'vms' });
  const vm = (parent: FleetNode, ns: string, name: string): FleetNode => ({ type: 'workload', id: workloadId('c', ns, 'VirtualMachine', name), parent, context: 'c', namespace: ns, kind: 'VirtualMachine', name });

  it('keeps one object per id and drops children a parent no longer has, with their descendants', () => {
    const nodes = new NodeRegistry();
    const root = nodes.put(cluster);
    const a = nodes.put({ ...folder('a'), parent: root });
    const b = nodes.put({ ...folder('b'), parent: root });
    const vms = Array.from({ length: 500 }, (_, i) => nodes.put(vm(a, 'a', `vm-${i}`)));
    nodes.put(vm(b, 'b', 'keep'));
    nodes.keepChildren(undefined, [root]);
    nodes.keepChildren(root, [a, b]);
    nodes.keepChildren(a, vms);
    assert.equal(nodes.size, 504);
    assert.equal(nodes.put(vm(a, 'a', 'vm-0')), vms[0], 'the same object for the same id');

    // 490 VMs of tenant a were deleted.
    nodes.keepChildren(a, vms.slice(0, 10));
    assert.equal(nodes.size, 14);
    assert.equal(nodes.get(workloadId('c', 'a', 'VirtualMachine', 'vm-499')), undefined);
    // Tenant a went away: its folder and VMs go with it; b's stay.
    nodes.keepChildren(root, [b]);
    assert.equal(nodes.size, 3);
    assert.ok(nodes.get(workloadId('c', 'b', 'VirtualMachine', 'keep')));
  });
});
