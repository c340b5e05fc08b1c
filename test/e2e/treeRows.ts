// Locating and expanding rows of the Fleet tree in the workbench, at the side bar's default width.
import { Locator, Page } from 'playwright-core';

export function row(page: Page, label: string): Locator {
  // The row's accessible label starts with the tree item's label.
  return page.locator(`.part.sidebar .monaco-list-row[aria-label^="${label}"]`).first();
}

/** A row's description (the grey text after its label). */
export function rowDescription(page: Page, label: string): Locator {
  return row(page, label).locator('.label-description');
}

export async function expand(page: Page, label: string): Promise<void> {
  const target = row(page, label);
  await target.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await target.getAttribute('aria-expanded')) !== 'true') await target.click();
}

/** Opens the KubeVirt container, leaving the side bar at the width a new user has. */
export async function openFleet(page: Page): Promise<void> {
  const icon = page.locator('.part.activitybar [aria-label^="KubeVirt"]').first();
  await icon.waitFor({ state: 'visible', timeout: 60_000 });
  await icon.click();
}

/** Opens the KubeVirt container and expands the rows on the way, e.g. a cluster and one of its tenants. */
export async function openFleetAt(page: Page, ...path: string[]): Promise<void> {
  await openFleet(page);
  for (const label of path) await expand(page, label);
}

/** Moves the pointer to empty editor space, so no hover or tooltip is in a screenshot. */
export async function pointerAway(page: Page): Promise<void> {
  await page.mouse.move(900, 700);
  await page.waitForTimeout(300);
}
