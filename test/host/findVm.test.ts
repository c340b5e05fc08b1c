import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VmPick } from '../../src/commands/findVm';
import { loadScenario } from '../sim/scenarios';
import { childrenOf, startFleet, type DemoFleet } from './demoFleet';
import { ScriptedInput, withInput } from './scriptedInput';

describe('Find Virtual Machine (demo scenario)', function () {
  this.timeout(90_000);
  let demo: DemoFleet;

  before(async () => {
    demo = await startFleet(loadScenario('demo'));
  });
  after(async () => demo?.stop());

  // Revealing the choice in the tree is checked by the fleet-demo UI test, on the real view.
  it('connects the clusters itself and matches node and IP', async () => {
    for (const c of ['prod-east', 'shared-dev', 'edge-lab', 'offline']) assert.equal(demo.tree.getTreeItem((await childrenOf(demo.tree)).find((n) => n.id === c)!).description, 'not connected');
    const script = new ScriptedInput().expect({ kind: 'pick', match: /^Find Virtual Machine — Name, namespace, cluster, status, node or IP$/, answer: '$(vm-running) web-frontend-1' });
    const picked = await withInput(script, async () => vscode.commands.executeCommand<VmPick | undefined>('kubevirtWorkbench.findVirtualMachine'));
    script.assertDone();
    assert.equal(picked?.name, 'web-frontend-1');
    const items = script.prompts[0].items ?? [];
    assert.ok(items.some((i) => i.startsWith('$(vm-running) oil-dev-app — oil-dev · shared-dev')), 'the VMs of every reachable cluster');
    const row = items.find((i) => i.startsWith('$(vm-running) web-frontend-1 —'));
    assert.match(row ?? '', / — Running · prod-east-worker-\d · 10\.\d+\.\d+\.\d+$/);
    const stopped = items.find((i) => i.startsWith('$(vm-outline) batch-worker —'));
    assert.match(stopped ?? '', / — Stopped$/, 'no stale node or IP for a stopped VM');
    assert.equal(demo.tree.getTreeItem((await childrenOf(demo.tree)).find((n) => n.id === 'prod-east')!).description, 'KubeVirt 1.5.2 · K8s 1.36.3');
  });
});
