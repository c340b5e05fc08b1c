import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FLEET_VIEW } from '../../src/contributions';
import { activatedExtension, manifest } from './extension';

const CONTAINER_ID = 'kubevirtWorkbench';

describe('contributions', () => {
  it('registers every command contributed in package.json', async () => {
    const ext = await activatedExtension();
    // Activation registers a stand-in for each; reading the API loads the workbench, whose commands replace them.
    assert.ok((ext.exports as { fleetTree?: unknown }).fleetTree, 'the workbench did not load');
    const contributed = (manifest(ext).contributes.commands ?? []).map((c) => c.command);
    assert.notEqual(contributed.length, 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });

  it('contributes the KubeVirt activity-bar container holding the Fleet view', async () => {
    const { contributes } = manifest(await activatedExtension());
    const container = contributes.viewsContainers?.activitybar?.find((c) => c.id === CONTAINER_ID);
    assert.equal(container?.title, 'KubeVirt');
    assert.ok(contributes.views?.[CONTAINER_ID]?.some((v) => v.id === FLEET_VIEW));
    // The workbench registers an open command per view container it accepted.
    await vscode.commands.executeCommand(`workbench.view.extension.${CONTAINER_ID}`);
  });

  it('opens the Fleet view', async () => {
    await activatedExtension();
    await vscode.commands.executeCommand(`${FLEET_VIEW}.focus`);
  });
});
