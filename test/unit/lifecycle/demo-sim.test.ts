// The demo fleet (on either backend, test/backends/fleet.ts): what an admin, a tenant developer and a viewer are
// offered for the same running VM.
import * as assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import { AccessCache } from '../../../src/cluster/actionAccess';
import { KubeApiError } from '../../../src/cluster/errors';
import { runAction } from '../../../src/cluster/lifecycle';
import { vmActions, withActionTokens } from '../../../src/model/actions';
import { FLEET_START_TIMEOUT_MS, startTestFleet, type TestFleet } from '../../backends/fleet';
import { loadScenario } from '../../sim/scenarios/index';
import { clientAs } from './simEnv';

describe('actions in the demo scenario', function () {
  this.timeout(30_000);
  let fleet: TestFleet;
  let config: KubeConfig;
  const scenario = loadScenario('demo');
  const userToken = (cluster: string, user: string) => scenario.clusters.find((c) => c.name === cluster)!.users.find((u) => u.name === user)!.token;
  const client = (context: string, token?: string) => clientAs(config, context, token);
  const runningVm = { metadata: { name: 'oil-dev-app', namespace: 'oil-dev' }, spec: { runStrategy: 'Always' }, status: { printableStatus: 'Running' } };
  const runningVmi = { metadata: { name: 'oil-dev-app', namespace: 'oil-dev' }, status: { phase: 'Running' } };

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    fleet = await startTestFleet(scenario);
    config = new KubeConfig();
    config.loadFromString(fleet.kubeconfig());
  });
  after(() => fleet?.stop());

  it('prod-east admin: every action the state offers', async () => {
    const access = await new AccessCache().forNamespace(client('prod-east'), 'tenant-alpha');
    const tokens = withActionTokens('', vmActions(runningVm, runningVmi), access.allowed('vm'));
    assert.equal(tokens, 'can:stop can:forceStop can:restart can:pause can:migrate can:console can:softReboot can:vnc can:ssh can:logs can:edit can:delete');
  });

  it('shared-dev tenant developer: start/stop/console but no migrate, and a migrate is refused with 403', async () => {
    const http = client('shared-dev');
    const allowed = (await new AccessCache().forNamespace(http, 'oil-dev')).allowed('vm');
    assert.ok(allowed.has('stop') && allowed.has('restart') && allowed.has('console'));
    assert.ok(!allowed.has('migrate'));
    assert.doesNotMatch(withActionTokens('kind:vm', vmActions(runningVm, runningVmi), allowed), /can:migrate/);
    const error = await runAction(http, { namespace: 'oil-dev', name: 'oil-dev-app', action: 'migrate' }).catch((e: unknown) => e);
    assert.ok(error instanceof KubeApiError && error.code === 403, String(error));
  });

  it('shared-dev viewer: cannot start or stop', async () => {
    const http = client('shared-dev', userToken('shared-dev', 'victor'));
    const allowed = (await new AccessCache().forNamespace(http, 'oil-dev')).allowed('vm');
    assert.ok(!allowed.has('start') && !allowed.has('stop'));
    const error = await runAction(http, { namespace: 'oil-dev', name: 'oil-dev-app', action: 'stop' }).catch((e: unknown) => e);
    assert.ok(error instanceof KubeApiError && error.code === 403, String(error));
  });
});
