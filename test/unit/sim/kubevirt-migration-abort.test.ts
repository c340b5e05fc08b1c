// Cancelling a migration by deleting its VirtualMachineInstanceMigration.
import * as assert from 'node:assert/strict';
import { PIN_ANNOTATION } from '../../sim/kubevirt/keys';
import type { KubeObject, Store } from '../../sim/store';
import { FakeHooks, vm, withKubeVirt } from './kubevirt-fake-hooks';

const VMS = 'virtualmachines.kubevirt.io';
const VMIS = 'virtualmachineinstances.kubevirt.io';
const MIGRATIONS = 'virtualmachineinstancemigrations.kubevirt.io';

type MigrationState = { migrationUid?: string; targetPod?: string; completed?: boolean; failed?: boolean; abortStatus?: string };
const printable = (store: Store, name: string) => (store.get(VMS, 'team-a', name)?.status as { printableStatus?: string } | undefined)?.printableStatus;
const vmiStatus = (store: Store, name: string) => (store.get(VMIS, 'team-a', name)?.status ?? {}) as { nodeName?: string; migrationState?: MigrationState };

describe('kubevirt migration cancel', () => {
  let hooks: FakeHooks;
  let dispose: () => void;
  beforeEach(() => ({ hooks, dispose } = withKubeVirt(2)));
  afterEach(() => dispose());

  it('aborts an unfinished migration: the target pod goes and the VM keeps running on its node', async () => {
    hooks.create(VMS, vm('web', { runStrategy: 'Always' }));
    await hooks.until((s) => printable(s, 'web') === 'Running');
    const source = vmiStatus(hooks.store, 'web').nodeName;
    // A migration frozen half-way (the controller leaves pinned migrations alone), with its target pod.
    const migration = hooks.store.create(MIGRATIONS, { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceMigration', metadata: { name: 'm1', namespace: 'team-a', annotations: { [PIN_ANNOTATION]: 'Migrating' } }, spec: { vmiName: 'web' } });
    const target: KubeObject = hooks.store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'virt-launcher-web-target', namespace: 'team-a', labels: { 'kubevirt.io': 'virt-launcher' } }, spec: {} });
    const vmi = hooks.store.get(VMIS, 'team-a', 'web')!;
    hooks.store.update(VMIS, { ...vmi, status: { ...vmiStatus(hooks.store, 'web'), migrationState: { migrationUid: migration.metadata.uid, targetPod: target.metadata.name, sourceNode: source } } });
    await hooks.until((s) => printable(s, 'web') === 'Migrating');

    hooks.store.delete(MIGRATIONS, 'team-a', 'm1');
    await hooks.until((s) => printable(s, 'web') === 'Running');
    const state = vmiStatus(hooks.store, 'web');
    assert.equal(state.nodeName, source);
    assert.equal(state.migrationState?.abortStatus, 'Succeeded');
    assert.equal(state.migrationState?.failed, true);
  });

  it('unpins a VM held in Migrating when its migration is deleted', async () => {
    hooks.create(VMS, vm('db', { runStrategy: 'Always' }, { [PIN_ANNOTATION]: 'Migrating' }));
    await hooks.until((s) => printable(s, 'db') === 'Migrating' && s.list(MIGRATIONS, 'team-a').length === 1);
    const [migration] = hooks.store.list(MIGRATIONS, 'team-a');
    hooks.store.delete(MIGRATIONS, 'team-a', migration.metadata.name!);
    await hooks.until((s) => printable(s, 'db') === 'Running');
    assert.equal(hooks.store.get(VMS, 'team-a', 'db')?.metadata.annotations?.[PIN_ANNOTATION], undefined);
  });
});
