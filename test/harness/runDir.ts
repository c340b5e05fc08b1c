// Per-run scratch directories. VS Code server, code-server, Chromium and device-id code all write to
// XDG dirs and TMPDIR; pointing those here keeps the user's home and /tmp clean.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from './paths';

export interface RunDir {
  root: string;
  userData: string;
  extensions: string;
  /** Default workspace folder opened in the workbench. */
  workspace: string;
  logs: string;
  /** XDG_* and TMPDIR pointing into this run directory. */
  env: NodeJS.ProcessEnv;
}

const userSettings = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  // Otherwise an agent host process starts and a chat panel covers part of the workbench.
  'chat.disableAIFeatures': true,
  // Chat's secondary side bar would still open, empty.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // Workspaces live under .cache/ inside this repository; do not offer to open the parent repository.
  'git.openRepositoryInParentFolders': 'never',
};

export function createRunDir(kind: string): RunDir {
  fs.mkdirSync(cacheDir, { recursive: true });
  const root = fs.mkdtempSync(path.join(cacheDir, `run-${kind}-`));
  const dir = (...parts: string[]) => {
    const full = path.join(root, ...parts);
    fs.mkdirSync(full, { recursive: true });
    return full;
  };
  const userData = dir('user-data');
  fs.mkdirSync(path.join(userData, 'User'));
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  return {
    root,
    userData,
    extensions: dir('extensions'),
    workspace: dir('workspace'),
    logs: dir('logs'),
    env: {
      XDG_CONFIG_HOME: dir('xdg', 'config'),
      XDG_DATA_HOME: dir('xdg', 'data'),
      XDG_CACHE_HOME: dir('xdg', 'cache'),
      TMPDIR: dir('tmp'),
    },
  };
}

export function removeRunDir(run: RunDir): void {
  fs.rmSync(run.root, { recursive: true, force: true });
}
