// Driving the workbench around the Fleet view: context menus, quick picks, the command palette, modal dialogs and
// the notification center, each waited for with bounded timeouts.
import type { Locator, Page } from 'playwright-core';

/** Opens a row's context menu until it lists `expected` (menus fill in as access reviews land); its item labels. */
export async function contextMenu(page: Page, target: Locator, expected: string): Promise<string[]> {
  const items = page.locator('.monaco-menu .action-item .action-label');
  const deadline = Date.now() + 30_000;
  for (;;) {
    await target.click({ button: 'right' });
    const shown = await page.locator('.monaco-menu .action-label', { hasText: new RegExp(`^${escape(expected)}$`) }).first().waitFor({ state: 'visible', timeout: 3_000 }).then(
      () => true,
      () => false,
    );
    if (shown) {
      await page.waitForTimeout(300); // the menu fades in
      return (await items.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    }
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) throw new Error(`the context menu never offered ${expected}`);
  }
}

/** Whether the locator shows within `ms` (false rather than a timeout): a `done` check for chooseMenuItem. */
export const visibleWithin = (locator: Locator, ms: number): Promise<boolean> => locator.waitFor({ state: 'visible', timeout: ms }).then(() => true, () => false);

/** Chooses a menu item, retrying while the workbench ignores a click that arrives before its menu is ready. */
export async function chooseMenuItem(page: Page, target: Locator, item: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await contextMenu(page, target, item);
    const entry = page.locator('.monaco-menu .action-label', { hasText: new RegExp(`^${escape(item)}$`) }).first();
    await entry.hover({ timeout: 2_000 }).catch(() => undefined);
    await page.waitForTimeout(250);
    await entry.click({ timeout: 2_000 }).catch(() => undefined);
    if (await done()) return;
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) throw new Error(`choosing ${item} never took effect`);
  }
}

/** Runs a command from the palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/**
 * Hides or shows the primary side bar with the title bar's layout control: a click, where F1 into a webview that
 * holds the keyboard can time out on a loaded machine.
 */
export async function toggleSideBar(page: Page): Promise<void> {
  await page.locator('.titlebar-container [aria-label^="Toggle Primary Side Bar"]').first().click();
}

/** Waits for a quick pick or input box whose title matches; returns the visible rows' texts. */
export async function quickInput(page: Page, title: RegExp): Promise<string[]> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForTimeout(200); // the list renders just after the title
  return (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Picks the row whose label is exactly `label` (by its accessible name) in the open quick pick. */
export async function pick(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${escape(label)}$`) }) }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

/** Types into the open input box and accepts. */
export async function answer(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/** The open modal dialog. */
export function dialog(page: Page): Locator {
  return page.locator('.monaco-dialog-box');
}

/** Shows the notification center (toasts are hidden in the test workbench) and waits for a message in it. */
export async function notification(page: Page, text: string | RegExp): Promise<Locator> {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible())) await page.locator('[id="status.notifications"]').click();
  const item = center.locator('.notification-list-item', { hasText: text }).first();
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  return item;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
