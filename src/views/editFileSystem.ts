// Writable manifests of live objects (`kubevirt-edit:/context/namespace/Kind/name.yaml`). Reading loads the
// object without status and managedFields and notes which server and user it came from; saving PUTs the text at
// the resourceVersion it was loaded at — only for an explicit save (never auto-save), only to the object the
// address names, and only while the context still points at the same server and user. When someone else changed
// the object meanwhile the save fails (the editor keeps the user's text) and the conflict is handed on, to show
// the diff and offer re-applying.
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import type { Conflict } from '../cluster/manifests';
import type { KubeObject } from '../model/kubeObject';
import { parseManifest, rebaseText } from '../model/manifestEdit';
import { manifestsOf } from './clusterManifests';
import type { WorkloadKind } from './nodes';

export const EDIT_SCHEME = 'kubevirt-edit';

const API_VERSIONS: Record<WorkloadKind, string> = { VirtualMachine: 'kubevirt.io/v1', VirtualMachineInstance: 'kubevirt.io/v1', Pod: 'v1' };

export interface EditRef {
  context: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
}

export function editUri(ref: EditRef): vscode.Uri {
  const path = [ref.context, ref.namespace, ref.kind, `${ref.name}.yaml`].map(encodeURIComponent).join('/');
  return vscode.Uri.from({ scheme: EDIT_SCHEME, path: `/${path}` });
}

export function editRef(uri: vscode.Uri): EditRef | undefined {
  const parts = uri.path.split('/').slice(1).map(decodeURIComponent);
  if (uri.scheme !== EDIT_SCHEME || parts.length !== 4 || !(parts[2] in API_VERSIONS)) return undefined;
  const [context, namespace, kind, file] = parts;
  return { context, namespace, kind: kind as WorkloadKind, name: file.replace(/\.yaml$/, '') };
}

export type ConflictHandler = (uri: vscode.Uri, conflict: Conflict) => void;

interface OpenFile {
  mtime: number;
  size: number;
  /** `server as user` of the context when the object was loaded. */
  loadedFrom?: string;
  /** resourceVersion our own last save replaced: a text still carrying it is not in conflict with that save. */
  ownSave?: { from: string; to: KubeObject };
  /** Why VS Code is saving the document right now (from onWillSaveTextDocument). */
  saveReason?: vscode.TextDocumentSaveReason;
}

