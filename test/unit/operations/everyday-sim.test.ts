// Clone, guest details and volume hotplug against the KubeVirt simulation (in-process, and on a real API server): each
// round trip, a refused call and a forbidden one.
import * as assert from 'node:assert/strict';
import { createClone, waitForClone } from '../../../src/cluster/clones';
import { KubeApiError } from '../../../src/cluster/errors';
import { fetchGuestDetails } from '../../../src/cluster/guestAgent';
import type { KubeHttp } from '../../../src/cluster/kubeHttp';
import { kubevirtPath } from '../../../src/cluster/kubevirtPaths';
import { addVolume, removeVolume, waitForHotplug } from '../../../src/cluster/volumes';
import { diskRows } from '../../../src/model/disks';
import { guestSummary } from '../../../src/model/guestDetails';
import type { VirtualMachine, VirtualMachineInstance } from '../../../src/model/objects';
import { GUEST_AGENT_ANNOTATION } from '../../sim/kubevirt/keys';
import type { KubeObject } from '../../sim/store';
import { eventually, NS, startOpsLab, TOKENS, vm, type Lab } from './opsEnv';

const blankDataVolume = (name: string): KubeObject => ({
  apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name, namespace: NS },
  spec: { source: { blank: {} }, storage: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } },
});

describe('clone, guest details and volumes', function () {
  this.timeout(60_000);
  let lab: Lab;
  let http: KubeHttp;
  const getVm = (name: string) => http.find<VirtualMachine>(kubevirtPath('virtualmachines', NS, name));
  const getVmi = (name: string) => http.find<VirtualMachineInstance>(kubevirtPath('virtualmachineinstances', NS, name));

  before(async () => {
    const noAgent = vm('quiet-1', { runStrategy: 'Always' });
    (noAgent.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template.metadata.annotations = { [GUEST_AGENT_ANNOTATION]: 'absent' };
    lab = await startOpsLab([vm('web-1', { runStrategy: 'Always' }), vm('src-1'), noAgent, blankDataVolume('data-1'), blankDataVolume('data-2')]);
    http = lab.client('lab');
    await eventually('web-1 to run with its guest agent', async () => (guestSummary(await getVmi('web-1')) !== 'guest agent not connected' && (await getVmi('web-1'))?.status?.phase === 'Running' ? true : undefined), 20_000);
  });
  after(() => lab?.stop());

  it('guest details: OS, kernel, hostname, users and filesystems with used/total', async () => {
    const details = await fetchGuestDetails(http, NS, 'web-1');
    assert.match(details.os, /Fedora/);
    assert.ok(details.kernel, JSON.stringify(details));
    assert.ok(details.hostname, JSON.stringify(details));
    assert.ok(details.users.length > 0, JSON.stringify(details));
    assert.ok(details.filesystems.some((f) => f.mountPoint === '/' && /used \(\d+%\)$/.test(f.words)), JSON.stringify(details.filesystems));
    assert.match(guestSummary(await getVmi('web-1')) ?? '', /Fedora.*kernel/);
  });

  it('guest details of a guest without an agent: refused with virt-api’s words, and the tooltip says so', async () => {
    await eventually('quiet-1 to run', async () => ((await getVmi('quiet-1'))?.status?.phase === 'Running' ? true : undefined), 20_000);
    const error = await fetchGuestDetails(http, NS, 'quiet-1').catch((e: unknown) => e);
    assert.ok(error instanceof KubeApiError, String(error));
    assert.match(error.message, /VMI does not have guest agent connected/);
    assert.equal(guestSummary(await getVmi('quiet-1')), 'guest agent not connected');
  });

  it('a volume is hotplugged into a running VM, listed as a disk, then removed', async () => {
    await eventually('data-1 to be populated', async () => ((await http.find<{ status?: { phase?: string } }>(`/apis/cdi.kubevirt.io/v1beta1/namespaces/${NS}/datavolumes/data-1`))?.status?.phase === 'Succeeded' ? true : undefined), 20_000);
    const target = { namespace: NS, name: 'web-1' };
    await addVolume(http, target, { name: 'data-1', claim: 'data-1', source: 'dataVolume' });
    assert.deepEqual(await waitForHotplug(http, target, 'add', 'data-1', { timeoutMs: 20_000 }), { outcome: 'ok' });
    const row = diskRows(await getVm('web-1'), await getVmi('web-1')).find((r) => r.name === 'data-1');
    assert.ok(row, 'data-1 listed');
    assert.equal(row.hotplugged, true);
    assert.equal(row.phase, 'Ready');
    assert.equal(row.bus, 'scsi');
    assert.equal(row.source, 'DataVolume data-1');

    const twice = await addVolume(http, target, { name: 'data-1', claim: 'data-1', source: 'dataVolume' }).catch((e: unknown) => e);
    assert.ok(twice instanceof KubeApiError && twice.code === 409, String(twice));
    assert.match(twice.message, /already exists/);

    await removeVolume(http, target, 'data-1');
    assert.deepEqual(await waitForHotplug(http, target, 'remove', 'data-1', { timeoutMs: 20_000 }), { outcome: 'ok' });
    assert.ok(!diskRows(await getVm('web-1'), await getVmi('web-1')).some((r) => r.name === 'data-1'));
  });

  it('removing a volume that is not hotplugged is refused; a developer without addvolume rights gets 403', async () => {
    const target = { namespace: NS, name: 'web-1' };
    const refused = await removeVolume(http, target, 'rootdisk').catch((e: unknown) => e);
    assert.ok(refused instanceof KubeApiError, String(refused));
    assert.match(refused.message, /not hotpluggable/);
    const forbidden = await addVolume(lab.client('lab', TOKENS.dev), target, { name: 'data-2', claim: 'data-2', source: 'dataVolume' }).catch((e: unknown) => e);
    assert.ok(forbidden instanceof KubeApiError && forbidden.code === 403, String(forbidden));
  });

  it('a VM is cloned: the clone follows to Succeeded and the new VM exists', async () => {
    await createClone(http, { namespace: NS, source: 'src-1', target: 'src-1-copy', labelFilters: ['*'] }, 'clone-src-1');
    const progress: (string | undefined)[] = [];
    assert.deepEqual(await waitForClone(http, NS, 'clone-src-1', { timeoutMs: 30_000, onProgress: (p) => progress.push(p) }), { outcome: 'ok' });
    assert.ok(await getVm('src-1-copy'), 'the new VM exists');
    assert.ok(progress.length > 0);
  });

  it('a clone onto its own source is refused with the webhook’s message; a developer may not clone', async () => {
    const refused = await createClone(http, { namespace: NS, source: 'src-1', target: 'src-1' }, 'clone-self').catch((e: unknown) => e);
    assert.ok(refused instanceof KubeApiError, String(refused));
    assert.match(refused.message, /Target name cannot be equal to source name/);
    const forbidden = await createClone(lab.client('lab', TOKENS.dev), { namespace: NS, source: 'src-1', target: 'dev-copy' }, 'clone-dev').catch((e: unknown) => e);
    assert.ok(forbidden instanceof KubeApiError && forbidden.code === 403, String(forbidden));
  });

  it('a stopped VM gets a volume in its template', async () => {
    await eventually('data-2 to be populated', async () => ((await http.find<{ status?: { phase?: string } }>(`/apis/cdi.kubevirt.io/v1beta1/namespaces/${NS}/datavolumes/data-2`))?.status?.phase === 'Succeeded' ? true : undefined), 20_000);
    const target = { namespace: NS, name: 'src-1' };
    await addVolume(http, target, { name: 'data-2', claim: 'data-2', source: 'dataVolume' });
    assert.deepEqual(await waitForHotplug(http, target, 'add', 'data-2', { timeoutMs: 20_000 }), { outcome: 'ok' });
    const row = diskRows(await getVm('src-1'), undefined).find((r) => r.name === 'data-2');
    assert.equal(row?.hotplugged, true);
  });
});
