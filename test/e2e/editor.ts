// Opening workspace files in the workbench's editor and reading what it shows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Locator, Page } from 'playwright-core';
import { visibleWithin } from './workbenchUi';

/** Runs `body` with `name` written into the workspace folder and opened; the file is removed afterwards. */
export async function withWorkspaceFile(page: Page, folder: string, name: string, text: string, body: (editor: Locator, file: string) => Promise<void>): Promise<void> {
  const file = path.join(folder, name);
  try {
    await body(await openWorkspaceFile(page, folder, name, text), file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Writes `name` into the workspace folder and opens it with Quick Open; resolves once the editor has focus. */
async function openWorkspaceFile(page: Page, folder: string, name: string, text: string): Promise<Locator> {
  fs.writeFileSync(path.join(folder, name), text);
  await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } }); // keyboard focus for Quick Open
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(name);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  const tab = page.locator(`.tab.active[aria-label^="${name}"]`);
  // On a busy machine Quick Open may still be redrawing its results when Enter arrives, and drop it: press again
  // while the picker still shows the file.
  for (const deadline = Date.now() + 30_000; ; ) {
    await row.waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const opened = await visibleWithin(tab, 3_000);
    if (opened) break;
    if (Date.now() > deadline || !(await input.isVisible())) {
      await tab.waitFor({ state: 'visible', timeout: 15_000 });
      break;
    }
  }
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('textarea').first().waitFor({ state: 'attached', timeout: 15_000 });
  await editor.click();
  return editor;
}

/** The rendered line of the editor that contains `text`. */
export function editorLine(editor: Locator, text: string): Locator {
  return editor.locator('.view-line', { hasText: text }).first();
}

/** Saves the active editor and resolves once `accept` holds for the file's text on disk. */
export async function saveAndRead(page: Page, file: string, accept: (text: string) => boolean): Promise<void> {
  await page.keyboard.press('Control+S');
  const deadline = Date.now() + 15_000;
  for (;;) {
    const text = fs.readFileSync(file, 'utf8');
    if (accept(text)) return;
    if (Date.now() > deadline) throw new Error(`${path.basename(file)} as saved is not as expected:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
