// Locating and expanding rows of the Fleet tree in the workbench.
import { Locator, Page } from 'playwright-core';

export function row(page: Page, label: string): Locator {
  // The row's accessible label starts with the tree item's label.
  return page.locator(`.part.sidebar .monaco-list-row[aria-label^="${label}"]`).first();
}

export async function expand(page: Page, label: string): Promise<void> {
  const target = row(page, label);
  await target.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await target.getAttribute('aria-expanded')) !== 'true') await target.click();
}

/** Opens the KubeVirt container and widens the side bar so descriptions are not cut off. */
export async function openFleet(page: Page, width = 560): Promise<void> {
  const icon = page.locator('.part.activitybar [aria-label^="KubeVirt"]').first();
  await icon.waitFor({ state: 'visible', timeout: 60_000 });
  await icon.click();
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar && sidebar.width < width) {
    const x = sidebar.x + sidebar.width;
    const y = sidebar.y + sidebar.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + width, y, { steps: 5 });
    await page.mouse.up();
  }
}
