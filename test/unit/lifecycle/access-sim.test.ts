// Action permissions from SelfSubjectAccessReviews, against the simulator's RBAC or kube-apiserver's.
import * as assert from 'node:assert/strict';
import { AccessCache } from '../../../src/cluster/actionAccess';
import { KubeApiError } from '../../../src/cluster/errors';
import { runAction } from '../../../src/cluster/lifecycle';
import { vmActions, withActionTokens } from '../../../src/model/actions';
import type { VirtualMachine } from '../../../src/model/objects';
import { FLEET_START_TIMEOUT_MS } from '../../backends/fleet';
import { labScenario, NS, startLab, TOKENS, vm, type Lab } from './simEnv';

describe('action access', function () {
  this.timeout(20_000);
  let lab: Lab;
  const running: VirtualMachine = { metadata: { name: 'web-1', namespace: NS }, spec: { runStrategy: 'Always' }, status: { printableStatus: 'Running' } };
  const runningVmi = { metadata: { name: 'web-1', namespace: NS }, status: { phase: 'Running' } };
  const stopped: VirtualMachine = { metadata: { name: 'web-1', namespace: NS }, spec: { runStrategy: 'Halted' }, status: { printableStatus: 'Stopped' } };

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    lab = await startLab(labScenario([vm('web-1')], [vm('new-1')]));
  });
  after(() => lab?.stop());

  it('an admin may do everything the state offers', async () => {
    const access = await new AccessCache().forNamespace(lab.client('lab'), NS);
    assert.equal(access.subresources, true);
    assert.equal(
      withActionTokens('kind:vm status:Running group:running', vmActions(running, runningVmi), access.allowed('vm')),
      'kind:vm status:Running group:running can:stop can:forceStop can:restart can:pause can:migrate can:console can:softReboot can:vnc can:ssh can:logs can:edit can:delete',
    );
  });

  it('a developer without kubevirt.io:migrate gets no Migrate, and the server agrees', async () => {
    const http = lab.client('lab', TOKENS.dev);
    const access = await new AccessCache().forNamespace(http, NS);
    const allowed = access.allowed('vm');
    assert.ok(allowed.has('start') && allowed.has('stop') && allowed.has('console') && allowed.has('pause'));
    assert.ok(!allowed.has('migrate'));
    assert.ok(!allowed.has('cancelMigration'));
    assert.doesNotMatch(withActionTokens('kind:vm', vmActions(running, runningVmi), allowed), /can:migrate/);
    const error = await runAction(http, { namespace: NS, name: 'web-1', action: 'migrate' }).catch((e: unknown) => e);
    assert.ok(error instanceof KubeApiError && error.code === 403, String(error));
  });

  it('a viewer cannot start, stop, edit or delete; it may only diagnose', async () => {
    const access = await new AccessCache().forNamespace(lab.client('lab', TOKENS.viewer), NS);
    assert.deepEqual([...access.allowed('vm')], ['diagnose']);
    assert.equal(withActionTokens('kind:vm status:Stopped group:stopped', vmActions(stopped, undefined), access.allowed('vm')), 'kind:vm status:Stopped group:stopped');
  });

  it('without the subresource API, checks the fallback verbs and never allows pause or console', async () => {
    const access = await new AccessCache().forNamespace(lab.client('legacy'), NS);
    assert.equal(access.subresources, false);
    const allowed = access.allowed('vm');
    for (const a of ['start', 'stop', 'forceStop', 'restart', 'migrate', 'delete'] as const) assert.ok(allowed.has(a), a);
    for (const a of ['pause', 'unpause', 'softReboot', 'console', 'vnc', 'ssh'] as const) assert.ok(!allowed.has(a), a);
  });

  it('caches per (context, namespace), shares in-flight reviews, and forgets on invalidate', async () => {
    const http = lab.client('lab', TOKENS.dev);
    let clock = 0;
    const cache = new AccessCache(1000, () => clock);
    const reviews = () => lab.lines.filter((l) => l.startsWith('POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews')).length;
    const start = reviews();
    const [a, b] = await Promise.all([cache.forNamespace(http, NS), cache.forNamespace(http, NS)]);
    assert.equal(a, b);
    const perBatch = reviews() - start;
    assert.ok(perBatch > 0);
    assert.equal(await cache.forNamespace(http, NS), a);
    assert.equal(reviews() - start, perBatch);
    clock = 2000;
    assert.notEqual(await cache.forNamespace(http, NS), a);
    cache.invalidate(http.context, NS);
    await cache.forNamespace(http, NS);
    assert.equal(reviews() - start, 3 * perBatch);
  });

  it('a review the user may not create (403) counts as not allowed (runs last: removes system:basic-user)', async () => {
    await lab.client('lab').call('DELETE', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:basic-user');
    const http = lab.client('lab', TOKENS.dev);
    const access = await new AccessCache().forNamespace(http, NS);
    assert.deepEqual([...access.allowed('vm')], []);
    assert.ok(lab.lines.some((l) => l.startsWith('POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews 403')));
  });
});
