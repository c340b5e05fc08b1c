// The everyday VM operations from the tree alone (issue 11's "Done when"), in two tests: a running VM is
// snapshotted, stopped, restored to the snapshot and started again; then a VM is cloned and the clone appears,
// Show Guest Details gives the guest's OS and users, a volume is hotplugged and listed, and Diagnose VM on the
// unschedulable VM says why.
import type { Locator, Page } from 'playwright-core';
import { expand, openFleetAt, pointerAway, row, rowDescription } from './treeRows';
import { UiTest } from './uiTest';
import { answer, chooseMenuItem, dialog, quickInput, visibleWithin } from './workbenchUi';

const VM = 'web-frontend-1';

/** Expands a VM's row by its twistie (a click on the row itself opens its manifest). */
async function expandVm(page: Page, label: string): Promise<void> {
  const target = row(page, label);
  await target.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await target.getAttribute('aria-expanded')) !== 'true') await target.locator('.monaco-tl-twistie').click();
}

/** A row below the VM's Snapshots or Disks row (labels repeat across VMs: the first one after `after`). */
function rowAfter(page: Page, after: string, label: string): Locator {
  return page.locator(`.part.sidebar .monaco-list-row[aria-label^="${after}"] ~ .monaco-list-row[aria-label^="${label}"]`).first();
}

/** The Markdown preview's body (the webview inside the editor's iframe). */
function preview(page: Page): Locator {
  return page.frameLocator('iframe.webview').last().frameLocator('iframe').first().locator('body');
}

export const vmSnapshots: UiTest = {
  name: 'vm-snapshots',
  fleet: 'demo',
  onRealToo: true,
  async run({ page, screenshot }) {
    // A name of its own per attempt: a retry runs on the same fleet.
    const SNAPSHOT = `${VM}-ui-${Date.now().toString(36)}`;
    await openFleetAt(page, 'prod-east', 'tenant-alpha');
    const vm = row(page, VM);
    await vm.locator('.label-description', { hasText: /^Running/ }).waitFor({ timeout: 60_000 });

    // Take Snapshot…: a name (the default replaced), a description, then the VM's Snapshots row lists it as Ready.
    const title = /^Take Snapshot of tenant-alpha\/web-frontend-1/;
    await chooseMenuItem(page, vm, 'Take Snapshot…', () => visibleWithin(page.locator('.quick-input-widget .quick-input-title', { hasText: title }), 5_000));
    await quickInput(page, /\(1\/2\)/);
    await answer(page, SNAPSHOT);
    await quickInput(page, /\(2\/2\)/);
    await answer(page, 'Before the UI test');
    await expandVm(page, VM);
    const snapshots = rowAfter(page, VM, 'Snapshots');
    await snapshots.locator('.label-description', { hasText: /^\d+ · \d+ ready, 1 failed$/ }).waitFor({ timeout: 60_000 });
    if ((await snapshots.getAttribute('aria-expanded')) !== 'true') await snapshots.click();
    const taken = page.locator(`.part.sidebar .monaco-list-row[aria-label^="Snapshot ${SNAPSHOT},"]`);
    await taken.waitFor({ timeout: 30_000 });
    await page.locator(`.part.sidebar .monaco-list-row[aria-label^="Snapshot web-frontend-1-nightly, Failed"]`).waitFor({ timeout: 30_000 });
    await pointerAway(page);
    await screenshot('vm-snapshots');

    // Stop, restore to the snapshot, start again.
    await chooseMenuItem(page, vm, 'Stop', () => visibleWithin(dialog(page), 5_000));
    await dialog(page).locator('.monaco-button', { hasText: /^Stop$/ }).click();
    await vm.locator('.label-description', { hasText: /^Stopped/ }).waitFor({ timeout: 60_000 });
    await chooseMenuItem(page, taken, 'Restore…', () => visibleWithin(dialog(page).getByText(`Restore tenant-alpha/${VM} on prod-east to snapshot ${SNAPSHOT}?`), 5_000));
    await dialog(page).locator('.monaco-button', { hasText: /^Restore$/ }).click();
    // The restore locks the VM until it completes: Start is offered again once it has.
    await chooseMenuItem(page, vm, 'Start', () => visibleWithin(vm.locator('.label-description', { hasText: /^(Starting|Running)/ }), 5_000));
    await vm.locator('.label-description', { hasText: /^Running/ }).waitFor({ timeout: 60_000 });
  },
};

export const vmOperations: UiTest = {
  name: 'vm-operations',
  fleet: 'demo',
  onRealToo: true,
  async run({ page, screenshot }) {
    await openFleetAt(page, 'prod-east', 'tenant-alpha');

    // Clone… with the defaults: the clone appears in the tree.
    const source = row(page, 'batch-worker');
    await chooseMenuItem(page, source, 'Clone…', () => visibleWithin(page.locator('.quick-input-widget .quick-input-title', { hasText: /^Clone tenant-alpha\/batch-worker \(1\/4\)/ }), 5_000));
    for (const step of ['1/4', '2/4', '3/4', '4/4']) {
      await quickInput(page, new RegExp(`\\(${step}\\)`));
      await page.keyboard.press('Enter');
    }
    await row(page, 'batch-worker-clone').waitFor({ state: 'visible', timeout: 60_000 });

    // Show Guest Details: the OS and the logged-in users in a Markdown preview.
    const guest = row(page, 'web-frontend-2');
    await chooseMenuItem(page, guest, 'Show Guest Details', () => visibleWithin(preview(page).getByText('Guest details of web-frontend-2'), 10_000));
    await preview(page).getByText('Operating system').waitFor({ timeout: 30_000 });
    await preview(page).getByText('Logged-in users').waitFor({ timeout: 30_000 });

    // Hotplug: Add Volume… from the Disks row; the new disk is listed as hotplugged.
    await expandVm(page, 'web-frontend-2');
    const disks = rowAfter(page, 'web-frontend-2', 'Disks');
    await chooseMenuItem(page, disks, 'Add Volume…', () => visibleWithin(page.locator('.quick-input-widget .quick-input-title', { hasText: /^Add Volume to tenant-alpha\/web-frontend-2 \(1\/2\)/ }), 5_000));
    // Whichever volume is offered first (a retry finds the first one attached), under a name of its own.
    const volume = `hotplug-${Date.now().toString(36)}`;
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().click();
    await quickInput(page, /\(2\/2\)/);
    await answer(page, volume);
    if ((await disks.getAttribute('aria-expanded')) !== 'true') await disks.click();
    await rowDescription(page, volume).filter({ hasText: /^hotplugged Ready · (DataVolume|PVC) / }).waitFor({ timeout: 60_000 });

    // Diagnose VM, first in the menu of the unschedulable VM, says why it cannot be scheduled.
    await page.keyboard.press('Escape');
    await expand(page, 'tenant-bravo');
    const broken = row(page, 'ci-runner-2');
    await chooseMenuItem(page, broken, 'Diagnose VM', () => visibleWithin(preview(page).getByText('Diagnosis of ci-runner-2'), 10_000));
    await preview(page).getByText(/The VM cannot be scheduled/).first().waitFor({ timeout: 30_000 });
    await pointerAway(page);
    await screenshot('vm-diagnosis');
  },
};
