// The context menu of each kind of row, as a new user finds it: a cluster, a tenant, a running VM and a microVM pod.
import { findVirtctl } from '../../src/cluster/virtctl';
import { openFleetAt, row } from './treeRows';
import { UiTest } from './uiTest';
import { contextMenu } from './workbenchUi';

/** With virtctl on PATH the VM menu opens VNC and SSH; without, it offers their commands to copy. */
const expected = (virtctl: boolean): [string, string, string[]][] => [
  ['menu-cluster', 'prod-east', ['Refresh', 'Show Log', 'New Virtual Machine…', 'Isolation Overview', 'Copy Context Name']],
  ['menu-tenant', 'tenant-alpha', ['New Virtual Machine…', 'Harden Tenant…', 'Copy Name']],
  [
    'menu-vm',
    'web-frontend-1',
    [
      'Stop', 'Force Stop', 'Restart', 'Pause', 'Soft Reboot', 'Migrate', 'Open Console', 'Open VNC', 'SSH', 'Forward Port…',
      ...(virtctl ? ['Open VNC with virtctl'] : ['Copy virtctl VNC Command', 'Copy virtctl SSH Command']),
      'Open Manifest', 'Edit', 'Show Events', 'Show Logs', 'Diagnose VM', 'Show Guest Details', 'Take Snapshot…', 'Restore…', 'Clone…', 'Add Volume…', 'Copy Name', 'Delete…',
    ],
  ],
  ['menu-pod', 'payments-worker', ['Open Manifest', 'Show Events', 'Show Logs', 'Copy Name', 'Delete…']],
];

export const rowMenus: UiTest = {
  name: 'row-menus',
  fleet: 'demo',
  onRealToo: true,
  async run({ page, screenshot }) {
    await openFleetAt(page, 'prod-east', 'tenant-alpha', 'MicroVM Pods');
    for (const [shot, label, menu] of expected(!!(await findVirtctl()))) {
      const target = row(page, label);
      await target.waitFor({ state: 'visible', timeout: 30_000 });
      // The actions of each access review join the menu as its answer lands (the everyday operations' last).
      for (const deadline = Date.now() + 30_000; ; ) {
        const items = await contextMenu(page, target, menu[menu.length - 1]);
        if (items.join('|') === menu.join('|')) break;
        if (Date.now() > deadline) throw new Error(`the menu of ${label}: ${items.join(', ')}`);
        await page.keyboard.press('Escape');
        await page.waitForTimeout(500);
      }
      await screenshot(shot);
      await page.keyboard.press('Escape');
    }
  },
};
