// Read-only manifests of cached objects (`kubevirt-manifest:/context/namespace/Kind/name (context).yaml`), served
// from the Fleet's caches without managedFields and kept current as the watch delivers changes.
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import type { Fleet } from '../cluster/fleet';
import { MANIFEST_SCHEME } from '../contributions';
import type { WorkloadKind } from './nodes';
import { objectPath, parseObjectPath, type ObjectRef } from './objectUris';

export function manifestUri(context: string, namespace: string, kind: WorkloadKind, name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: MANIFEST_SCHEME, path: objectPath({ context, namespace, kind, name }, 'view') });
}

/** The object a read-only manifest shows. */
export function manifestRef(uri: vscode.Uri): ObjectRef | undefined {
  return uri.scheme === MANIFEST_SCHEME ? parseObjectPath(uri.path) : undefined;
}

const parse = (uri: vscode.Uri) => parseObjectPath(uri.path);

export class ManifestContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private fleet?: Fleet;
  private unsubscribe?: () => void;

  setFleet(fleet: Fleet): void {
    this.unsubscribe?.();
    this.fleet = fleet;
    this.unsubscribe = fleet.onDidChange((change) => {
      for (const doc of vscode.workspace.textDocuments) {
        const ref = doc.uri.scheme === MANIFEST_SCHEME ? parse(doc.uri) : undefined;
        if (ref && ref.context === change.context && (change.namespace === undefined || change.namespace === ref.namespace)) this.changed.fire(doc.uri);
      }
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const ref = parse(uri);
    const fleet = this.fleet;
    if (!ref || !fleet) return vscode.l10n.t('# Not a KubeVirt Workbench manifest address\n');
    const list = ref.kind === 'VirtualMachine' ? fleet.vms(ref.context, ref.namespace) : ref.kind === 'VirtualMachineInstance' ? fleet.vmis(ref.context, ref.namespace) : fleet.pods(ref.context, ref.namespace);
    const object = list.find((o) => o.metadata.name === ref.name);
    if (!object) return vscode.l10n.t('# {0} {1}/{2} is not in context {3} (deleted, or not loaded yet)\n', ref.kind, ref.namespace, ref.name, ref.context);
    // Items of built-in lists come without apiVersion and kind; a manifest needs them first.
    const { apiVersion, kind, metadata: { managedFields, ...metadata }, ...rest } = object;
    const version = apiVersion ?? (ref.kind === 'Pod' ? 'v1' : 'kubevirt.io/v1');
    return stringify({ apiVersion: version, kind: kind ?? ref.kind, metadata, ...rest }, { lineWidth: 0 });
  }

  dispose(): void {
    this.unsubscribe?.();
    this.changed.dispose();
  }
}
