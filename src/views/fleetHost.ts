// Owns the Fleet: builds it from the kubeconfig files and settings, and builds it again (debounced) when a
// kubeconfig file or a relevant setting changes. Kubeconfig files are only ever read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Fleet } from '../cluster/fleet';
import { kubeconfigPaths, loadKubeconfigs, type KubeconfigProblem } from '../cluster/kubeconfig';

const SECTION = 'kubevirtWorkbench';
const FLEET_SETTINGS = ['kubeconfigPaths', 'namespaces', 'namespaceSelector'].map((s) => `${SECTION}.${s}`);

export class FleetHost implements vscode.Disposable {
  private current?: Fleet;
  private watchers: vscode.Disposable[] = [];
  private reloadTimer?: ReturnType<typeof setTimeout>;
  private readonly reloaded = new vscode.EventEmitter<{ fleet: Fleet; problems: KubeconfigProblem[] }>();
  readonly onDidReload = this.reloaded.event;
  private readonly settingsListener: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.settingsListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (FLEET_SETTINGS.some((s) => e.affectsConfiguration(s))) this.scheduleReload();
    });
  }

  get fleet(): Fleet | undefined {
    return this.current;
  }

  load(): void {
    const config = vscode.workspace.getConfiguration(SECTION);
    const files = kubeconfigPaths(process.env.KUBECONFIG, config.get<string[]>('kubeconfigPaths', []));
    const loaded = loadKubeconfigs(files);
    for (const p of loaded.problems) this.log.error(`kubeconfig ${p.file}: ${p.message}`);
    this.log.info(`kubeconfig: ${loaded.files.length} file(s), ${loaded.config.getContexts().length} context(s)`);
    this.current?.dispose();
    this.current = new Fleet(loaded, {
      namespaces: config.get<string[]>('namespaces', []),
      namespaceSelector: config.get<string>('namespaceSelector', '') || undefined,
      log: (line) => this.log.debug(line),
    });
    this.logConnections(this.current);
    this.watch(files);
    this.reloaded.fire({ fleet: this.current, problems: loaded.problems });
    if (config.get<boolean>('connectOnStartup', false)) void this.current.connectAll();
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    this.settingsListener.dispose();
    for (const w of this.watchers) w.dispose();
    this.current?.dispose();
    this.reloaded.dispose();
  }

  /** Each context's connection state as it changes, with the raw reason of a failure (the tree shows it in words). */
  private logConnections(fleet: Fleet): void {
    const last = new Map<string, string>();
    fleet.onDidChange(({ context, resource }) => {
      if (resource !== 'connection') return;
      const state = fleet.state(context);
      const line = `[${context}] ${state.status}${state.reason ? `: ${state.reason}` : ''}`;
      if (last.get(context) === line) return;
      last.set(context, line);
      if (state.reason) this.log.warn(line);
      else this.log.info(line);
    });
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => this.load(), 500);
  }

  /**
   * Watches the folder of each kubeconfig file, so a file that is created, replaced (editors and kubectl
   * write a new file and rename it) or deleted is noticed; VS Code's watcher only covers the workspace.
   */
  private watch(files: string[]): void {
    for (const w of this.watchers) w.dispose();
    const byFolder = new Map<string, Set<string>>();
    for (const file of files) byFolder.set(path.dirname(file), (byFolder.get(path.dirname(file)) ?? new Set()).add(path.basename(file)));
    this.watchers = [...byFolder].flatMap(([folder, names]) => {
      try {
        const watcher = fs.watch(folder, (_event, name) => {
          if (name && !names.has(String(name))) return;
          this.log.info(`kubeconfig changed: ${name ? path.join(folder, String(name)) : folder}`);
          this.scheduleReload();
        });
        watcher.on('error', (error) => this.log.warn(`stopped watching ${folder}: ${error.message}`));
        return [{ dispose: () => watcher.close() }];
      } catch {
        return []; // a folder that does not exist: nothing to watch until the settings change
      }
    });
  }
}
