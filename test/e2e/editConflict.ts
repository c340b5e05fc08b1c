// Editing a live VM while someone else changes it: the tab names the cluster; saving over the other change is
// refused with VS Code's own single notification, Compare shows the cluster's version beside the user's, and
// accepting the user's version saves it on top.
import { callCluster } from '../sim/request';
import { openFleetAt, pointerAway, row } from './treeRows';
import { UiTest } from './uiTest';
import { chooseMenuItem, notification, visibleWithin } from './workbenchUi';

const VM = 'app-1';
const TAB = `${VM} (prod-east, edit).yaml`;

export const editConflict: UiTest = {
  name: 'edit-conflict',
  fleet: 'demo',
  async run({ page, sim, screenshot }) {
    if (!sim) throw new Error('edit-conflict changes the VM behind the editor\'s back through the simulator');
    await openFleetAt(page, 'prod-east', 'tenant-echo');
    const target = row(page, VM);
    await target.waitFor({ state: 'visible', timeout: 30_000 });
    const tab = page.locator(`.tab[aria-label^="${TAB}"]`);
    await chooseMenuItem(page, target, 'Edit', () => visibleWithin(tab, 5_000));
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-line', { hasText: `name: ${VM}` }).first().waitFor({ timeout: 30_000 });
    await editor.locator('.view-line', { hasText: 'runStrategy: Always' }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' # reviewed');

    // Someone stops the VM meanwhile: its spec changes on the cluster.
    const status = await callCluster(sim, 'prod-east', 'demo-prod-east-admin', 'PUT', `/apis/subresources.kubevirt.io/v1/namespaces/tenant-echo/virtualmachines/${VM}/stop`, {});
    if (status !== 202) throw new Error(`stop answered ${status}`);
    await row(page, VM).locator('.label-description', { hasText: /^(Stopping|Stopped)/ }).waitFor({ timeout: 30_000 });

    await page.keyboard.press('Control+S');
    const refused = await notification(page, `Failed to save '${TAB}'`);
    const count = await page.locator('.notifications-center .notification-list-item').count();
    if (count !== 1) throw new Error(`${count} notifications for one refused save`);
    await pointerAway(page);
    await screenshot('edit-conflict');

    await refused.locator('.monaco-button', { hasText: /^Compare$/ }).click();
    await page.locator('.editor-instance .monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.monaco-diff-editor .view-line', { hasText: 'runStrategy: Halted' }).first().waitFor({ timeout: 30_000 });
    await pointerAway(page);
    await screenshot('edit-conflict-compare');

    // Keep mine: saved on top of the cluster's version, the tab is clean again.
    const accept = page.locator('.editor-actions .action-label[aria-label*="overwrite file contents" i]').first();
    await accept.click();
    const dirty = page.locator(`.tab.dirty[aria-label^="${TAB}"]`);
    for (const deadline = Date.now() + 30_000; (await dirty.count()) > 0; await page.waitForTimeout(200)) {
      if (Date.now() > deadline) throw new Error('the edit is still unsaved after choosing to overwrite');
    }
  },
};
