// Activation registers only what VS Code must find at once: the Fleet view, the contributed commands, the document
// schemes and the YAML providers. Each hands its calls on to the workbench (workbench.ts, its own bundle
// dist/workbench.js), which loads on the first such call, when a YAML document has been open a moment, or when the
// Kubernetes extension is installed. Activating compiles and runs this small bundle only.
import * as vscode from 'vscode';
import { AUTHORING_CODE_ACTION_KINDS, COMPLETION_TRIGGERS, EDIT_SCHEME, FLEET_VIEW, KUBERNETES_EXTENSION_ID, LIVE_SCHEME, MANIFEST_SCHEME, REPORT_SCHEME } from './contributions';
import type { FleetNode } from './views/nodes';
import type { Workbench } from './workbench';

// The workbench bundle imports these through this one (esbuild.mjs), so both share one copy.
export * from './contributions';

const YAML: vscode.DocumentSelector = { language: 'yaml' };
/** A YAML document opened loads the workbench (to check it) this long after, once its editor shows. */
const YAML_LOAD_DELAY_MS = 250;
/** The names of the API activate() returns, each read from the workbench; the second group in a test host only. */
const API = ['fleetTree', 'fleetHost', 'authoringProviders', 'actionPermissions', 'isolationOverview'] as const;
const TEST_API = ['kubernetesReady', 'kubernetesInterop', 'userInput', 'outputLines', 'documents', 'fleetView', 'logUri'] as const;
export type ApiName = (typeof API)[number];
export type TestApiName = (typeof TEST_API)[number];

export function activate(context: vscode.ExtensionContext) {
  let workbench: Workbench | undefined;
  const relays: ((workbench: Workbench) => vscode.Disposable)[] = [];
  /** An event of this bundle that fires with the workbench's own once it has loaded. */
  const relayed = <T>(pick: (workbench: Workbench) => vscode.Event<T>): vscode.Event<T> => {
    const emitter = new vscode.EventEmitter<T>();
    context.subscriptions.push(emitter);
    relays.push((loaded) => pick(loaded)((e) => emitter.fire(e)));
    return emitter.event;
  };
  const contributed = (context.extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
  // Until the workbench loads, each command loads it and runs again: the workbench has registered the real one.
  const stubs = contributed.map((id) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => {
      load();
      return vscode.commands.executeCommand(id, ...args);
    }),
  );
  const load = (): Workbench => {
    if (workbench) return workbench;
    for (const stub of stubs.splice(0)) stub.dispose();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { activateWorkbench } = require('./workbench') as typeof import('./workbench');
    const loaded = activateWorkbench(context, view);
    workbench = loaded;
    context.subscriptions.push(...relays.map((relay) => relay(loaded)));
    return loaded;
  };

  const view: vscode.TreeView<FleetNode> = vscode.window.createTreeView(FLEET_VIEW, {
    treeDataProvider: {
      onDidChangeTreeData: relayed((w) => w.tree.onDidChangeTreeData),
      getChildren: (node) => load().tree.getChildren(node),
      getTreeItem: (node) => load().tree.getTreeItem(node),
      getParent: (node) => load().tree.getParent(node),
      resolveTreeItem: (item, node, token) => load().tree.resolveTreeItem(item, node, token),
    },
    showCollapseAll: true,
    canSelectMany: true,
  });
  const contents = (pick: (w: Workbench) => Workbench['manifests' | 'live' | 'reports']): vscode.TextDocumentContentProvider => ({
    onDidChange: relayed((w) => pick(w).onDidChange),
    provideTextDocumentContent: (uri) => pick(load()).provideTextDocumentContent(uri),
  });
  const edits = () => load().edits;
  const yaml = () => load().yaml;
  context.subscriptions.push(
    { dispose: () => stubs.forEach((stub) => stub.dispose()) },
    view,
    vscode.workspace.registerTextDocumentContentProvider(MANIFEST_SCHEME, contents((w) => w.manifests)),
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, contents((w) => w.live)),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, contents((w) => w.reports)),
    vscode.workspace.registerFileSystemProvider(
      EDIT_SCHEME,
      {
        onDidChangeFile: relayed((w) => w.edits.onDidChangeFile),
        watch: () => edits().watch(),
        stat: (uri) => edits().stat(uri),
        readFile: (uri) => edits().readFile(uri),
        writeFile: (uri, content) => edits().writeFile(uri, content),
        readDirectory: () => edits().readDirectory(),
        createDirectory: () => edits().createDirectory(),
        delete: () => edits().delete(),
        rename: () => edits().rename(),
      },
      { isCaseSensitive: true },
    ),
    // VS Code asks for code actions and lenses as a YAML editor opens, before the host hears of the editor. They are
    // answered a turn later, so that the editor shows first: the first answer loads the workbench and the YAML parser.
    vscode.languages.registerCodeActionsProvider(
      YAML,
      { provideCodeActions: async (document, range, ctx, token) => ((await nextTurn(token)) ? yaml().codeActions.provideCodeActions(document, range, ctx) : []) },
      { providedCodeActionKinds: AUTHORING_CODE_ACTION_KINDS },
    ),
    vscode.languages.registerCodeLensProvider(YAML, { provideCodeLenses: async (document, token) => ((await nextTurn(token)) ? yaml().codeLens.provideCodeLenses(document) : []) }),
    vscode.languages.registerCompletionItemProvider(YAML, { provideCompletionItems: (document, position) => yaml().completion.provideCompletionItems(document, position) }, ...COMPLETION_TRIGGERS),
    vscode.languages.registerHoverProvider(YAML, { provideHover: (document, position) => yaml().hover.provideHover(document, position) }),
    loadWhenYamlOpens(() => void load(), () => workbench !== undefined),
  );
  // The Kubernetes extension's Clusters view shows our VMs as soon as it is open: the workbench adds them.
  const interop = setTimeout(() => vscode.extensions.getExtension(KUBERNETES_EXTENSION_ID) && load());
  context.subscriptions.push({ dispose: () => clearTimeout(interop) });

  const api = {};
  for (const key of context.extensionMode === vscode.ExtensionMode.Test ? [...API, ...TEST_API] : API) {
    Object.defineProperty(api, key, { enumerable: true, get: () => load().api[key] });
  }
  return api;
}

/** After what the host has already received; false when the request was cancelled meanwhile. */
async function nextTurn(token: vscode.CancellationToken): Promise<boolean> {
  await new Promise((resolve) => setImmediate(resolve));
  return !token.isCancellationRequested;
}

/** Loads the workbench a moment after a YAML document is (or is already) open, to check it. */
function loadWhenYamlOpens(load: () => void, loaded: () => boolean): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const opened = (document: vscode.TextDocument) => {
    if (document.languageId === 'yaml' && !timer && !loaded()) timer = setTimeout(load, YAML_LOAD_DELAY_MS);
  };
  vscode.workspace.textDocuments.forEach(opened);
  const listener = vscode.workspace.onDidOpenTextDocument(opened);
  return { dispose: () => (clearTimeout(timer), listener.dispose()) };
}

export function deactivate() {}
