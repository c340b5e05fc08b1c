import * as assert from 'node:assert/strict';
import { ApiError } from '../../sim/api-error';
import { FakeHooks, vm, withKubeVirt } from './kubevirt-fake-hooks';

const VMS = 'virtualmachines.kubevirt.io';

describe('kubevirt admission', () => {
  let hooks: FakeHooks;
  let dispose: () => void;
  beforeEach(() => ({ hooks, dispose } = withKubeVirt()));
  afterEach(() => dispose());

  const rejects = (object: ReturnType<typeof vm>, message: string, field: string) =>
    assert.throws(() => hooks.create(VMS, object), (error: unknown) =>
      error instanceof ApiError && error.code === 422 && error.reason === 'Invalid' && error.message === message && error.details?.causes?.[0].field === field);

  it('rejects spec.running together with spec.runStrategy (422)', () => {
    rejects(vm('vm1', { runStrategy: 'Always', running: true }),
      'admission webhook "virtualmachine-validator.kubevirt.io" denied the request: Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead', 'spec.running');
  });

  it('rejects an unknown runStrategy (422)', () => {
    rejects(vm('vm1', { runStrategy: 'Sometimes' }), 'admission webhook "virtualmachine-validator.kubevirt.io" denied the request: Invalid RunStrategy (Sometimes)', 'spec.runStrategy');
  });

  it('accepts every documented strategy and leaves status to the controller', () => {
    for (const strategy of ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once', 'WaitAsReceiver']) {
      const created = hooks.create(VMS, vm(strategy.toLowerCase(), { runStrategy: strategy }));
      assert.equal(created.status, undefined);
    }
  });

  it('rejects a migration without vmiName', () => {
    assert.throws(() => hooks.create('virtualmachineinstancemigrations.kubevirt.io', { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceMigration', metadata: { name: 'm', namespace: 'team-a' }, spec: {} }),
      (error: unknown) => error instanceof ApiError && error.code === 422);
  });
});
