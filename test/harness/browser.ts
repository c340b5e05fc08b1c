// Headless system Chromium driven by playwright-core (no browser download needed).
import * as path from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';
import { chromiumPath } from './prerequisites';
import { RunDir } from './runDir';

export async function launchBrowser(run: RunDir, name: string): Promise<BrowserContext> {
  // A persistent context because Playwright rejects --user-data-dir in args; the profile stays in the run dir.
  return chromium.launchPersistentContext(path.join(run.root, `chromium-${name}`), {
    executablePath: chromiumPath(),
    headless: true,
    env: { ...process.env, ...run.env },
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox', // runs as root in CI
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
