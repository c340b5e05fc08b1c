// The demo fleet in the real workbench: clusters, tenants and VMs with their statuses, the unreachable
// cluster with its reason, and Find Virtual Machine revealing a VM in a collapsed tenant.
import { expand, openFleet, row } from './treeRows';
import { UiTest } from './uiTest';

export const fleetDemo: UiTest = {
  name: 'fleet-demo',
  fleet: 'demo',
  async run({ page, screenshot }) {
    await openFleet(page);
    await expand(page, 'offline');
    await row(page, 'connect ECONNREFUSED').waitFor({ state: 'visible', timeout: 30_000 });
    await expand(page, 'prod-east');
    await expand(page, 'tenant-alpha');
    await row(page, 'Virtual Machines').waitFor({ state: 'visible', timeout: 30_000 });
    for (const vm of ['web-frontend-1', 'db-replica', 'batch-worker']) await row(page, vm).waitFor({ state: 'visible', timeout: 30_000 });
    await page.mouse.move(900, 700);
    await screenshot('fleet-demo');

    await page.locator('.part.sidebar .action-label[aria-label^="Find Virtual Machine"]:visible').first().click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('gpu-trainer');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'tenant-charlie' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.part.sidebar .monaco-list-row.selected[aria-label^="gpu-trainer"]').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot('fleet-find-vm');
  },
};
