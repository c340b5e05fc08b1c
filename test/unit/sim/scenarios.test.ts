import * as assert from 'node:assert/strict';
import { SimCluster } from '../../sim/cluster';
import { reconcileVm } from '../../sim/kubevirt/vm-controller';
import { reconcileVmi } from '../../sim/kubevirt/vmi-controller';
import { withOwnerUids } from '../../sim/owners';
import type { ScenarioCluster } from '../../sim/scenario';
import { listScenarios, loadScenario } from '../../sim/scenarios';
import { SCALE_DEFAULTS } from '../../sim/scenarios/scale';
import { Store, type KubeObject } from '../../sim/store';
import type { SimUser } from '../../sim/types';

const VMS = 'virtualmachines.kubevirt.io';
const EVERY_STATUS = ['Running', 'Stopped', 'Starting', 'Stopping', 'Paused', 'Migrating', 'Terminating', 'ErrorUnschedulable', 'CrashLoopBackOff',
  'ErrImagePull', 'ImagePullBackOff', 'DataVolumeError', 'WaitingForVolumeBinding', 'Provisioning', 'ErrorPvcNotFound'];

const of = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);
const printables = (store: Store) => new Set(store.list(VMS).map((vm) => (vm.status as { printableStatus?: string } | undefined)?.printableStatus));

/** Resolves once `predicate` holds, re-checking after store changes (the mocha timeout bounds it). */
function until(store: Store, predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!predicate()) return false;
      unsubscribe();
      resolve();
      return true;
    };
    const unsubscribe = store.subscribe(() => setImmediate(check));
    check();
  });
}

