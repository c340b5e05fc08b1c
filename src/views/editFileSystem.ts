// Writable manifests of live objects (`kubevirt-edit:/context/namespace/Kind/name (context, edit).yaml`). Reading
// loads the object without status and managedFields and notes which server and user it came from. Saving writes
// only on an explicit save (never auto-save), only the object the address names, and only while the context still
// points at the same server and user; it PUTs the text at the resourceVersion it was loaded at, and the document
// then reloads what the server stored. When someone else changed more than the object's status meanwhile, `stat`
// reports the file as newer, so VS Code's own conflict handling takes over: one notification, Compare (the
// cluster's version beside yours) and Overwrite, which puts what you changed onto the cluster's version — fields
// someone else changed stay theirs unless you changed them too, and then only once Compare has shown theirs.
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import type { Manifests } from '../cluster/manifests';
import { EDIT_SCHEME } from '../contributions';
import type { KubeObject } from '../model/kubeObject';
import { cleanObject, parseManifest, pinIdentity, rebaseEdit, rebaseText, toYaml } from '../model/manifestEdit';
import { manifestsOf } from './clusterManifests';
import type { WorkloadKind } from './nodes';
import { objectPath, parseObjectPath, type ObjectRef } from './objectUris';

const API_VERSIONS: Record<WorkloadKind, string> = { VirtualMachine: 'kubevirt.io/v1', VirtualMachineInstance: 'kubevirt.io/v1', Pod: 'v1' };

export type EditRef = ObjectRef;

export function editUri(ref: EditRef): vscode.Uri {
  return vscode.Uri.from({ scheme: EDIT_SCHEME, path: objectPath(ref, 'edit') });
}

export function editRef(uri: vscode.Uri): EditRef | undefined {
  return uri.scheme === EDIT_SCHEME ? parseObjectPath(uri.path) : undefined;
}

/** What the editor was last given for a document, and the newer cluster version once one is seen. */
interface Baseline {
  mtime: number;
  size: number;
  /** `server as user` of the context when the object was read. */
  loadedFrom: string;
  /** The version last read or stored. */
  resourceVersion?: string;
  /** Its content without resourceVersion: a change of status alone leaves it equal. */
  content?: string;
  /** The content of each version read or stored: what a text of that version was edited from. */
  contents: Map<string, string>;
  /** The version last read (by the editor, a Revert or Compare): the user has seen it. */
  shown?: string;
  /** A version on the cluster whose content differs; reported to VS Code (newer timestamp) until a save succeeds. */
  newer?: { resourceVersion?: string; mtime: number; size: number };
  /** Saved: once VS Code has finished saving, the document reads what the server stored. */
  reloadAfterSave?: boolean;
}

