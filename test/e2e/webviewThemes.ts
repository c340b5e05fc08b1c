// Every webview in the light, dark and high-contrast themes: it follows the theme (its text stays readable on its
// background), keeps a strict Content Security Policy with a nonce, and is screenshot in each theme as
// test-results/webview-<name>-<theme>.png. Another webview joins with one line in WEBVIEWS.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { expand, openFleet, row } from './treeRows';
import { UiTest } from './uiTest';
import { chooseMenuItem, runCommand } from './workbenchUi';

interface Webview {
  name: string;
  /** Opens the webview (or reveals it) and resolves with its content frame once it shows its data. */
  open(page: Page): Promise<FrameLocator>;
  /** Words shown in a colour of their own (verdicts, a connection state), each to stay readable (3:1). */
  coloured: string;
}

/** The content of the webview on show (a hidden tab's webview stays in the page, invisible). */
const shownWebview = (page: Page) => page.frameLocator('iframe.webview >> visible=true').first().frameLocator('iframe').first();

const WEBVIEWS: Webview[] = [
  {
    name: 'isolation-overview',
    async open(page) {
      const tab = page.locator('.tab[aria-label^="Isolation: prod-east"]').first();
      if (!(await tab.isVisible())) {
        if (!(await row(page, 'prod-east').isVisible())) await openFleet(page);
        await expand(page, 'prod-east'); // the overview is offered on a connected cluster
        await chooseMenuItem(page, row(page, 'prod-east'), 'Isolation Overview', () => tab.isVisible());
      }
      await tab.click();
      const view = shownWebview(page);
      await view.locator('vscode-table-cell', { hasText: 'tenant-fortress' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      // The audit has settled once the hardened tenant says so (its dry runs as the tenant answer last).
      await view.locator('span.verdict', { hasText: /^hardened$/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
      return view;
    },
    coloured: 'span.verdict',
  },
  {
    name: 'vnc',
    async open(page) {
      const tab = page.locator('.tab[aria-label^="VNC: web-frontend-1"]').first();
      if (!(await tab.isVisible())) {
        if (!(await row(page, 'prod-east').isVisible())) await openFleet(page);
        await expand(page, 'prod-east');
        await expand(page, 'tenant-alpha');
        const vm = row(page, 'web-frontend-1');
        await vm.locator('.label-description', { hasText: /^Running/ }).waitFor({ timeout: 60_000 });
        await chooseMenuItem(page, vm, 'Open VNC', () => tab.isVisible());
      }
      await tab.click();
      const view = shownWebview(page);
      await view.locator('#status', { hasText: /^Connected/ }).waitFor({ timeout: 60_000 });
      return view;
    },
    coloured: '#status',
  },
];

const THEMES = [
  { id: 'light', name: 'Default Light Modern', workbench: 'vs', webview: 'vscode-light' },
  { id: 'dark', name: 'Default Dark Modern', workbench: 'vs-dark', webview: 'vscode-dark' },
  { id: 'high-contrast', name: 'Default High Contrast', workbench: 'hc-black', webview: 'vscode-high-contrast' },
];

/** Sets the theme through the workspace settings (the workbench applies a change at once). */
function setTheme(folder: string, theme: string | undefined): void {
  const file = path.join(folder, '.vscode', 'settings.json');
  const settings = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  if (theme) settings['workbench.colorTheme'] = theme;
  else delete settings['workbench.colorTheme'];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

/** The page's policy and, for the body text and each coloured word, its colour against the page's background (WCAG contrast ratio). */
async function inspect(view: FrameLocator, coloured: string): Promise<{ csp: string; theme: string; background: string; body: number; words: { text: string; ratio: number }[] }> {
  return view.locator('body').evaluate((body, coloured) => {
    // The page's own window (the test project compiles without the DOM library).
    const dom = globalThis as unknown as {
      document: { documentElement: unknown; querySelector(s: string): { getAttribute(n: string): string | null } | null; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> };
      getComputedStyle(element: unknown): { color: string; backgroundColor: string; getPropertyValue(name: string): string };
    };
    const rgb = (css: string) =>
      css.startsWith('#') ? [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16)) : (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const luminance = (css: string) => {
      const [r, g, b] = rgb(css).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (a: string, b: string) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    // The page is transparent over the editor's background unless it paints its own.
    const painted = [dom.document.documentElement, body].map((e) => dom.getComputedStyle(e).backgroundColor).find((c) => !/^(transparent|rgba\(0, 0, 0, 0\))$/.test(c));
    const background = painted ?? dom.getComputedStyle(dom.document.documentElement).getPropertyValue('--vscode-editor-background').trim();
    const words = Array.from(dom.document.querySelectorAll(coloured)).map((v) => ({ text: v.textContent ?? '', ratio: ratio(dom.getComputedStyle(v).color, background) }));
    return {
      csp: dom.document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      theme: body.className,
      background,
      body: ratio(dom.getComputedStyle(body).color, background),
      words,
    };
  }, coloured);
}

export const webviewThemes: UiTest = {
  name: 'webview-themes',
  fleet: 'demo',
  async run({ page, folder, screenshot }) {
    let sideBarHidden = false;
    try {
      // Each is opened from the Fleet view, then gets the window's width, as a user reading a wide table gives it.
      for (const webview of WEBVIEWS) await webview.open(page);
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      sideBarHidden = true;
      await page.waitForTimeout(800); // the table lays out again at the new width
      for (const theme of THEMES) {
        setTheme(folder, theme.name);
        await page.locator(`.monaco-workbench.${theme.workbench}`).waitFor({ timeout: 30_000 });
        for (const webview of WEBVIEWS) {
          const view = await webview.open(page);
          await view.locator(`body.${theme.webview}`).waitFor({ timeout: 30_000 });
          const seen = await inspect(view, webview.coloured);
          const where = `${webview.name} in ${theme.name}`;
          if (!/(^|;)\s*default-src 'none'/.test(seen.csp)) throw new Error(`${where}: the CSP has no default-src 'none': ${seen.csp}`);
          const scripts = /script-src ([^;]*)/.exec(seen.csp)?.[1] ?? '';
          if (!/'nonce-[A-Za-z0-9+/=]{16,}'/.test(scripts) || /unsafe-inline|unsafe-eval|https?:/.test(scripts)) throw new Error(`${where}: scripts are not limited to a nonce: ${seen.csp}`);
          if (seen.body < 4.5) throw new Error(`${where}: body text contrast ${seen.body.toFixed(2)} on ${seen.background} is below 4.5`);
          const faint = seen.words.filter((v) => v.ratio < 3);
          if (!seen.words.length || faint.length) throw new Error(`${where}: coloured words below 3:1 contrast on ${seen.background}: ${JSON.stringify(faint)} (of ${seen.words.length})`);
          await page.mouse.move(0, 0);
          await screenshot(`webview-${webview.name}-${theme.id}`);
        }
      }
    } finally {
      setTheme(folder, undefined);
      if (sideBarHidden) await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    }
  },
};
