// Forward Port… as a user meets it: from a running VM's menu, the port asked for, the guest's page answering on the
// local port, the forward listed in VS Code's Ports view (code-server's extension host is remote, so VS Code detects
// the listening port) and by the status bar item; Stop Forwarding from the status bar ends it.
import { httpGet } from '../backends/localPort';
import { openFleetAt, pointerAway, row } from './treeRows';
import { UiTest } from './uiTest';
import { answer, chooseMenuItem, notification, pick, quickInput, visibleWithin } from './workbenchUi';

const VM = 'web-frontend-1';

export const portForward: UiTest = {
  name: 'port-forward',
  fleet: 'demo',
  onRealToo: true,
  async run({ page, screenshot }) {
    await openFleetAt(page, 'prod-east', 'tenant-alpha');
    const target = row(page, VM);
    await target.locator('.label-description', { hasText: /^Running/ }).waitFor({ timeout: 60_000 });
    const title = page.locator('.quick-input-widget .quick-input-title', { hasText: /^Forward Port of tenant-alpha\/web-frontend-1/ });
    await chooseMenuItem(page, target, 'Forward Port…', () => visibleWithin(title, 5_000));
    await answer(page, '80');

    const note = await notification(page, /Forwarding 127\.0\.0\.1:\d+ to port 80 of tenant-alpha\/web-frontend-1 \(prod-east\)/);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(await note.innerText())?.[1]);
    const reply = await httpGet(port);
    if (reply.status !== 200 || !reply.body.includes(`Hello from ${VM}`)) throw new Error(`the local port answered ${reply.status}: ${reply.body.slice(0, 200)}`);
    await page.locator('[id="status.notifications"]').click(); // closes the notification center

    // VS Code counts the tunnel it made in its own status bar entry, which opens the Ports view listing it.
    await page.locator('.part.statusbar [id="status.forwardedPorts"]').click();
    const ports = page.locator('.part.panel .monaco-list-row', { hasText: String(port) }).first();
    await ports.waitFor({ state: 'visible', timeout: 30_000 });
    const item = page.locator('.part.statusbar .statusbar-item', { hasText: `${VM} ${port}→80` }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await pointerAway(page);
    await screenshot('port-forward');

    // Stop Forwarding from the status bar item: the local port no longer answers.
    await item.click();
    await quickInput(page, /^Forwarded Ports/);
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: `127.0.0.1:${port}` }).first().click(); // its label leads with a codicon
    await quickInput(page, new RegExp(`^127\\.0\\.0\\.1:${port} → port 80 of tenant-alpha/${VM}`));
    await pick(page, 'Stop Forwarding');
    await item.waitFor({ state: 'hidden', timeout: 10_000 });
    const after = await httpGet(port).then((r) => `answered ${r.status}`, (e: NodeJS.ErrnoException) => e.code);
    if (after !== 'ECONNREFUSED') throw new Error(`after Stop Forwarding the local port ${after}`);
  },
};
