// Shared helpers for host tests: the extension under test and its manifest as shipped.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'kubevirt-workbench.kubevirt-workbench';

export interface Manifest {
  contributes: {
    commands?: { command: string }[];
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string }[]>;
  };
}

export function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not loaded`);
  return found;
}

export async function activatedExtension(): Promise<vscode.Extension<unknown>> {
  const ext = extension();
  await ext.activate();
  return ext;
}

/**
 * Read from disk at test time, so newly contributed items are covered without touching the tests; its `%key%`
 * strings in English from package.nls.json, as the workbench shows them.
 */
export function manifest(ext: vscode.Extension<unknown>): Manifest {
  const nls = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const english = (_key: string, value: unknown) => (typeof value === 'string' ? value.replace(/^%([^%]+)%$/, (whole, key: string) => nls[key] ?? whole) : value);
  return JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8'), english) as Manifest;
}
