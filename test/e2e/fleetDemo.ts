// The demo fleet at the side bar's default width: no welcome text while the kubeconfig loads; clusters with their
// state and versions, a tenant's VMs status first; the unreachable cluster in words, its error row's Retry and Show
// Log, the raw error in the log; Find Virtual Machine by IP revealing a VM in a collapsed tenant.
import { expand, openFleet, pointerAway, row, rowDescription } from './treeRows';
import { UiTest } from './uiTest';
import { contextMenu } from './workbenchUi';

export const fleetDemo: UiTest = {
  name: 'fleet-demo',
  fleet: 'demo',
  onRealToo: true,
  async run({ page, screenshot }) {
    await openFleet(page);
    // Until the first cluster row shows, the welcome text ("No clusters yet") must not flash.
    const sidebar = page.locator('.part.sidebar');
    const deadline = Date.now() + 60_000;
    while (!(await row(page, 'prod-east').isVisible())) {
      if (await sidebar.getByText('No clusters yet.').isVisible()) throw new Error('the welcome text showed while the kubeconfig loaded');
      if (Date.now() > deadline) throw new Error('no cluster row');
      await page.waitForTimeout(50);
    }
    await rowDescription(page, 'prod-east').filter({ hasText: /^not connected$/ }).waitFor({ timeout: 15_000 });

    await expand(page, 'prod-east');
    await rowDescription(page, 'prod-east').filter({ hasText: /^KubeVirt 1\.5\.2 · K8s 1\.36\.3$/ }).waitFor({ timeout: 30_000 });
    await expand(page, 'tenant-alpha');
    await rowDescription(page, 'tenant-alpha').filter({ hasText: /VMs/ }).waitFor({ timeout: 30_000 });
    for (const vm of ['web-frontend-1', 'db-replica', 'batch-worker']) await row(page, vm).waitFor({ state: 'visible', timeout: 30_000 });
    await rowDescription(page, 'db-replica').filter({ hasText: /^Migrating · .*prod-east-worker-\d → prod-east-worker-\d/ }).waitFor({ timeout: 30_000 });
    // A Deployment's pods without their template hash: the generated name does not eat the row.
    await expand(page, 'Containers');
    await page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: /^payments-api-…-\w{5}$/ }).first().waitFor({ timeout: 30_000 });
    await pointerAway(page);
    await screenshot('fleet-demo');

    // The unreachable cluster says why in words; its error row offers Retry and Show Log.
    await page.locator('.part.sidebar .action-label[aria-label^="Collapse All"]:visible').first().click();
    await expand(page, 'edge-lab');
    await expand(page, 'offline');
    await rowDescription(page, 'offline').filter({ hasText: /^connection refused$/ }).waitFor({ timeout: 30_000 });
    await rowDescription(page, 'edge-lab').filter({ hasText: /^no KubeVirt · K8s/ }).waitFor({ timeout: 30_000 });
    const reason = row(page, 'Connection refused');
    await reason.waitFor({ state: 'visible', timeout: 30_000 });
    const items = await contextMenu(page, reason, 'Show Log');
    if (items.join() !== 'Retry,Show Log') throw new Error(`the error row's menu: ${items.join(', ')}`);
    await screenshot('fleet-unreachable');
    await page.locator('.monaco-menu .action-label', { hasText: /^Show Log$/ }).first().click();
    // (the output view renders spaces as no-break spaces)
    await page.locator('.part.panel .view-line', { hasText: /\[offline\]\sunreachable:\sconnect\sECONNREFUSED\s127\.0\.0\.1:\d+/ }).first().waitFor({ timeout: 30_000 });
    await pointerAway(page);
    await screenshot('fleet-unreachable-log');
    await page.keyboard.press('Control+J'); // close the panel again

    // Find Virtual Machine connects what it needs and matches an IP address.
    await page.locator('.part.sidebar .action-label[aria-label^="Find Virtual Machine"]:visible').first().click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('nfv-router');
    const gpu = page.locator('.quick-input-list .monaco-list-row', { hasText: 'nfv-router' }).filter({ hasText: /\b10\.\d+\.\d+\.\d+\b/ }).first();
    await gpu.waitFor({ timeout: 30_000 });
    const ip = /\b10\.\d+\.\d+\.\d+\b/.exec(await gpu.innerText())?.[0];
    if (!ip) throw new Error(`nfv-router has no IP in Find Virtual Machine: ${await gpu.innerText()}`);
    await input.fill(ip);
    await page.waitForTimeout(300);
    const matches = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    if (matches.length !== 1 || !matches[0].includes('nfv-router')) throw new Error(`searching ${ip} finds: ${matches.join(' | ')}`);
    await screenshot('fleet-find-vm');
    await page.keyboard.press('Enter');
    await page.locator('.part.sidebar .monaco-list-row.selected[aria-label^="nfv-router"]').waitFor({ state: 'visible', timeout: 30_000 });
  },
};
