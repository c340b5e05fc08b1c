import * as assert from 'node:assert/strict';
import { Fleet } from '../../../src/cluster/fleet';
import { ActionPermissions } from '../../../src/views/actionPermissions';
import { startScenario, type RunningScenario } from '../../sim/scenario';
import { ADMIN, kubeconfigFrom, namespace, waitFor } from '../cluster/simSupport';

describe('action permissions when access reviews fail', function () {
  this.timeout(30_000);
  let sim: RunningScenario;
  let fleet: Fleet;

  before(async () => {
    sim = await startScenario({ name: 'reviews', clusters: [{ name: 'east', users: [ADMIN], contextUser: 'admin', groups: ['kubevirt.io', 'subresources.kubevirt.io'], objects: [namespace('team-a')] }] });
    fleet = new Fleet(kubeconfigFrom(sim.kubeconfig()));
  });
  after(async () => {
    fleet?.dispose();
    await sim?.stop();
  });

  it('asks again after a failed batch, with backoff, instead of never again', async () => {
    const learned: string[] = [];
    const errors: string[] = [];
    const permissions = new ActionPermissions((_, ns) => learned.push(ns), (_, ns) => errors.push(ns));
    permissions.setFleet(fleet);
    sim.clusters[0].faults.set({ errorRate: 1, errorCode: 500 });
    assert.equal(permissions.allowed('east', 'team-a', 'vm'), undefined);
    await waitFor('the batch to fail', () => errors.length > 0);
    sim.clusters[0].faults.reset();
    const allowed = await waitFor('the namespace to be reviewed again', () => permissions.allowed('east', 'team-a', 'vm'), 15_000);
    assert.ok(allowed.has('start'));
    assert.ok(learned.includes('team-a'));
    permissions.dispose();
  });
});
