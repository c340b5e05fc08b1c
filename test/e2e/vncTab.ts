// Open VNC as a user meets it: from a running VM's menu, the VM's screen in an editor tab (noVNC in a webview,
// relayed by the extension host): the simulated screen's title bar and console drawn on the canvas, the desktop
// named after the VM, typed keys echoed on the screen, and Screenshot… saving a PNG where the save dialog says.
// Send Ctrl+Alt+Del reboots the guest. The VM stopped from its menu leaves the tab saying so; started again,
// Reconnect brings the screen back. Then another viewer (virtctl vnc's way: taking the screen over) drops the tab,
// which says so; Reconnect is refused while the other viewer stays, with Take Over offered, which brings it back.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { KubeHttp } from '../../src/cluster/kubeHttp';
import { openVnc } from '../../src/cluster/vnc';
import { openFleetAt, pointerAway, row } from './treeRows';
import { UiTest } from './uiTest';
import { chooseMenuItem, dialog, visibleWithin } from './workbenchUi';

const VM = 'web-frontend-1';
/** The simulated screen's title bar and console backgrounds (test/sim/kubevirt/rfb/display.ts). */
const TITLE_BG = [0x1f, 0x4e, 0x79];
const CONSOLE_BG = [0x10, 0x10, 0x10];

/** The VNC tab's document: the visible webview's inner frame. */
function vncFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview').filter({ visible: true }).first().contentFrame().locator('iframe').first().contentFrame();
}

/** What the canvas holds: its size, two pixels and a fingerprint of the console area (to see the screen change). */
function readCanvas(frame: FrameLocator) {
  return frame.locator('#screen canvas').first().evaluate((node) => {
    // The tests compile without the DOM library: the canvas's shape, as far as it is read here.
    const canvas = node as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const context = canvas.getContext('2d');
    const pixel = (x: number, y: number) => [...context.getImageData(x, y, 1, 1).data.slice(0, 3)];
    const area = context.getImageData(0, 40, canvas.width, canvas.height - 80).data;
    let lit = 0;
    let sum = 0;
    for (let i = 0; i < area.length; i += 4) {
      if (area[i] > 0x80) lit++;
      sum = (sum * 31 + area[i] + i) % 1_000_000_007;
    }
    return { width: canvas.width, height: canvas.height, title: pixel(2, 2), console: pixel(canvas.width - 3, canvas.height / 2), lit, sum };
  });
}

/**
 * The VM stopped from its menu while the tab is open: the tab says the VM is not running, in words; started again,
 * Reconnect brings the screen back.
 */