export class EditFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly files = new Map<string, Baseline>();
  /** A look at the live object under way, shared by the stats that arrive meanwhile. */
  private readonly looks = new Map<string, Promise<KubeObject | undefined>>();
  /** resourceVersions our own saves replaced: a text still carrying one is not in conflict with that save. */
  private readonly ownSaves = new Map<string, { from: string; to: KubeObject }>();
  /** Why VS Code is saving a document right now (from onWillSaveTextDocument). */
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();

  private readonly saves: vscode.Disposable;

  constructor(private readonly fleet: () => Fleet | undefined) {
    // A change reported while VS Code is still saving is ignored (the document counts as dirty until then).
    this.saves = vscode.workspace.onDidSaveTextDocument((doc) => this.reloadSaved(doc.uri));
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const ref = this.ref(uri);
    const key = uri.toString();
    const file = this.files.get(key);
    if (!file) {
      // The first stat loads the object, so its size is that of the text the read then returns; VS Code would
      // otherwise see the file change under it and read it again.
      const bytes = await this.load(ref, key);
      const first = this.files.get(key)!;
      return { type: vscode.FileType.File, ctime: 0, mtime: first.mtime, size: bytes.length };
    }
    // Only the server and user it was read from can have a newer version of it (a save elsewhere is refused).
    if (this.isCurrent(uri)) {
      const live = await this.look(ref, key);
      const version = live?.metadata.resourceVersion;
      if (live && file.resourceVersion !== undefined && version !== file.resourceVersion && version !== file.newer?.resourceVersion) this.noteLive(file, live);
    }
    const shown = file.newer ?? file;
    return { type: vscode.FileType.File, ctime: 0, mtime: shown.mtime, size: shown.size };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.load(this.ref(uri), uri.toString());
  }

  /** Called before VS Code saves an edit document: auto-saves are told apart from explicit ones. */
  noteSaveReason(uri: vscode.Uri, reason: vscode.TextDocumentSaveReason): void {
    this.saveReasons.set(uri.toString(), reason);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = this.ref(uri);
    const key = uri.toString();
    const reason = this.saveReasons.get(key);
    this.saveReasons.delete(key);
    // Only a save the user asked for writes: auto-save (after a delay, on focus change) never does, and neither
    // does a write VS Code did not announce as a save (another extension writing to the address).
    if (reason !== vscode.TextDocumentSaveReason.Manual) {
      const why = reason === undefined ? vscode.l10n.t('this write was not a save you asked for') : vscode.l10n.t('auto-save never writes to a live object');
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Not saved to {0}: {1}. Save with File: Save (Ctrl+S) to update {2} {3}.', ref.context, why, ref.kind, ref.name));
    }
    const fleet = this.requireFleet();
    const now = identity(fleet, ref.context);
    const file = this.files.get(key);
    if (!file || file.loadedFrom !== now) {
      const was = file ? vscode.l10n.t('it was opened from {0}', file.loadedFrom) : vscode.l10n.t('it was not loaded in this session');
      throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not saved: context {0} now points at {1}, and {2}. Close this editor and edit the object again.', ref.context, now, was));
    }
    const manifests = manifestsOf(fleet, ref.context);
    const saved = Buffer.from(content).toString('utf8');
    const notSaved = (error: unknown) => vscode.FileSystemError.Unavailable(vscode.l10n.t('Not saved to {0}: {1}', ref.context, error instanceof Error ? error.message : String(error)));
    let from: string | undefined;
    let mine: KubeObject;
    try {
      // The text must name the object the tab shows (a missing namespace is the tab's).
      mine = parseManifest(pinIdentity(saved, target(ref)));
      from = mine.metadata.resourceVersion;
    } catch (error) {
      throw notSaved(error);
    }
    const own = this.ownSaves.get(key);
    const rebased = own && from === own.from;
    const base = rebased ? own.to.metadata.resourceVersion : from;
    // Once VS Code was told of a newer version, a text of an older one reaches here only through its Overwrite.
    const overwrite = !!file.newer && from !== file.newer.resourceVersion;
    let result = await manifests.update(rebased ? rebaseText(saved, own.to) : saved, target(ref)).catch((error: unknown) => {
      throw notSaved(error);
    });
    if (result.kind === 'conflict') {
      const live = cleanObject(result.live, false);
      this.noteLive(file, result.live);
      const edited = base === undefined ? undefined : file.contents.get(base);
      if (edited === undefined && overwrite) {
        throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not saved: your text\'s resourceVersion {0} is not one this editor read, so your changes cannot be told apart. Revert to start from the cluster\'s version.', base ?? '(none)'));
      }
      // Overwrite chosen, or only status changed since the text's version: the user's changes onto the live version.
      if (edited !== undefined && (overwrite || edited === contentOf(live))) {
        const { object, overlaps } = rebaseEdit(parseManifest(edited), mine, live);
        if (overlaps.length && file.shown !== live.metadata.resourceVersion) {
          throw vscode.FileSystemError.Unavailable(
            vscode.l10n.t('Not saved: you and someone else both changed {0} of {1} {2} on {3}. Your text is kept: save again and choose Compare to see their version first.', overlaps.join(', '), ref.kind, ref.name, ref.context),
          );
        }
        result = await manifests.update(toYaml(object), target(ref)).catch((error: unknown) => Promise.reject(notSaved(error)));
      }
    }
    if (result.kind === 'conflict') {
      // Changed in the instant between the last look and the PUT: the next save goes through VS Code's comparison.
      throw vscode.FileSystemError.Unavailable(vscode.l10n.t('{0} {1}/{2} changed on {3} since you opened it. Your text is kept: save again to compare it with the cluster\'s version.', ref.kind, ref.namespace, ref.name, ref.context));
    }
    if (from) this.ownSaves.set(key, { from, to: result.object });
    const stored: Baseline = { mtime: Date.now(), size: content.length, loadedFrom: now, contents: file.contents, shown: file.shown, reloadAfterSave: true };
    this.remember(stored, cleanObject(result.object, false));
    this.files.set(key, stored);
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
    const key = uri.toString();
    this.files.delete(key);
    this.ownSaves.delete(key);
    this.saveReasons.delete(key);
  }

  /** Edit documents whose state is kept (for tests of pruning). */
  get size(): number {
    return this.files.size;
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Objects are created with Apply to Cluster.'));
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Delete objects from the Fleet view.'));
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Objects cannot be renamed.'));
  }

  dispose(): void {
    this.saves.dispose();
    this.changed.dispose();
  }

  /** Reads the object as the editor shows it and notes it as the version the editor holds. */
  private async load(ref: EditRef, key: string): Promise<Uint8Array> {
    const fleet = this.requireFleet();
    const loadedFrom = identity(fleet, ref.context);
    const loaded = await manifestsOf(fleet, ref.context).load(target(ref), 'edit').catch((error: unknown) => {
      throw vscode.FileSystemError.FileNotFound(`${ref.kind} ${ref.namespace}/${ref.name} on ${ref.context}: ${error instanceof Error ? error.message : String(error)}`);
    });
    const bytes = Buffer.from(loaded.yaml, 'utf8');
    const known = this.files.get(key);
    // From the same server and user, a newer version stays reported: the editor may keep its own text (Compare
    // reads the file too). From another, nothing known before applies.
    const same = known?.loadedFrom === loadedFrom;
    const file: Baseline = { ...(same ? known : { mtime: Date.now(), contents: new Map<string, string>(), loadedFrom }), size: bytes.length, shown: loaded.object.metadata.resourceVersion };
    if (!same) this.ownSaves.delete(key);
    this.remember(file, loaded.object);
    this.files.set(key, file);
    return bytes;
  }

  /** A newer timestamp makes VS Code read the document again: the resourceVersion and defaults the server stored. */
  private reloadSaved(uri: vscode.Uri): void {
    const file = uri.scheme === EDIT_SCHEME ? this.files.get(uri.toString()) : undefined;
    if (!file?.reloadAfterSave) return;
    file.reloadAfterSave = false;
    file.mtime = Math.max(Date.now(), file.mtime + 1);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /** The version the editor now holds (read or stored). */
  private remember(file: Baseline, object: KubeObject): void {
    const version = object.metadata.resourceVersion;
    file.resourceVersion = version;
    file.content = contentOf(object);
    if (version === undefined) return;
    file.contents.set(version, file.content);
    if (file.contents.size > 20) file.contents.delete(file.contents.keys().next().value!);
  }

  /** A newer version on the cluster: newer for VS Code only when more than its resourceVersion and status changed. */
  private noteLive(file: Baseline, live: KubeObject): void {
    const cleaned = cleanObject(live, false);
    if (contentOf(cleaned) === file.content) {
      this.remember(file, cleaned);
      return;
    }
    if (file.newer?.resourceVersion === live.metadata.resourceVersion) return;
    const shown = file.newer ?? file;
    const size = Buffer.byteLength(toYaml(cleaned));
    // VS Code compares sizes to tell a changed file: a newer version of equal length must still differ.
    file.newer = { resourceVersion: live.metadata.resourceVersion, mtime: Math.max(Date.now(), shown.mtime + 1), size: size === shown.size ? size + 1 : size };
  }

  /** The live object as it is now; undefined when it cannot be read. */
  private look(ref: EditRef, key: string): Promise<KubeObject | undefined> {
    const pending = this.looks.get(key);
    if (pending) return pending;
    const live = this.manifests(ref)
      .load(target(ref), 'edit')
      .then((loaded) => loaded.object)
      .catch(() => undefined)
      .finally(() => this.looks.delete(key));
    this.looks.set(key, live);
    return live;
  }

  private ref(uri: vscode.Uri): EditRef {
    const ref = editRef(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    return ref;
  }

  private requireFleet(): Fleet {
    const fleet = this.fleet();
    if (!fleet) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('No clusters are loaded.'));
    return fleet;
  }

  private manifests(ref: EditRef): Manifests {
    return manifestsOf(this.requireFleet(), ref.context);
  }
}

function target(ref: EditRef) {
  return { apiVersion: API_VERSIONS[ref.kind], kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

/** Which server and user a context points at now (`https://host:6443 as alice`). */
function identity(fleet: Fleet, context: string): string {
  const info = fleet.contexts().find((c) => c.name === context);
  if (!info) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('The kubeconfig no longer has a context named {0}.', context));
  return `${info.server} as ${info.user || vscode.l10n.t('no user')}${info.file ? ` (${info.file})` : ''}`;
}

function contentOf(object: KubeObject): string {
  const { resourceVersion: _ignored, ...metadata } = object.metadata;
  return toYaml({ ...object, metadata });
}
