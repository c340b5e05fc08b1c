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

/** Read from disk at test time, so newly contributed items are covered without touching the tests. */
export function manifest(ext: vscode.Extension<unknown>): Manifest {
  return JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
}
