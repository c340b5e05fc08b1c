// Registers the VM lifecycle, everyday operations, session, manifest, events and logs commands, and Harden Tenant…, with what they share.
import * as vscode from 'vscode';
import { EDIT_SCHEME, LIVE_SCHEME } from '../contributions';
import { EditFileSystem } from '../views/editFileSystem';
import { LiveManifests } from '../views/liveManifests';
import { LogFollowers, registerEventsAndLogs } from './eventsLogs';
import { registerHardenTenant } from './hardenTenant';
import { registerLifecycleCommands } from './lifecycle';
import { registerManifestCommands } from './manifests';
import { registerOperationCommands } from './operations';
import { ReportDocuments } from '../views/reports';
import type { Services } from './services';
import { registerSessionCommands } from './sessions';

/**
 * The commands' disposables, and the documents they keep: extension.ts registers their schemes' providers (host
 * tests read the live and edited documents' sizes).
 */
export function registerVmCommands(services: Services): { disposables: vscode.Disposable[]; live: LiveManifests; edits: EditFileSystem; reports: ReportDocuments } {
  const live = new LiveManifests();
  const edits = new EditFileSystem(services.fleet);
  const followers = new LogFollowers();
  const reports = new ReportDocuments();
  const disposables = [
    reports,
    live,
    edits,
    followers,
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
  return { disposables, live, edits, reports };
}
