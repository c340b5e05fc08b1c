// Writable manifests of live objects (`kubevirt-edit:/context/namespace/Kind/name (context, edit).yaml`). Reading
// loads the object without status and managedFields; saving PUTs the text at the resourceVersion it was loaded
// at, and the document then reloads what the server stored. When someone else changed the object meanwhile,
// `stat` reports the file as newer, so VS Code's own conflict handling takes over: one notification, Compare (the
// cluster's version beside yours) and Overwrite (your text re-applied on top of the cluster's version).
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import type { Manifests } from '../cluster/manifests';
import type { KubeObject } from '../model/kubeObject';
import { cleanObject, parseManifest, rebaseText, toYaml } from '../model/manifestEdit';
import { manifestsOf } from './clusterManifests';
import type { WorkloadKind } from './nodes';
import { objectPath, parseObjectPath, type ObjectRef } from './objectUris';

export const EDIT_SCHEME = 'kubevirt-edit';

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
  /** The version last read or stored. */
  resourceVersion?: string;
  /** Its content without resourceVersion: a change of status alone leaves it equal. */
  content?: string;
  /** The content of each version read or stored: saving a text of one is no conflict while only status changed. */
  contents: Map<string, string>;
  /** A version on the cluster whose content differs; reported to VS Code (newer timestamp) until a save succeeds. */
  newer?: { resourceVersion?: string; mtime: number; size: number };
  /** Saved: once VS Code has finished saving, the document reads what the server stored. */
  reloadAfterSave?: boolean;
  /** The Fleet it was loaded through: a reloaded kubeconfig may point the same context at another cluster. */
  fleet: Fleet;
}

export class EditFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly files = new Map<string, Baseline>();
  /** A look at the live object under way, shared by the stats that arrive meanwhile. */
  private readonly looks = new Map<string, Promise<KubeObject | undefined>>();
  /** resourceVersions our own saves replaced: a text still carrying one is not in conflict with that save. */
  private readonly ownSaves = new Map<string, { from: string; to: KubeObject }>();

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
    const file = this.baseline(key);
    if (!file) {
      // The first stat loads the object, so its size is that of the text the read then returns; VS Code would
      // otherwise see the file change under it and read it again.
      const bytes = await this.load(ref, key);
      const first = this.files.get(key)!;
      return { type: vscode.FileType.File, ctime: 0, mtime: first.mtime, size: bytes.length };
    }
    const live = await this.look(ref, key);
    const version = live?.metadata.resourceVersion;
    if (live && file.resourceVersion !== undefined && version !== file.resourceVersion && version !== file.newer?.resourceVersion) this.noteLive(file, live);
    const shown = file.newer ?? file;
    return { type: vscode.FileType.File, ctime: 0, mtime: shown.mtime, size: shown.size };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.load(this.ref(uri), uri.toString());
  }

  /** Reads the object as the editor shows it and notes it as the version the editor holds. */
  private async load(ref: EditRef, key: string): Promise<Uint8Array> {
    const loaded = await this.manifests(ref).load({ apiVersion: API_VERSIONS[ref.kind], kind: ref.kind, namespace: ref.namespace, name: ref.name }, 'edit').catch((error: unknown) => {
      throw vscode.FileSystemError.FileNotFound(`${ref.kind} ${ref.namespace}/${ref.name} on ${ref.context}: ${error instanceof Error ? error.message : String(error)}`);
    });
    const bytes = Buffer.from(loaded.yaml, 'utf8');
    const known = this.baseline(key);
    // A newer version stays reported: the editor may keep its own text (Compare reads the file too).
    const file: Baseline = { ...(known ?? { mtime: Date.now(), contents: new Map<string, string>(), fleet: this.fleet()! }), size: bytes.length };
    this.remember(file, loaded.object);
    this.files.set(key, file);
    return bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = this.ref(uri);
    const key = uri.toString();
    const manifests = this.manifests(ref);
    const saved = Buffer.from(content).toString('utf8');
    const notSaved = (error: unknown) => vscode.FileSystemError.Unavailable(`Not saved to ${ref.context}: ${error instanceof Error ? error.message : String(error)}`);
    let from: string | undefined;
    try {
      from = parseManifest(saved).metadata.resourceVersion;
    } catch (error) {
      throw notSaved(error);
    }
    const file = this.baseline(key);
    const own = file && this.ownSaves.get(key);
    const rebased = own && from === own.from;
    const base = rebased ? own.to.metadata.resourceVersion : from;
    const overwrite = !!file?.newer; // once VS Code was told of a newer version, only its Overwrite writes
    let result = await manifests.update(rebased ? rebaseText(saved, own.to) : saved).catch((error: unknown) => {
      throw notSaved(error);
    });
    if (result.kind === 'conflict' && file) {
      this.noteLive(file, result.live);
      // Overwrite chosen, or only status changed since the text's version: put the text on top of the live version.
      const statusOnly = base !== undefined && file.contents.get(base) === contentOf(cleanObject(result.live, false));
      if (overwrite || statusOnly) result = await manifests.reapply(result).catch((error: unknown) => Promise.reject(notSaved(error)));
    }
    if (result.kind === 'conflict') {
      // Changed in the instant between the last look and the PUT: the next save goes through VS Code's comparison.
      throw vscode.FileSystemError.Unavailable(`${ref.kind} ${ref.namespace}/${ref.name} changed on ${ref.context} since you opened it. Your text is kept: save again to compare it with the cluster's version.`);
    }
    if (from) this.ownSaves.set(key, { from, to: result.object });
    const stored: Baseline = { mtime: Date.now(), size: content.length, contents: file?.contents ?? new Map(), reloadAfterSave: true, fleet: this.fleet()! };
    this.remember(stored, cleanObject(result.object, false));
    this.files.set(key, stored);
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
    this.saves.dispose();
    this.changed.dispose();
  }

  /** A newer timestamp makes VS Code read the document again: the resourceVersion and defaults the server stored. */
  private reloadSaved(uri: vscode.Uri): void {
    const file = uri.scheme === EDIT_SCHEME ? this.baseline(uri.toString()) : undefined;
    if (!file?.reloadAfterSave) return;
    file.reloadAfterSave = false;
    file.mtime = Math.max(Date.now(), file.mtime + 1);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /** What is known of a document, unless it came through a fleet that has since been replaced. */
  private baseline(key: string): Baseline | undefined {
    const file = this.files.get(key);
    if (file && file.fleet !== this.fleet()) {
      this.files.delete(key);
      this.ownSaves.delete(key);
      return undefined;
    }
    return file;
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
      .load({ apiVersion: API_VERSIONS[ref.kind], kind: ref.kind, namespace: ref.namespace, name: ref.name }, 'edit')
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

  private manifests(ref: EditRef): Manifests {
    const fleet = this.fleet();
    if (!fleet) throw vscode.FileSystemError.Unavailable('No clusters are loaded.');
    return manifestsOf(fleet, ref.context);
  }
}

function contentOf(object: KubeObject): string {
  const { resourceVersion: _ignored, ...metadata } = object.metadata;
  return toYaml({ ...object, metadata });
}
