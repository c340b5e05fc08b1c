// Runs inside the extension host of the host bench (as its tests module): times one thing the user does, cold,
// and writes the figure to BENCH_RESULT_FILE. BENCH_MODE `activate`: activate() of the extension (its code loading
// included), then opening a YAML file with it active; `yaml`: opening a YAML file first, which activates an
// extension listening for YAML. Each starts once the host has settled (BENCH_SETTLE_MS), as the first-rows
// measurement does: while the host is starting the built-in extensions (the first second or so), their work decides
// how long any extension's activation takes.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

async function openYaml(file: string): Promise<number> {
  const started = performance.now();
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return performance.now() - started;
}

export async function run(): Promise<void> {
  const { BENCH_EXTENSION_ID: id, BENCH_MODE: mode, BENCH_RESULT_FILE: out, BENCH_YAML: yaml, BENCH_SETTLE_MS: settle } = process.env;
  if (!id || !mode || !out || !yaml || !settle) throw new Error('BENCH_EXTENSION_ID, BENCH_MODE, BENCH_RESULT_FILE, BENCH_YAML and BENCH_SETTLE_MS must be set');
  const extension = vscode.extensions.getExtension(id);
  if (!extension) throw new Error(`${id} is not loaded`);
  await new Promise((resolve) => setTimeout(resolve, Number(settle)));
  const figures: Record<string, number | boolean> = { activeBefore: extension.isActive };
  if (mode === 'activate') {
    const started = performance.now();
    await extension.activate();
    figures.activateMs = performance.now() - started;
    figures.yamlActiveMs = await openYaml(yaml);
  } else {
    figures.yamlColdMs = await openYaml(yaml);
  }
  fs.writeFileSync(out, JSON.stringify(figures));
}
