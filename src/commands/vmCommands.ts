// Registers the VM lifecycle, session, manifest, events and logs commands with what they share.
import * as vscode from 'vscode';
import { EditFileSystem, EDIT_SCHEME } from '../views/editFileSystem';
import { LIVE_SCHEME, LiveManifests } from '../views/liveManifests';
import { LogFollowers, registerEventsAndLogs } from './eventsLogs';
import { registerLifecycleCommands } from './lifecycle';
import { registerManifestCommands } from './manifests';
import type { Services } from './services';
import { registerSessionCommands } from './sessions';

export function registerVmCommands(services: Services): vscode.Disposable[] {
  const live = new LiveManifests();
  const edits = new EditFileSystem(services.fleet);
  const followers = new LogFollowers();
  return [
    live,
    edits,
    followers,
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, live),
    vscode.workspace.registerFileSystemProvider(EDIT_SCHEME, edits, { isCaseSensitive: true }),
    ...registerLifecycleCommands(services),
    ...registerSessionCommands(services),
    ...registerManifestCommands(services, live),
    ...registerEventsAndLogs(services, followers),
  ];
}
