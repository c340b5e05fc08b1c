// Starting a stopped VM from the Fleet tree's context menu: the menu offers Start (the admin may, the VM is
// stopped), and the row turns Running.
import type { Locator, Page } from 'playwright-core';
import { expand, openFleet, row } from './treeRows';
import { UiTest } from './uiTest';

const VM = 'batch-worker';

/** Opens the row's context menu until it offers `item` (the access review may still be under way). */
async function menuItem(page: Page, target: Locator, item: string): Promise<Locator> {
  const entry = page.locator('.monaco-menu .action-item .action-label', { hasText: new RegExp(`^${item}$`) }).first();
  const deadline = Date.now() + 30_000;
  for (;;) {
    await target.click({ button: 'right' });
    if (await entry.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) return entry;
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) throw new Error(`the context menu of ${VM} never offered ${item}`);
  }
}

export const vmLifecycle: UiTest = {
  name: 'vm-lifecycle',
  fleet: 'demo',
  async run({ page, screenshot }) {
    await openFleet(page);
    await expand(page, 'prod-east');
    await expand(page, 'tenant-alpha');
    const target = row(page, VM);
    await target.waitFor({ state: 'visible', timeout: 30_000 });
    await target.locator('.label-description', { hasText: /^Stopped/ }).waitFor({ timeout: 30_000 });

    // The menu can close under the pointer (the tree redraws when access reviews of other tenants land) and the
    // workbench ignores a click that arrives before its menu is ready: open, hover, pause, click, until it takes.
    let shot = false;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const start = await menuItem(page, target, 'Start');
      const clicked = await start.hover({ timeout: 2_000 }).then(
        async () => {
          await page.waitForTimeout(250);
          if (!shot && (await start.isVisible())) {
            await screenshot('vm-context-menu');
            shot = true;
          }
          return start.click({ timeout: 2_000 }).then(() => true, () => false);
        },
        () => false,
      );
      if (clicked && (await target.locator('.label-description', { hasText: /^(Starting|Running)/ }).waitFor({ timeout: 5_000 }).then(() => true, () => false))) break;
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`choosing Start never started ${VM}`);
    }
    await target.locator('.label-description', { hasText: /^Running/ }).waitFor({ timeout: 60_000 });
    await page.mouse.move(900, 700);
    await screenshot('vm-started');
  },
};
