// Validation in the real editor: a VM with the deprecated `running: true` and a misspelled field gets a warning
// and an error; the quick fix on `running` turns it into `runStrategy: Always` and its warning goes away.
import { editorLine, saveAndRead, withWorkspaceFile } from './editor';
import { UiTest } from './uiTest';

const VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: web-frontend
spec:
  running: true
  template:
    spec:
      domain:
        memory:
          guest: 2Gi
        devices:
          disks:
          - name: rootdisk
            disk:
              bus: virtio
      terminationGracePeriodSecond: 30
      volumes:
      - name: rootdisk
        containerDisk:
          image: quay.io/containerdisks/fedora:latest
`;

export const authoringQuickFix: UiTest = {
  name: 'authoring-quickfix',
  fleet: 'none',
  run: ({ page, folder, screenshot }) =>
    withWorkspaceFile(page, folder, 'web-frontend.yaml', VM, async (editor, file) => {
      await editor.locator('.squiggly-warning').first().waitFor({ state: 'visible', timeout: 30_000 });
      await editor.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 15_000 });

      // The Problems panel lists both findings under the editor.
      await page.keyboard.press('Control+Shift+M');
      const panel = page.locator('.part.panel');
      await panel.getByText('spec.running is deprecated', { exact: false }).first().waitFor({ state: 'visible', timeout: 15_000 });
      await panel.getByText('Did you mean "terminationGracePeriodSeconds"?', { exact: false }).first().waitFor({ state: 'visible', timeout: 15_000 });

      await editorLine(editor, 'running: true').click();
      await page.keyboard.press('Control+Period');
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Replace with runStrategy: Always' });
      await fix.waitFor({ state: 'visible', timeout: 15_000 });
      await page.mouse.move(1000, 700); // empty Problems panel space: no hover in the screenshot
      await screenshot('authoring-quickfix');

      await fix.click();
      await editorLine(editor, 'runStrategy: Always').waitFor({ state: 'visible', timeout: 15_000 });
      await panel.getByText('spec.running is deprecated', { exact: false }).waitFor({ state: 'detached', timeout: 15_000 });
      await editor.locator('.squiggly-warning').waitFor({ state: 'detached', timeout: 15_000 });
      await panel.getByText('Did you mean "terminationGracePeriodSeconds"?', { exact: false }).first().waitFor({ state: 'visible', timeout: 15_000 });
      await saveAndRead(page, file, (text) => /^ {2}runStrategy: Always$/m.test(text) && !text.includes('running:'));
    }),
};
