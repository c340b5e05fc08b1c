// The guardrail audit as a user meets it: a tenant's Guardrails rows at the side bar's default width (the verdict
// in words first, a failing row's tooltip with why and reference), then the cluster's Isolation Overview.
import { openFleetAt, pointerAway, row } from './treeRows';
import { UiTest } from './uiTest';
import { chooseMenuItem, toggleSideBar, visibleWithin } from './workbenchUi';

export const guardrails: UiTest = {
  name: 'guardrails',
  fleet: 'demo',
  async run({ page, screenshot }) {
    await openFleetAt(page, 'prod-east', 'tenant-rogue', 'Guardrails');
    const running = row(page, "Fail: Running pods meet the namespace's Pod Security level");
    await running.waitFor({ state: 'visible', timeout: 60_000 });
    await row(page, 'Pass: Default-deny NetworkPolicy').waitFor({ state: 'visible', timeout: 30_000 });
    await row(page, 'tenant-rogue').filter({ hasText: /failing guardrails/ }).waitFor({ timeout: 30_000 });
    // The tooltip opens after a pause on the row; a redraw of the row under the pointer cancels it, so hover again.
    const hover = page.locator('.monaco-hover', { hasText: 'Reference:' }).first();
    for (const deadline = Date.now() + 30_000; ; ) {
      await pointerAway(page);
      await running.hover();
      if (await visibleWithin(hover, 5_000)) break;
      if (Date.now() > deadline) throw new Error('no tooltip on the running-pods row');
    }
    await screenshot('guardrails-tenant');
    await pointerAway(page);

    const tab = page.locator('.tab[aria-label^="Isolation: prod-east"]').first();
    await chooseMenuItem(page, row(page, 'prod-east'), 'Isolation Overview', () => tab.isVisible());
    const view = page.frameLocator('iframe.webview').first().frameLocator('iframe').first();
    await view.locator('vscode-table-cell', { hasText: 'tenant-fortress' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await view.locator('span.verdict', { hasText: /^hardened$/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await view.locator('span.verdict', { hasText: /^\d+ failing guardrails?$/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await toggleSideBar(page);
    await page.waitForTimeout(800); // the table lays out again at the new width
    await pointerAway(page);
    await screenshot('isolation-overview');
    await toggleSideBar(page);
  },
};
