// Conflict-safe manifest editing and server-side apply against a cluster (the simulator or kube-apiserver).
import * as assert from 'node:assert/strict';
import { parse, parseDocument } from 'yaml';
import { ApiResourceMapper } from '../../../src/cluster/apiResources';
import type { KubeHttp } from '../../../src/cluster/kubeHttp';
import { Manifests } from '../../../src/cluster/manifests';
import { rebaseText } from '../../../src/model/manifestEdit';
import { FLEET_START_TIMEOUT_MS } from '../../backends/fleet';
import { eventually, labScenario, NS, startLab, vm, type Lab } from './simEnv';

const VMS = 'virtualmachines.kubevirt.io';
const VMIS = 'virtualmachineinstances.kubevirt.io';
const ref = (name: string, kind = 'VirtualMachine') => ({ apiVersion: 'kubevirt.io/v1', kind, namespace: NS, name });

describe('manifest editing', function () {
  this.timeout(60_000);
  let lab: Lab;
  let http: KubeHttp;
  let manifests: Manifests;
  const stored = async (name: string) => (await lab.api('lab').get(VMS, NS, name))!;

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    lab = await startLab(labScenario([vm('edit-1'), vm('edit-2'), vm('apply-1'), vm('run-1', { runStrategy: 'Always' })]));
    http = lab.client('lab');
    manifests = new Manifests(http, new ApiResourceMapper(http), NS);
  });
  after(() => lab?.stop());

  it('loads an edit document without status and managedFields, a view document with status', async () => {
    const edit = await manifests.load(ref('edit-1'), 'edit');
    assert.doesNotMatch(edit.yaml, /managedFields|^status:/m);
    assert.equal(edit.resourceVersion, (await stored('edit-1')).metadata.resourceVersion);
    assert.equal(parse(edit.yaml).metadata.resourceVersion, edit.resourceVersion);
    const view = await manifests.load(ref('edit-1'), 'view');
    assert.match(view.yaml, /^status:/m);
    assert.doesNotMatch(view.yaml, /managedFields/);
  });

  it('updates with the loaded resourceVersion', async () => {
    const loaded = await manifests.load(ref('edit-1'), 'edit');
    const result = await manifests.update(loaded.yaml.replace('runStrategy: Halted', 'runStrategy: Manual'), ref('edit-1'));
    assert.equal(result.kind, 'updated');
    assert.equal(((await stored('edit-1')).spec as { runStrategy: string }).runStrategy, 'Manual');
  });

  it('a PUT that hits 409 keeps the user text, returns the live object and overwrites nothing; re-apply after rebase', async () => {
    const loaded = await manifests.load(ref('edit-2'), 'edit');
    const userText = loaded.yaml.replace('runStrategy: Halted', 'runStrategy: Manual');
    // Someone else changes the VM meanwhile.
    const theirs = (await manifests.load(ref('edit-2'), 'edit')).yaml.replace('metadata:\n', 'metadata:\n  labels:\n    owner: someone-else\n');
    assert.equal((await manifests.update(theirs, ref('edit-2'))).kind, 'updated');
    const result = await manifests.update(userText, ref('edit-2'));
    assert.equal(result.kind, 'conflict');
    if (result.kind !== 'conflict') return;
    assert.equal(result.userText, userText);
    assert.match(result.message, /the object has been modified/);
    assert.equal(result.live.metadata.labels?.owner, 'someone-else');
    assert.match(result.liveYaml, /owner: someone-else/);
    assert.equal(((await stored('edit-2')).spec as { runStrategy: string }).runStrategy, 'Halted');
    const again = await manifests.update(rebaseText(result.userText, result.live), ref('edit-2'));
    assert.equal(again.kind, 'updated');
    assert.equal(((await stored('edit-2')).spec as { runStrategy: string }).runStrategy, 'Manual');
  });

  it('writes only the object the edit was opened for: another name or namespace is refused, a missing namespace filled in', async () => {
    const loaded = await manifests.load(ref('edit-1'), 'edit');
    const untouched = (await stored('apply-1')).metadata.resourceVersion;
    const renamed = loaded.yaml.replace('name: edit-1', 'name: apply-1');
    await assert.rejects(manifests.update(renamed, ref('edit-1')), /This editor is for VirtualMachine team-a\/edit-1; the text names the name "apply-1"/);
    const moved = loaded.yaml.replace(`namespace: ${NS}`, 'namespace: kube-system');
    await assert.rejects(manifests.update(moved, ref('edit-1')), /the namespace "kube-system"/);
    await assert.rejects(manifests.update(loaded.yaml.replace('kind: VirtualMachine', 'kind: VirtualMachineInstance'), ref('edit-1')), /names kubevirt\.io\/v1 VirtualMachineInstance/);
    assert.equal((await stored('apply-1')).metadata.resourceVersion, untouched, 'the other VM was not written');
    const unnamespaced = parseDocument(loaded.yaml);
    unnamespaced.deleteIn(['metadata', 'namespace']);
    unnamespaced.setIn(['metadata', 'labels', 'pinned'], 'yes');
    const result = await manifests.update(unnamespaced.toString(), ref('edit-1'));
    assert.equal(result.kind, 'updated');
    assert.equal((await stored('edit-1')).metadata.labels?.pinned, 'yes');
  });

  it('editing a VMI (no status subresource) keeps its status', async () => {
    await eventually('run-1 VMI Running', async () => (((await lab.api('lab').get(VMIS, NS, 'run-1'))?.status as { phase?: string } | undefined)?.phase === 'Running' ? true : undefined));
    // The controllers may still write the running VMI's status (its guest agent connecting): an edit read before
    // that is a conflict, rightly; it is read and made again, as a user would.
    let result: Awaited<ReturnType<typeof manifests.update>> | undefined;
    for (let attempt = 0; attempt < 3 && result?.kind !== 'updated'; attempt++) {
      const doc = parseDocument((await manifests.load(ref('run-1', 'VirtualMachineInstance'), 'edit')).yaml);
      doc.setIn(['metadata', 'annotations', 'note'], 'edited');
      result = await manifests.update(doc.toString(), ref('run-1', 'VirtualMachineInstance'));
    }
    assert.equal(result?.kind, 'updated');
    const vmi = (await lab.api('lab').get(VMIS, NS, 'run-1'))!;
    assert.equal(vmi.metadata.annotations?.note, 'edited');
    assert.equal((vmi.status as { phase?: string }).phase, 'Running');
  });

  it('server-side apply: the dry run returns the would-be object and changes nothing; the real apply does', async () => {
    const before = structuredClone(await stored('apply-1'));
    const text = [
      'apiVersion: kubevirt.io/v1', 'kind: VirtualMachine', 'metadata:', '  name: apply-1', `  namespace: ${NS}`, '  labels:', '    tier: web',
    ].join('\n');
    const dry = await manifests.apply(text, { dryRun: true });
    assert.equal(dry.object.metadata.labels?.tier, 'web');
    assert.doesNotMatch(dry.yaml, /managedFields/);
    assert.deepEqual(await stored('apply-1'), before);
    await manifests.apply(text, { dryRun: false });
    assert.equal((await stored('apply-1')).metadata.labels?.tier, 'web');
    const managers = ((await stored('apply-1')).metadata.managedFields as { manager?: string; operation?: string }[] | undefined) ?? [];
    assert.ok(managers.some((m) => m.manager === 'kubevirt-workbench' && m.operation === 'Apply'), JSON.stringify(managers));
  });

  it('diff with cluster: the live object, or "not on cluster"', async () => {
    const live = await manifests.live('apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: edit-1\n');
    assert.equal(live.kind, 'live');
    const absent = await manifests.live('apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: nowhere\n');
    assert.deepEqual(absent, { kind: 'absent', message: 'VirtualMachine nowhere is not on the cluster.' });
  });
});
