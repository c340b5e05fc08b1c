import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openWalkthroughOnFirstRun, WALKTHROUGH_ID } from '../../src/views/walkthrough';
import { activatedExtension, EXTENSION_ID } from './extension';

interface Walkthrough {
  id: string;
  title: string;
  steps: { id: string; media: { markdown?: string; image?: string }; completionEvents?: string[] }[];
}

/** globalState as VS Code keeps it, in memory. */
class MemoryState implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

const OPEN_ON_INSTALL = 'workbench.welcomePage.walkthroughs.openOnInstall';

function walkthroughTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => /Get Started with KubeVirt Workbench|Welcome/.test(t.label));
}

async function tabsWhen(predicate: (tabs: vscode.Tab[]) => boolean, timeoutMs = 10_000): Promise<vscode.Tab[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tabs = walkthroughTabs();
    if (predicate(tabs)) return tabs;
    if (Date.now() > deadline) throw new Error(`walkthrough tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ') || 'none'}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the Getting Started walkthrough', function () {
  this.timeout(60_000);
  afterEach(async () => {
    await vscode.workspace.getConfiguration().update(OPEN_ON_INSTALL, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('has a step per task, each with a Markdown page in the package and a completion event', async () => {
    const ext = await activatedExtension();
    const walkthroughs = (ext.packageJSON as { contributes: { walkthroughs: Walkthrough[] } }).contributes.walkthroughs;
    const ours = walkthroughs.find((w) => w.id === WALKTHROUGH_ID);
    assert.ok(ours, 'no walkthrough');
    assert.ok(ours.steps.length >= 3);
    for (const step of ours.steps) {
      assert.ok(step.completionEvents?.length, `${step.id} has no completion event`);
      const page = step.media.markdown ?? step.media.image;
      assert.ok(page && fs.existsSync(path.join(ext.extensionPath, page)), `${step.id}: ${page} is missing`);
    }
    const registered = new Set(await vscode.commands.getCommands(true));
    const commands = ours.steps.flatMap((s) => s.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
    assert.deepEqual(commands.filter((c) => !registered.has(c)), [], 'completion events name commands that exist');
  });

  it('opens on the first run only', async () => {
    await vscode.workspace.getConfiguration().update(OPEN_ON_INSTALL, true, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const state = new MemoryState();
    assert.equal(await openWalkthroughOnFirstRun(EXTENSION_ID, state), true);
    await tabsWhen((tabs) => tabs.length === 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(await openWalkthroughOnFirstRun(EXTENSION_ID, state), false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(walkthroughTabs(), [], 'not opened a second time');
  });

  it('stays closed when VS Code is told not to open walkthroughs, and opens from KubeVirt: Get Started', async () => {
    await vscode.workspace.getConfiguration().update(OPEN_ON_INSTALL, false, vscode.ConfigurationTarget.Global);
    assert.equal(await openWalkthroughOnFirstRun(EXTENSION_ID, new MemoryState()), false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(walkthroughTabs(), []);
    await vscode.commands.executeCommand('kubevirtWorkbench.openWalkthrough');
    await tabsWhen((tabs) => tabs.length === 1);
  });
});
