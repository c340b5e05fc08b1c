import { UiTest } from './uiTest';

export const fleetWelcome: UiTest = {
  name: 'fleet-welcome',
  fleet: 'none',
  async run({ page, screenshot }) {
    const icon = page.locator('.part.activitybar [aria-label^="KubeVirt"]').first();
    await icon.waitFor({ state: 'visible', timeout: 60_000 });
    await icon.click();
    await page.mouse.move(640, 600); // away from the icon, so its hover label is gone in the screenshot
    // Without clusters the Fleet view shows its welcome content.
    await page.locator('.part.sidebar').getByText('No clusters yet.').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot('fleet-welcome');
  },
};