export class EditFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly files = new Map<string, OpenFile>();

  constructor(
    private readonly fleet: () => Fleet | undefined,
    private readonly onConflict: ConflictHandler,
  ) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    this.ref(uri);
    // The first stat fixes the mtime until a save: a later, larger one would read as "modified since".
    const file = this.file(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: file.mtime, size: file.size };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const ref = this.ref(uri);
    const fleet = this.requireFleet();
    const loadedFrom = identity(fleet, ref.context);
    const loaded = await manifestsOf(fleet, ref.context).load(target(ref), 'edit').catch((error: unknown) => {
      throw vscode.FileSystemError.FileNotFound(`${ref.kind} ${ref.namespace}/${ref.name} on ${ref.context}: ${error instanceof Error ? error.message : String(error)}`);
    });
    const bytes = Buffer.from(loaded.yaml, 'utf8');
    Object.assign(this.file(uri), { size: bytes.length, loadedFrom, ownSave: undefined });
    return bytes;
  }

  /** Called before VS Code saves an edit document: auto-saves are told apart from explicit ones. */
  noteSaveReason(uri: vscode.Uri, reason: vscode.TextDocumentSaveReason): void {
    this.file(uri).saveReason = reason;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = this.ref(uri);
    const file = this.file(uri);
    const reason = file.saveReason;
    file.saveReason = undefined;
    // Only a save the user asked for writes: auto-save (after a delay, on focus change) never does, and neither
    // does a write VS Code did not announce as a save (another extension writing to the address).
    if (reason !== vscode.TextDocumentSaveReason.Manual) {
      const why = reason === undefined ? 'this write was not a save you asked for' : 'auto-save never writes to a live object';
      throw new vscode.FileSystemError(`Not saved to ${ref.context}: ${why}. Save with File: Save (Ctrl+S) to update ${ref.kind} ${ref.name}.`);
    }
    const fleet = this.requireFleet();
    const now = identity(fleet, ref.context);
    if (!file.loadedFrom || file.loadedFrom !== now) {
      const was = file.loadedFrom ? `it was opened from ${file.loadedFrom}` : 'it was not loaded in this session';
      throw new vscode.FileSystemError(`Not saved: context ${ref.context} now points at ${now}, and ${was}. Close this editor and edit the object again.`);
    }
    const manifests = manifestsOf(fleet, ref.context);
    const saved = Buffer.from(content).toString('utf8');
    const notSaved = (error: unknown) => new vscode.FileSystemError(`Not saved to ${ref.context}: ${error instanceof Error ? error.message : String(error)}`);
    let from: string | undefined;
    try {
      from = parseManifest(saved).metadata.resourceVersion;
    } catch (error) {
      throw notSaved(error);
    }
    const own = file.ownSave;
    const result = await manifests.update(own && from === own.from ? rebaseText(saved, own.to) : saved, target(ref)).catch((error: unknown) => {
      throw notSaved(error);
    });
    if (result.kind === 'conflict') {
      this.onConflict(uri, result);
      throw new vscode.FileSystemError(`Not saved: ${ref.kind} ${ref.name} changed on ${ref.context} since you opened it (${result.message}). Your text is kept; compare it with the cluster's version.`);
    }
    if (from) file.ownSave = { from, to: result.object };
    Object.assign(file, { mtime: Date.now(), size: content.length });
    // Reload the saved editor with the stored object (new resourceVersion, defaults the server filled in).
    setTimeout(() => {
      Object.assign(file, { mtime: Date.now() + 1, size: Buffer.byteLength(result.yaml) });
      this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    }, 0);
  }

  /** Whether the open document was loaded from the server and user its context points at now. */
  isCurrent(uri: vscode.Uri): boolean {
    const fleet = this.fleet();
    const ref = editRef(uri);
    const loadedFrom = this.files.get(uri.toString())?.loadedFrom;
    return !!fleet && !!ref && !!loadedFrom && fleet.contexts().some((c) => c.name === ref.context) && loadedFrom === identity(fleet, ref.context);
  }

  /** The document was closed: nothing about it is kept. */
  forget(uri: vscode.Uri): void {
    this.files.delete(uri.toString());
  }

  /** Edit documents whose state is kept (for tests of pruning). */
  get size(): number {
    return this.files.size;
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Objects are created with Apply to Cluster.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Delete objects from the Fleet view.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Objects cannot be renamed.');
  }

  dispose(): void {
    this.changed.dispose();
  }

  private file(uri: vscode.Uri): OpenFile {
    const key = uri.toString();
    let file = this.files.get(key);
    if (!file) this.files.set(key, (file = { mtime: Date.now(), size: 0 }));
    return file;
  }

  private ref(uri: vscode.Uri): EditRef {
    const ref = editRef(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    return ref;
  }

  private requireFleet(): Fleet {
    const fleet = this.fleet();
    if (!fleet) throw vscode.FileSystemError.Unavailable('No clusters are loaded.');
    return fleet;
  }
}

function target(ref: EditRef) {
  return { apiVersion: API_VERSIONS[ref.kind], kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

/** Which server and user a context points at now (`https://host:6443 as alice`). */
function identity(fleet: Fleet, context: string): string {
  const info = fleet.contexts().find((c) => c.name === context);
  if (!info) throw vscode.FileSystemError.Unavailable(`The kubeconfig no longer has a context named ${context}.`);
  return `${info.server} as ${info.user || 'no user'}${info.file ? ` (${info.file})` : ''}`;
}
