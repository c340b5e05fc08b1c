// ValidatingAdmissionPolicies on the simulator: stored (cluster-scoped, RBAC-checked) so that Harden Tenant… can apply
// the sandbox policy it generates; not evaluated, which the differential suite's README lists as intended.
import * as assert from 'node:assert/strict';
import { runtimeClassPolicy } from '../../../src/model/generators/guardrailObjects';
import type { SimCluster } from '../../sim/cluster';
import { ADMIN, TENANT, call, startCluster } from './sim-helpers';

const GROUP = '/apis/admissionregistration.k8s.io/v1';

describe('sim ValidatingAdmissionPolicies', function () {
  this.timeout(20_000);
  let cluster: SimCluster;
  before(async () => {
    cluster = await startCluster();
  });
  after(() => cluster.stop());

  it('applies a policy and its binding server-side, lists them, and refuses them to a tenant', async () => {
    const [policy, binding] = runtimeClassPolicy('team-a-sandboxed', ['team-a'], ['kata-fc']);
    const apply = (path: string, body: unknown, token = ADMIN.token) =>
      call(cluster, 'PATCH', `${path}?fieldManager=kubevirt-workbench&force=true`, { token, body, contentType: 'application/apply-patch+yaml' });
    assert.equal((await apply(`${GROUP}/validatingadmissionpolicies/team-a-sandboxed`, policy)).status, 201);
    assert.equal((await apply(`${GROUP}/validatingadmissionpolicybindings/team-a-sandboxed`, binding)).status, 201);
    const listed = (await call(cluster, 'GET', `${GROUP}/validatingadmissionpolicybindings`)).json().items as { metadata: { name: string }; spec: { policyName: string } }[];
    assert.deepEqual(listed.map((b) => [b.metadata.name, b.spec.policyName]), [['team-a-sandboxed', 'team-a-sandboxed']]);
    const refused = await apply(`${GROUP}/validatingadmissionpolicies/escape`, { ...policy, metadata: { name: 'escape' } }, TENANT.token);
    assert.equal(refused.status, 403);
  });
});
