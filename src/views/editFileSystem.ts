// Writable manifests of live objects (`kubevirt-edit:/context/namespace/Kind/name.yaml`). Reading loads the
// object without status and managedFields; saving PUTs the text at the resourceVersion it was loaded at. When
// someone else changed the object meanwhile the save fails (the editor keeps the user's text) and the conflict
// is handed on, to show the diff and offer re-applying.
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import type { Conflict, Manifests } from '../cluster/manifests';
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

export type ConflictHandler = (uri: vscode.Uri, conflict: Conflict, manifests: Manifests) => void;

export class EditFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly files = new Map<string, { mtime: number; size: number }>();
  /** resourceVersions our own saves replaced: a text still carrying one is not in conflict with that save. */
  private readonly ownSaves = new Map<string, { from: string; to: KubeObject }>();

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
    let file = this.files.get(uri.toString());
    if (!file) this.files.set(uri.toString(), (file = { mtime: Date.now(), size: 0 }));
    return { type: vscode.FileType.File, ctime: 0, mtime: file.mtime, size: file.size };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const ref = this.ref(uri);
    const loaded = await this.manifests(ref).load({ apiVersion: API_VERSIONS[ref.kind], kind: ref.kind, namespace: ref.namespace, name: ref.name }, 'edit').catch((error: unknown) => {
      throw vscode.FileSystemError.FileNotFound(`${ref.kind} ${ref.namespace}/${ref.name} on ${ref.context}: ${error instanceof Error ? error.message : String(error)}`);
    });
    const bytes = Buffer.from(loaded.yaml, 'utf8');
    const known = this.files.get(uri.toString());
    this.files.set(uri.toString(), { mtime: known?.mtime ?? Date.now(), size: bytes.length });
    return bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = this.ref(uri);
    const key = uri.toString();
    const manifests = this.manifests(ref);
    const saved = Buffer.from(content).toString('utf8');
    const notSaved = (error: unknown) => new vscode.FileSystemError(`Not saved to ${ref.context}: ${error instanceof Error ? error.message : String(error)}`);
    let from: string | undefined;
    try {
      from = parseManifest(saved).metadata.resourceVersion;
    } catch (error) {
      throw notSaved(error);
    }
    const own = this.ownSaves.get(key);
    const result = await manifests.update(own && from === own.from ? rebaseText(saved, own.to) : saved).catch((error: unknown) => {
      throw notSaved(error);
    });
    if (result.kind === 'conflict') {
      this.onConflict(uri, result, manifests);
      throw new vscode.FileSystemError(`Not saved: ${ref.kind} ${ref.name} changed on ${ref.context} since you opened it (${result.message}). Your text is kept; compare it with the cluster's version.`);
    }
    if (from) this.ownSaves.set(key, { from, to: result.object });
    this.files.set(key, { mtime: Date.now(), size: content.length });
    // Reload the saved editor with the stored object (new resourceVersion, defaults the server filled in).
    setTimeout(() => {
      this.files.set(key, { mtime: Date.now() + 1, size: Buffer.byteLength(result.yaml) });
      this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    }, 0);
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
