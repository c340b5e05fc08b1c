// Owns the Fleet: builds it from the kubeconfig files and settings. When a kubeconfig file changes (debounced),
// only the contexts whose cluster or user changed are replaced; a setting change builds a new Fleet. Kubeconfig
// files are only ever read; relative paths resolve against the workspace folder, and not at all while the
// workspace is untrusted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import { kubeconfigPaths, loadKubeconfigs, type KubeconfigProblem } from '../cluster/kubeconfig';

const SECTION = 'kubevirtWorkbench';

/** A new fleet, or the same one with some contexts replaced (`changed`: those whose connections were dropped). */
export interface FleetReload {
  fleet: Fleet;
  problems: KubeconfigProblem[];
  changed?: string[];
}
const FLEET_SETTINGS = ['kubeconfigPaths', 'namespaces', 'namespaceSelector'].map((s) => `${SECTION}.${s}`);

export class FleetHost implements vscode.Disposable {
  private current?: Fleet;
  private watchers: vscode.Disposable[] = [];
  private reloadTimer?: ReturnType<typeof setTimeout>;
  private optionsKey = '';
  private problems: KubeconfigProblem[] = [];
  private readonly reloaded = new vscode.EventEmitter<FleetReload>();
  readonly onDidReload = this.reloaded.event;
  private readonly listeners: vscode.Disposable[];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.listeners = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (FLEET_SETTINGS.some((s) => e.affectsConfiguration(s))) this.scheduleReload();
      }),
      // Relative kubeconfig paths are read once the workspace is trusted.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleReload()),
    ];
  }

  /** The fleet, read from the kubeconfig on first use (the tree showing, a command), not at activation. */
  get fleet(): Fleet | undefined {
    if (!this.current) this.load();
    return this.current;
  }

  load(): void {
    const config = vscode.workspace.getConfiguration(SECTION);
    const paths = kubeconfigPaths(process.env.KUBECONFIG, config.get<string[]>('kubeconfigPaths', []), {
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.scheme === 'file' ? vscode.workspace.workspaceFolders[0].uri.fsPath : undefined,
      trusted: vscode.workspace.isTrusted,
    });
    const loaded = loadKubeconfigs(paths.files);
    const problems = [...paths.problems, ...loaded.problems];
    for (const p of problems) this.log.error(`kubeconfig ${p.file}: ${p.message}`);
    for (const c of loaded.contexts) for (const warning of [...(c.problem ? [c.problem] : []), ...c.warnings]) this.log.warn(`kubeconfig context ${c.name}: ${warning}`);
    this.log.info(`kubeconfig: ${loaded.files.length} file(s), ${loaded.contexts.length} context(s)`);
    const options = {
      namespaces: config.get<string[]>('namespaces', []),
      namespaceSelector: config.get<string>('namespaceSelector', '') || undefined,
    };
    this.watch(paths.files);
    const key = JSON.stringify(options);
    if (this.current && key === this.optionsKey) {
      // Same settings: keep the connections of every context whose cluster and user did not change.
      const update = this.current.update(loaded);
      const touched = [...update.added, ...update.removed, ...update.changed];
      if (touched.length) this.log.info(`kubeconfig reloaded: ${touched.length} context(s) added, removed or changed`);
      if (!touched.length && JSON.stringify(problems) === JSON.stringify(this.problems)) return;
      this.problems = problems;
      this.reloaded.fire({ fleet: this.current, problems, changed: [...update.removed, ...update.changed] });
      return;
    }
    this.current?.dispose();
    this.optionsKey = key;
    this.problems = problems;
    // Loaded here, not at activation: the Fleet brings the Kubernetes client, which the YAML features never need.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Fleet } = require('../cluster/fleet') as typeof import('../cluster/fleet');
    this.current = new Fleet(loaded, {
      ...options,
      log: (line) => this.log.debug(line),
      exec: { trace: (line) => this.log.trace(line) },
      onListenerError: (error) => this.log.error(`a Fleet listener failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    this.logConnections(this.current);
    this.reloaded.fire({ fleet: this.current, problems });
    if (config.get<boolean>('connectOnStartup', false)) void this.current.connectAll();
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const l of this.listeners) l.dispose();
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
