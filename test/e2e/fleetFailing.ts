// A tenant in trouble at the default side bar width: its row leads with what is failing, an error VM's row and
// first tooltip line say why, and the view's Sort Failing First puts the failing VMs on top.
import { expand, openFleetAt, pointerAway, row, rowDescription } from './treeRows';
import { UiTest } from './uiTest';
import { visibleWithin } from './workbenchUi';

export const fleetFailing: UiTest = {
  name: 'fleet-failing',
  fleet: 'demo',
  async run({ page, screenshot }) {
    await openFleetAt(page, 'prod-east');
    await rowDescription(page, 'tenant-bravo').filter({ hasText: /^5 failing · 7 VMs · 1 microVM · 2 containers$/ }).waitFor({ timeout: 30_000 });
    await expand(page, 'tenant-bravo');
    await rowDescription(page, 'Virtual Machines').filter({ hasText: /^3 of 7 failing$/ }).waitFor({ timeout: 30_000 });
    await rowDescription(page, 'ci-runner-2').filter({ hasText: /^ErrorUnschedulable · 0\/\d nodes are available/ }).waitFor({ timeout: 30_000 });
    await expand(page, 'Containers');
    await rowDescription(page, 'flaky-job').filter({ hasText: /^CrashLoopBackOff/ }).waitFor({ timeout: 30_000 });
    // The tooltip opens after a pause on the row; a redraw of the row under the pointer cancels it, so hover again.
    const hover = page.locator('.monaco-hover', { hasText: 'ErrorUnschedulable — Unschedulable' }).first();
    for (const deadline = Date.now() + 30_000; ; ) {
      await pointerAway(page);
      await row(page, 'ci-runner-2').hover();
      if (await visibleWithin(hover, 5_000)) break;
      if (Date.now() > deadline) throw new Error('no tooltip on ci-runner-2');
    }
    await screenshot('fleet-failing-tenant');

    await pointerAway(page);
    const more = page.locator('.part.sidebar .action-label[aria-label^="Views and More Actions"]:visible, .part.sidebar .action-label[aria-label="More Actions..."]:visible').first();
    await more.click();
    await page.locator('.monaco-menu .action-label', { hasText: /^Sort Failing First$/ }).first().click();
    const first = page.locator('.part.sidebar .monaco-list-row[aria-label^="artifact-store"], .part.sidebar .monaco-list-row[aria-label^="build-cache"], .part.sidebar .monaco-list-row[aria-label^="ci-runner-2"]');
    const vms = page.locator('.part.sidebar .monaco-list-row[aria-level="4"]');
    const deadline = Date.now() + 30_000;
    for (;;) {
      const labels = (await vms.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''))).slice(0, 3).map((l) => l.split(',')[0]);
      if (labels.sort().join() === 'artifact-store,build-cache,ci-runner-2') break;
      if (Date.now() > deadline) throw new Error(`the failing VMs are not first: ${labels.join(', ')}`);
      await page.waitForTimeout(200);
    }
    await first.first().waitFor();
    await pointerAway(page);
    await screenshot('fleet-failing-first');
    await more.click();
    await page.locator('.monaco-menu .action-label', { hasText: /^Sort by Name$/ }).first().click();
  },
};
