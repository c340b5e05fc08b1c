import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/model/kubeObject';
import { loadScenario } from '../sim/scenarios';
import { child, description, eventually, startFleet, workloadNode, type DemoFleet } from './demoFleet';
import { ScriptedInput, withInput, type Asked } from './scriptedInput';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJourneyKeyForTests journey@test';

/** The "(k/n)" of every step title: k never passes n, and the last step is n of n. */
function assertStepCounts(prompts: Asked[]): void {
  const counts = prompts.map((p) => /\((\d+)\/(\d+)\)/.exec(p.text)).filter((m): m is RegExpExecArray => !!m).map((m) => [Number(m[1]), Number(m[2])]);
  assert.ok(counts.length > 0, 'no numbered steps');
  for (const [k, n] of counts) assert.ok(k <= n, `step ${k}/${n}: ${prompts.map((p) => p.text).join(' | ')}`);
  const [k, n] = counts[counts.length - 1];
  assert.equal(k, n, `the last step is ${k}/${n}`);
}

describe('New Virtual Machine, from the wizard to Apply (demo scenario)', function () {
  this.timeout(90_000);
  let demo: DemoFleet;

  before(async () => {
    demo = await startFleet(loadScenario('demo'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await demo?.stop();
  });

  it('asks cluster and namespace, counts its steps truly, and Apply creates the VM and its key there', async () => {
    const script = new ScriptedInput().expect(
      { kind: 'pick', match: /^New Virtual Machine \(1\/8\) — Cluster to create the VirtualMachine on$/, answer: 'edge-lab' },
      // edge-lab has no KubeVirt: the same step again, saying why
      { kind: 'pick', match: /^New Virtual Machine \(1\/8\) — edge-lab: no KubeVirt: it cannot run VirtualMachines\. Choose another cluster\.$/, answer: 'prod-east' },
      { kind: 'pick', match: /^New Virtual Machine \(2\/8\) — Namespace on prod-east where you may create a VirtualMachine$/, answer: 'tenant-bravo' },
      { kind: 'input', match: /^New Virtual Machine \(3\/8\) Name of the VirtualMachine in tenant-bravo$/, answer: 'journey-vm' },
      { kind: 'pick', match: /\(4\/8\) — Boot disk$/, answer: 'Import a disk image from a URL…' },
      { kind: 'input', match: /\(5\/10\) URL of the disk image/, answer: 'https://images.example.com/fedora-40.qcow2' },
      { kind: 'input', match: /\(6\/10\) Size of the disk/, answer: '20Gi' },
      { kind: 'pick', match: /\(7\/10\) — Instancetype \(CPU and memory\)$/, answer: 'u1.medium' },
      { kind: 'pick', match: /\(8\/11\) — Preference/, answer: 'fedora' },
      { kind: 'input', match: /\(9\/11\) Guest user/, answer: 'fedora' },
      { kind: 'pick', match: /\(10\/11\) — SSH public key for fedora$/, answer: 'No SSH key' },
      { kind: 'confirm', match: /^journey-vm will have no way to log in$/, answer: undefined },
      { kind: 'pick', match: /\(10\/11\) — SSH public key for fedora$/, answer: 'Paste a public key…' },
      { kind: 'input', match: /\(11\/12\) OpenSSH public key/, answer: KEY },
      { kind: 'pick', match: /\(12\/12\) — Run strategy$/, answer: 'Halted' },
    );
    const doc = await withInput(script, async () => vscode.commands.executeCommand<vscode.TextDocument | undefined>('kubevirtWorkbench.newVirtualMachine'));
    script.assertDone();
    assertStepCounts(script.prompts);

    const clusters = script.prompts[0].items ?? [];
    assert.deepEqual(
      clusters.map((i) => i.split(' — ')[0]),
      ['prod-east', 'shared-dev', '--- not available', 'edge-lab', 'offline', '--- ', 'Without a cluster'],
      'reachable clusters with KubeVirt first, the others below',
    );
    assert.equal(clusters[0], 'prod-east — KubeVirt 1.5.2 · K8s 1.36.3 · current context');
    assert.equal(clusters[4], 'offline — unreachable — connection refused');
    const namespaces = (script.prompts[2].items ?? []).map((i) => i.split(' — ')[0]);
    assert.equal(namespaces[0], 'tenant-alpha', "the context's namespace first");
    for (const tenant of ['tenant-bravo', 'tenant-charlie', 'tenant-delta', 'tenant-echo']) assert.ok(namespaces.includes(tenant), `${tenant} missing from ${namespaces}`);
    assert.ok(!namespaces.includes('kube-system'), 'no system namespace');
    assert.ok(script.prompts[7].items?.includes('u1.medium — 1 vCPU · 4Gi'), String(script.prompts[7].items));
    assert.ok(!script.prompts.at(-1)?.items?.some((i) => i.startsWith('WaitAsReceiver')), 'WaitAsReceiver is not offered');

    assert.ok(doc, 'no document opened');
    assert.equal(doc.uri.scheme, 'untitled');
    assert.match(doc.uri.path, /journey-vm\.yaml$/);
    const objects = parseAllDocuments(doc.getText()).map((d) => d.toJS() as KubeObject);
    assert.deepEqual(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`), ['Secret tenant-bravo/journey-vm-ssh-key', 'VirtualMachine tenant-bravo/journey-vm']);

    // Apply knows the cluster the wizard chose and names namespace and cluster in its confirmation.
    const apply = new ScriptedInput().expect({
      kind: 'confirm',
      match: /^Apply Secret journey-vm-ssh-key and VirtualMachine journey-vm to tenant-bravo on prod-east\?$/,
      answer: 'Apply',
    });
    const applied = await withInput(apply, async () => vscode.commands.executeCommand<{ all: KubeObject[] }>('kubevirtWorkbench.apply', doc.uri));
    apply.assertDone();
    assert.deepEqual(applied.all.map((o) => o.kind), ['Secret', 'VirtualMachine']);
    const vm = await workloadNode(demo.tree, 'prod-east', 'tenant-bravo', 'journey-vm');
    await eventually('journey-vm shows Stopped', () => description(demo.tree, vm).startsWith('Stopped'));
  });

  it('run on a Capsule tenant, offers only the namespaces where access reviews allow creating a VM', async () => {
    const oil = await child(demo.tree, await child(demo.tree, undefined, 'shared-dev'), 'oil');
    const script = new ScriptedInput().expect({ kind: 'pick', match: /^New Virtual Machine \(1\/7\) — Namespace on shared-dev where you may create a VirtualMachine$/, answer: undefined });
    const doc = await withInput(script, async () => vscode.commands.executeCommand<vscode.TextDocument | undefined>('kubevirtWorkbench.newVirtualMachine', oil));
    script.assertDone();
    assert.equal(doc, undefined);
    // alice may operate VMs in oil-staging but not create them there
    assert.deepEqual(script.prompts[0].items, ["oil-dev — tenant oil · the context's namespace"]);
  });
});
