// The VM snippet in the real editor: type its prefix in an empty YAML file, accept the suggestion, and the
// whole VirtualMachine (with its SSH key Secret) is inserted.
import { editorLine, saveAndRead, withWorkspaceFile } from './editor';
import { UiTest } from './uiTest';

const EXPECTED = ['kind: VirtualMachine', '  name: my-vm\n', '  runStrategy: Always', 'secretName: my-vm-ssh-key', 'image: quay.io/containerdisks/fedora:latest'];

export const authoringSnippet: UiTest = {
  name: 'authoring-snippet',
  fleet: 'none',
  run: ({ page, folder, screenshot }) =>
    withWorkspaceFile(page, folder, 'my-vm.yaml', '', async (editor, file) => {
      await page.keyboard.type('kv-vm');
      await page.keyboard.press('Control+Space');
      const suggestion = page.locator('.suggest-widget .monaco-list-row.focused', { hasText: 'kv-vm' });
      await suggestion.waitFor({ state: 'visible', timeout: 15_000 });
      const label = (await suggestion.getAttribute('aria-label')) ?? '';
      if (!label.includes('container disk')) throw new Error(`the focused suggestion is not the VM snippet: ${label}`);
      await page.keyboard.press('Enter');
      await editorLine(editor, 'kind: VirtualMachine').waitFor({ state: 'visible', timeout: 15_000 });
      // Leave snippet mode and its placeholders' selections, then save and show the top of the file.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await saveAndRead(page, file, (text) => EXPECTED.every((line) => text.includes(line)));
      await page.keyboard.press('Control+Home');
      await page.mouse.move(1000, 600); // empty editor space: no hover in the screenshot
      await screenshot('authoring-snippet');
    }),
};
