// Starting a stopped VM from the Fleet tree's context menu: the menu offers Start (the admin may, the VM is
// stopped), and the row turns Running.
import { openFleetAt, pointerAway, row } from './treeRows';
import { UiTest } from './uiTest';
import { chooseMenuItem, contextMenu, visibleWithin } from './workbenchUi';

const VM = 'batch-worker';

export const vmLifecycle: UiTest = {
  name: 'vm-lifecycle',
  fleet: 'demo',
  onRealToo: true,
  async run({ page, screenshot }) {
    await openFleetAt(page, 'prod-east', 'tenant-alpha');
    const target = row(page, VM);
    await target.waitFor({ state: 'visible', timeout: 30_000 });
    await target.locator('.label-description', { hasText: /^Stopped/ }).waitFor({ timeout: 30_000 });
    await contextMenu(page, target, 'Start');
    await page.locator('.monaco-menu .action-label', { hasText: /^Start$/ }).first().hover();
    await screenshot('vm-context-menu');
    await page.keyboard.press('Escape');
    // The menu can close under the pointer (the tree redraws as access reviews land) and the workbench ignores a
    // click that arrives before its menu is ready: choose until the VM is starting.
    await chooseMenuItem(page, target, 'Start', () =>
      visibleWithin(target.locator('.label-description', { hasText: /^(Starting|Running)/ }), 5_000),
    );
    await target.locator('.label-description', { hasText: /^Running/ }).waitFor({ timeout: 60_000 });
    await pointerAway(page);
    await screenshot('vm-started');
  },
};
