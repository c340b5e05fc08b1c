// Registers the VM lifecycle, everyday operations, session, manifest, events and logs commands, and Harden Tenant…, with what they share.
import * as vscode from 'vscode';
import { EditFileSystem, EDIT_SCHEME } from '../views/editFileSystem';
import { LIVE_SCHEME, LiveManifests } from '../views/liveManifests';
import { LogFollowers, registerEventsAndLogs } from './eventsLogs';
import { registerHardenTenant } from './hardenTenant';
import { registerLifecycleCommands } from './lifecycle';
import { registerManifestCommands } from './manifests';
import { registerOperationCommands } from './operations';
import { REPORT_SCHEME, ReportDocuments } from '../views/reports';
import type { Services } from './services';
import { registerSessionCommands } from './sessions';

/** The commands' disposables, and the documents they keep (exported to host tests for their sizes). */
export function registerVmCommands(services: Services): { disposables: vscode.Disposable[]; live: LiveManifests; edits: EditFileSystem } {
  const live = new LiveManifests();
  const edits = new EditFileSystem(services.fleet);
  const followers = new LogFollowers();
  const reports = new ReportDocuments();
  const disposables = [
    reports,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    live,
    edits,
    followers,
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, live),
    vscode.workspace.registerFileSystemProvider(EDIT_SCHEME, edits, { isCaseSensitive: true }),
    vscode.workspace.onWillSaveTextDocument((e) => {
      if (e.document.uri.scheme === EDIT_SCHEME) edits.noteSaveReason(e.document.uri, e.reason);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === EDIT_SCHEME) edits.forget(doc.uri);
      if (doc.uri.scheme === LIVE_SCHEME) live.forget(doc.uri);
    }),
    ...registerLifecycleCommands(services),
    ...registerOperationCommands(services, reports),
    ...registerSessionCommands(services),
    ...registerManifestCommands(services, live, edits),
    ...registerEventsAndLogs(services, followers),
    ...registerHardenTenant(services),
  ];
  return { disposables, live, edits };
}