async function stoppedAndBack(page: Page, frame: FrameLocator, target: Locator, screenshot: (name: string) => Promise<void>): Promise<void> {
  await chooseMenuItem(page, target, 'Stop', () => visibleWithin(dialog(page), 5_000));
  await dialog(page).locator('.monaco-button', { hasText: /^Stop$/ }).click();
  await frame.locator('#banner-text', { hasText: new RegExp(`^${VM} is not running \\(`) }).waitFor({ timeout: 60_000 });
  await frame.locator('#status', { hasText: /^Not connected/ }).waitFor({ timeout: 10_000 });
  await target.locator('.label-description', { hasText: /^Stopped/ }).waitFor({ timeout: 60_000 });
  await pointerAway(page);
  await screenshot('vnc-tab-stopped');
  await chooseMenuItem(page, target, 'Start', () => visibleWithin(target.locator('.label-description', { hasText: /^(Starting|Running)/ }), 5_000));
  await target.locator('.label-description', { hasText: /^Running/ }).waitFor({ timeout: 60_000 });
  // The guest's screen is there once its VMI runs: Reconnect until it takes.
  await until('the screen back after Reconnect', async () => {
    if (await frame.locator('body[data-state="connected"]').count()) return true;
    await frame.locator('#reconnect').click();
    await frame.locator('body[data-state="connected"]').waitFor({ state: 'attached', timeout: 5_000 });
    return true;
  }, 60_000);
  await frame.locator('#banner').waitFor({ state: 'hidden', timeout: 10_000 });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const vncTab: UiTest = {
  name: 'vnc-tab',
  fleet: 'demo',
  onRealToo: true,
  async run({ page, screenshot, folder, sim }) {
    await openFleetAt(page, 'prod-east', 'tenant-alpha');
    const target = row(page, VM);
    await target.locator('.label-description', { hasText: /^Running/ }).waitFor({ timeout: 60_000 });
    const tab = page.locator(`.tab[aria-label^="VNC: ${VM}"]`).first();
    await chooseMenuItem(page, target, 'Open VNC', () => visibleWithin(tab, 5_000));

    const frame = vncFrame(page);
    await frame.locator('body[data-state="connected"]').waitFor({ state: 'attached', timeout: 60_000 });
    await frame.locator('#status', { hasText: /^Connected/ }).waitFor({ timeout: 10_000 });
    const desktop = await frame.locator('body').getAttribute('data-desktop');
    if (!desktop?.includes(VM)) throw new Error(`the desktop is named ${desktop}, not after ${VM}`);
    const first = await until('the screen drawn on the canvas', async () => {
      const canvas = await readCanvas(frame);
      return canvas.width === 800 && String(canvas.title) === String(TITLE_BG) && String(canvas.console) === String(CONSOLE_BG) ? canvas : undefined;
    });

    // Keys typed on the canvas reach the guest's console, which echoes them on the screen.
    await frame.locator('#screen canvas').first().click({ position: { x: 200, y: 200 } });
    await page.keyboard.type('root', { delay: 60 });
    const typed = await until('the typed keys echoed on the screen', async () => {
      const canvas = await readCanvas(frame);
      return canvas.sum !== first.sum && canvas.lit > first.lit ? canvas : undefined;
    });
    await page.keyboard.press('Enter');
    await until('the console to answer the line', async () => ((await readCanvas(frame)).sum !== typed.sum ? true : undefined));
    await pointerAway(page);
    await screenshot('vnc-tab');

    // Send Ctrl+Alt+Del reaches the guest as the three keys together: it reboots to the login prompt it showed first.
    await frame.locator('#ctrl-alt-del').click();
    await until('the guest rebooted to its first screen', async () => ((await readCanvas(frame)).sum === first.sum ? true : undefined));

    // Screenshot… asks where (the workbench's own save dialog here), offering a file named after the VM in the
    // workspace folder; accepting it writes the PNG there. (Typing a path races the dialog's completion.)
    const before = new Set(fs.readdirSync(folder));
    await frame.locator('#screenshot').click();
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
    const file = await until('the screenshot file', async () => {
      const name = fs.readdirSync(folder).find((f) => !before.has(f) && f.startsWith(VM) && f.endsWith('.png'));
      return name && fs.statSync(path.join(folder, name)).size > 1000 ? path.join(folder, name) : undefined;
    });
    if (fs.readFileSync(file).subarray(1, 4).toString('latin1') !== 'PNG') throw new Error('the screenshot is not a PNG');

    await stoppedAndBack(page, frame, target, screenshot);
    if (!sim) return;
    const config = new KubeConfig();
    config.loadFromString(sim.kubeconfig());
    const other = await openVnc(KubeHttp.forContext(config, 'prod-east'), 'tenant-alpha', VM);
    try {
      await frame.locator('#banner-text', { hasText: /^Disconnected: another viewer took over the screen/ }).waitFor({ timeout: 30_000 });
      await frame.locator('#reconnect').click();
      await frame.locator('#banner-text', { hasText: /^Another viewer is connected to the screen of web-frontend-1/ }).waitFor({ timeout: 30_000 });
      await frame.locator('#take-over').waitFor({ state: 'visible', timeout: 10_000 });
      await pointerAway(page);
      await screenshot('vnc-tab-held');
      await frame.locator('#take-over').click();
      await frame.locator('body[data-state="connected"]').waitFor({ state: 'attached', timeout: 30_000 });
      await frame.locator('#banner').waitFor({ state: 'hidden', timeout: 10_000 });
    } finally {
      other.close();
    }
  },
};