describe('scenarios', () => {
  it('lists the data scenarios and scale', () => {
    assert.deepEqual(listScenarios(), ['demo', 'scale']);
    assert.throws(() => loadScenario('nope'), /unknown scenario "nope"/);
  });

  describe('demo', () => {
    const demo = loadScenario('demo');
    const cluster = (name: string) => demo.clusters.find((c) => c.name === name)!;

    it('has the four contexts, each with its context user', () => {
      assert.deepEqual(demo.clusters.map((c) => c.name), ['prod-east', 'shared-dev', 'edge-lab', 'offline']);
      for (const c of demo.clusters) assert.ok(c.users.some((u) => u.name === c.contextUser), c.name);
      assert.equal(cluster('offline').offline, true);
      assert.equal(cluster('edge-lab').groups, undefined);
      assert.ok(cluster('edge-lab').objects.every((o) => !o.apiVersion?.includes('kubevirt.io')));
    });

    it('prod-east: about 40 VMs in five tenants (and one in tenant-tight), Kata/gVisor RuntimeClasses, a VMI without a VM', () => {
      const objects = cluster('prod-east').objects;
      assert.equal(of(objects, 'VirtualMachine').length, 42);
      assert.deepEqual([...new Set(of(objects, 'VirtualMachine').map((v) => v.metadata.namespace))].sort(), ['tenant-alpha', 'tenant-bravo', 'tenant-charlie', 'tenant-delta', 'tenant-echo', 'tenant-tight']);
      assert.deepEqual(of(objects, 'RuntimeClass').map((r) => [r.metadata.name, r.handler]), [['kata-qemu', 'kata-qemu'], ['kata-clh', 'kata-clh'], ['kata-fc', 'kata-fc'], ['gvisor', 'runsc']]);
      const vmNames = new Set(of(objects, 'VirtualMachine').map((v) => `${v.metadata.namespace}/${v.metadata.name}`));
      assert.equal(of(objects, 'VirtualMachineInstance').filter((v) => !vmNames.has(`${v.metadata.namespace}/${v.metadata.name}`)).length, 1);
      const pspLevels = of(objects, 'Namespace').filter((n) => n.metadata.name!.startsWith('tenant-')).map((n) => n.metadata.labels?.['pod-security.kubernetes.io/enforce']);
      assert.deepEqual(new Set(pspLevels), new Set(['restricted', 'baseline', 'privileged']));
      const withNetpol = new Set(of(objects, 'NetworkPolicy').map((n) => n.metadata.namespace));
      const withQuota = new Set(of(objects, 'ResourceQuota').map((n) => n.metadata.namespace));
      assert.ok(!withNetpol.has('tenant-bravo') && withNetpol.has('tenant-alpha'));
      assert.ok(!withQuota.has('tenant-delta') && withQuota.has('tenant-alpha'));
    });

    it('prod-east: a tenant in every guardrail state', () => {
      const objects = cluster('prod-east').objects;
      const namespaces = new Map(of(objects, 'Namespace').map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
      for (const t of ['tenant-fortress', 'tenant-open-net', 'tenant-rogue', 'tenant-crown', 'tenant-tight', 'tenant-vcluster', 'tenant-sealed']) assert.ok(namespaces.has(t), t);
      assert.equal(namespaces.get('tenant-sealed')?.['kubevirt-workbench.io/sandbox'], 'required');
      assert.ok(of(objects, 'ClusterRoleBinding').some((b) => b.metadata.name === 'crown-admins-cluster-admin'));
      assert.ok(of(objects, 'Pod').some((p) => p.metadata.namespace === 'tenant-vcluster' && p.metadata.labels?.app === 'vcluster'));
      assert.ok(!of(objects, 'NetworkPolicy').some((p) => p.metadata.namespace === 'tenant-open-net'));
    });

    it('prod-east reaches every printableStatus, and pods get their RuntimeClass overhead', async function () {
      this.timeout(20_000);
      const sim = await SimCluster.start({ ...cluster('prod-east'), http: true, stepDelayMs: 0 });
      try {
        await until(sim.store, () => EVERY_STATUS.every((s) => printables(sim.store).has(s)));
        const pods = sim.store.list('pods');
        const overhead = (runtime: string) => pods.find((p) => (p.spec as { runtimeClassName?: string }).runtimeClassName === runtime)?.spec as { overhead?: Record<string, string> } | undefined;
        assert.deepEqual(overhead('kata-qemu')?.overhead, { memory: '320Mi', cpu: '250m' });
        assert.deepEqual(overhead('kata-fc')?.overhead, { memory: '130Mi', cpu: '250m' });
        assert.deepEqual(overhead('kata-clh')?.overhead, { memory: '130Mi', cpu: '250m' });
        assert.equal(overhead('gvisor')?.overhead, undefined);
        assert.ok(pods.some((p) => p.metadata.labels?.['kubevirt.io'] === 'virt-launcher'));
      } finally {
        await sim.stop();
      }
    });

    it('shared-dev: Capsule Tenants claim 8 namespaces; alice sees two of them, cannot list namespaces or migrate', async function () {
      this.timeout(10_000);
      const objects = cluster('shared-dev').objects;
      const tenants = of(objects, 'Tenant');
      assert.equal(tenants.length, 3);
      assert.equal(tenants.flatMap((t) => (t.status as { namespaces: string[] }).namespaces).length, 8);
      const sim = await SimCluster.start({ ...cluster('shared-dev'), http: true });
      try {
        const alice: SimUser = { name: 'alice', groups: ['oil-developers', 'system:authenticated'] };
        const can = (verb: string, resource: string, namespace?: string, apiGroup = '', subresource?: string) =>
          sim.rbac.authorize({ user: alice, verb, resourceRequest: true, apiGroup, resource, subresource, namespace }).allowed;
        assert.ok(can('list', 'virtualmachines', 'oil-dev', 'kubevirt.io'));
        assert.ok(can('list', 'virtualmachines', 'oil-staging', 'kubevirt.io'));
        assert.ok(!can('list', 'virtualmachines', 'oil-prod', 'kubevirt.io'));
        assert.ok(!can('list', 'namespaces'));
        for (const sub of ['start', 'stop', 'restart']) assert.ok(can('update', 'virtualmachines', 'oil-dev', 'subresources.kubevirt.io', sub), sub);
        assert.ok(can('get', 'virtualmachineinstances', 'oil-dev', 'subresources.kubevirt.io', 'console'));
        assert.ok(!can('update', 'virtualmachines', 'oil-dev', 'subresources.kubevirt.io', 'migrate'));
        const victor: SimUser = { name: 'victor', groups: ['system:authenticated'] };
        assert.ok(sim.rbac.authorize({ user: victor, verb: 'list', resourceRequest: true, apiGroup: 'kubevirt.io', resource: 'virtualmachines', namespace: 'oil-dev' }).allowed);
        assert.ok(!sim.rbac.authorize({ user: victor, verb: 'update', resourceRequest: true, apiGroup: 'subresources.kubevirt.io', resource: 'virtualmachines', subresource: 'start', namespace: 'oil-dev' }).allowed);
      } finally {
        await sim.stop();
      }
    });
  });

  describe('scale', () => {
    it('defaults to 3 clusters × 200 namespaces × 5,000 VMs × 5,000 pods', function () {
      this.timeout(30_000);
      const scale = loadScenario('scale');
      assert.equal(scale.clusters.length, SCALE_DEFAULTS.clusters);
      for (const c of scale.clusters) {
        assert.equal(of(c.objects, 'Namespace').length, 200);
        assert.equal(of(c.objects, 'VirtualMachine').length, 5000);
        assert.equal(of(c.objects, 'Pod').length, 5000);
        // The tenant developer reads the first 20 namespaces.
        assert.deepEqual(of(c.objects, 'RoleBinding').map((b) => b.metadata.namespace), Array.from({ length: 20 }, (_, i) => `team-${String(i + 1).padStart(4, '0')}`));
        assert.ok(c.users.some((u) => u.name === 'developer'));
        const statuses = new Set(of(c.objects, 'VirtualMachine').map((v) => (v.status as { printableStatus: string }).printableStatus));
        assert.deepEqual([...statuses].sort(), ['Paused', 'Running', 'Stopped']);
      }
    });

    it('takes parameters and rejects unknown ones', () => {
      const small = loadScenario('scale', { clusters: '2', namespaces: '5', vms: '40', pods: '7' });
      assert.equal(small.clusters.length, 2);
      assert.equal(of(small.clusters[1].objects, 'VirtualMachine').length, 40);
      assert.equal(of(small.clusters[1].objects, 'Pod').length, 7);
      assert.throws(() => loadScenario('scale', { nodes: '3' }), /no parameter "nodes"/);
    });

    it('is consistent: the controllers find nothing to change', () => {
      const [cluster] = loadScenario('scale', { clusters: '1', namespaces: '4', vms: '60', pods: '10' }).clusters as ScenarioCluster[];
      const store = new Store();
      const keys: Record<string, string> = { VirtualMachine: VMS, VirtualMachineInstance: 'virtualmachineinstances.kubevirt.io', Pod: 'pods', Node: 'nodes', Namespace: 'namespaces', RuntimeClass: 'runtimeclasses.node.k8s.io', Role: 'roles.rbac.authorization.k8s.io', RoleBinding: 'rolebindings.rbac.authorization.k8s.io' };
      // Each VMI names its VM as owner; loaded, it carries the uid the store gave the VM (else the VM controller would adopt it).
      for (const object of cluster.objects) store.create(keys[object.kind!], withOwnerUids(object, (owner, namespace) => store.get(keys[owner.kind], namespace, owner.name)?.metadata.uid));
      const before = store.resourceVersion;
      for (const vm of store.list(VMS)) {
        reconcileVm(store, vm.metadata.namespace!, vm.metadata.name!);
        reconcileVmi(store, vm.metadata.namespace!, vm.metadata.name!);
      }
      assert.equal(store.resourceVersion, before);
    });
  });
});
