// A new user's first VM: New Virtual Machine… from the palette asks the cluster (the unusable ones marked why)
// and a namespace, counts its steps, opens `<name>.yaml` in that namespace, and Apply File creates the VM and its
// SSH key Secret there after a confirmation naming namespace and cluster; the VM then shows in its tenant.
import { expand, openFleet, pointerAway, row, rowDescription } from './treeRows';
import { UiTest } from './uiTest';
import { answer, dialog, pick, quickInput, runCommand } from './workbenchUi';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemoKeyOfTheNewUser me@laptop';

export const newVmJourney: UiTest = {
  name: 'new-vm',
  fleet: 'demo',
  onRealToo: true,
  async run({ page, screenshot }) {
    await openFleet(page);
    await row(page, 'prod-east').waitFor({ state: 'visible', timeout: 60_000 });
    await runCommand(page, 'KubeVirt: New Virtual Machine…');

    const clusters = await quickInput(page, /^New Virtual Machine \(1\/8\)$/);
    for (const [name, words] of [['prod-east', 'KubeVirt 1.5.2'], ['edge-lab', 'no KubeVirt'], ['offline', 'unreachable — connection refused']]) {
      if (!clusters.some((c) => c.includes(name) && c.includes(words))) throw new Error(`${name} is not offered with "${words}": ${clusters.join(' | ')}`);
    }
    await screenshot('new-vm-cluster');
    await pick(page, 'prod-east');

    const namespaces = await quickInput(page, /^New Virtual Machine \(2\/8\)$/);
    if (!namespaces[0]?.startsWith('tenant-alpha')) throw new Error(`the context's namespace is not first: ${namespaces.join(' | ')}`);
    await screenshot('new-vm-namespace');
    await pick(page, 'tenant-delta');

    await quickInput(page, /^New Virtual Machine \(3\/8\)$/);
    await answer(page, 'first-vm');
    await quickInput(page, /^New Virtual Machine \(4\/8\)$/);
    await pick(page, 'quay.io/containerdisks/fedora:latest');
    const sizes = await quickInput(page, /^New Virtual Machine \(5\/8\)$/);
    if (!sizes.some((s) => s.includes('u1.small') && s.includes('1 vCPU · 2Gi'))) throw new Error(`instancetypes without CPU and memory: ${sizes.join(' | ')}`);
    await pick(page, 'u1.small');
    await quickInput(page, /^New Virtual Machine \(6\/9\)$/);
    await pick(page, 'fedora');
    await quickInput(page, /^New Virtual Machine \(7\/9\)$/);
    await answer(page, 'fedora');
    await quickInput(page, /^New Virtual Machine \(8\/9\)$/);
    await pick(page, 'Paste a public key…');
    await quickInput(page, /^New Virtual Machine \(9\/10\)$/);
    await answer(page, KEY);
    const strategies = await quickInput(page, /^New Virtual Machine \(10\/10\)$/);
    if (strategies.some((s) => s.startsWith('WaitAsReceiver'))) throw new Error('WaitAsReceiver is offered');
    await pick(page, 'Halted');

    await page.locator('.tab.active[aria-label^="first-vm.yaml"]').waitFor({ state: 'visible', timeout: 30_000 });
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-line', { hasText: 'namespace: tenant-delta' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Control+Home');
    const applyFile = editor.locator('.codelens-decoration a', { hasText: 'Apply File…' }).first();
    await applyFile.waitFor({ state: 'visible', timeout: 30_000 });
    await pointerAway(page);
    await screenshot('new-vm-yaml');

    // Apply File… (the VM and its key Secret): the dry-run diff, then a confirmation naming namespace and cluster.
    await applyFile.click();
    const confirm = dialog(page);
    await confirm.getByText('Apply Secret first-vm-ssh-key and VirtualMachine first-vm to tenant-delta on prod-east?').waitFor({ timeout: 30_000 });
    await screenshot('new-vm-apply');
    await confirm.locator('.monaco-button', { hasText: /^Apply$/ }).click();

    await expand(page, 'prod-east');
    await expand(page, 'tenant-delta');
    await rowDescription(page, 'first-vm').filter({ hasText: /^Stopped$/ }).waitFor({ timeout: 30_000 });
    await pointerAway(page);
    await screenshot('new-vm-applied');
    // Leave no unsaved document for the workbench to restore in the next tests.
    await page.locator('.tab[aria-label^="first-vm.yaml"]').click();
    await runCommand(page, 'View: Revert and Close Editor');
    await page.locator('.tab[aria-label^="first-vm.yaml"]').waitFor({ state: 'detached', timeout: 15_000 });
  },
};
