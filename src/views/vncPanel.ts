// Open VNC: one editor tab per VMI running noVNC in a webview (dist/vnc.js), fed by a VncRelay in the extension
// host, so the webview never reaches a cluster and needs no network in its Content Security Policy. The host puts
// the relay's reasons into words, and saves the screenshots the webview takes where the save dialog says.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { KubeHttp } from '../cluster/kubeHttp';
import { VncRelay, type RelayEvent } from '../cluster/vncRelay';
import type { UserInput } from '../commands/userInput';
import { asBytes, screenshotFileName, type HostMessage, type VncEnd, type VncLabels, type WebviewMessage } from '../model/vncSession';

export interface VncTarget {
  context: string;
  namespace: string;
  name: string;
}

export class VncPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly input: UserInput,
  ) {}

  /** Opens (or reveals) the VNC tab of a VMI; resolves with its panel. */
  open(http: KubeHttp, target: VncTarget): vscode.WebviewPanel {
    const key = `${target.context}/${target.namespace}/${target.name}`;
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const title = vscode.l10n.t('VNC: {0} ({1})', target.name, target.context);
    const panel = vscode.window.createWebviewPanel('kubevirtWorkbench.vnc', title, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    });
    panel.webview.html = this.html(panel.webview);
    const post = (message: HostMessage) => void panel.webview.postMessage(message);
    const relay = new VncRelay(http, target.namespace, target.name, (event) => post(this.words(event, target)));
    this.panels.set(key, panel);
    panel.onDidDispose(() => {
      relay.dispose();
      this.panels.delete(key);
    });
    panel.webview.onDidReceiveMessage((message: WebviewMessage) => {
      switch (message?.type) {
        case 'ready':
          post({ type: 'init', title: vscode.l10n.t('{0} · {1} · {2}', target.name, target.namespace, target.context), labels: labels() });
          void relay.connect(false);
          break;
        case 'connect':
          void relay.connect(message.takeOver === true);
          break;
        case 'data': {
          const bytes = asBytes(message.bytes);
          if (bytes) relay.write(bytes);
          break;
        }
        case 'screenshot': {
          const png = asBytes(message.png);
          if (png) void this.saveScreenshot(target, png);
          break;
        }
      }
    });
    return panel;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }

  /** Writes a PNG where the user says; resolves with the file written. */
  async saveScreenshot(target: VncTarget, png: Uint8Array): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = screenshotFileName(target.name, new Date());
    const file = await this.input.saveAs({
      title: vscode.l10n.t('Save the screen of {0}', target.name),
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { [vscode.l10n.t('PNG image')]: ['png'] },
    });
    if (!file) return undefined;
    await vscode.workspace.fs.writeFile(file, png);
    void this.input.notify('info', vscode.l10n.t('Saved the screen of {0} to {1}.', target.name, file.fsPath));
    return file;
  }

  private words(event: RelayEvent, target: VncTarget): HostMessage {
    // A plain Uint8Array: a Node Buffer would cross as its JSON ({ type: 'Buffer', data: [...] }), not as bytes.
    if (event.type === 'data') return { type: 'data', bytes: new Uint8Array(event.bytes) };
    if (event.type !== 'ended') return event;
    return { type: 'ended', message: endWords(event.end, target.name), takeOver: event.end.kind === 'held' };
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'vnc.js'));
    // noVNC draws the remote cursor as a data: image; nothing else is loaded, and nothing connects anywhere. The
    // script is an ES module: noVNC awaits a feature check at its top level.
    // l10n-ignore: the page's markup; its words come in a message
    const csp = `default-src 'none'; img-src ${webview.cspSource} data: blob:; style-src ${webview.cspSource} 'unsafe-inline'; font-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
    // l10n-ignore: markup
    return `<!DOCTYPE html>
<html lang="${vscode.env.language}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>VNC</title>
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); background: var(--vscode-editor-background); }
  .bar { display: flex; align-items: center; gap: 8px; padding: 6px 12px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  #title { font-weight: 600; flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  #status { color: var(--vscode-descriptionForeground); white-space: nowrap; }
  vscode-button { flex: none; }
  #status.connected { color: var(--vscode-charts-green); }
  #status.ended { color: var(--vscode-errorForeground); }
  #banner { display: flex; align-items: center; gap: 12px; margin: 8px 12px 0; padding: 8px 12px; border: 1px solid var(--vscode-inputValidation-warningBorder); background: var(--vscode-inputValidation-warningBackground); color: var(--vscode-foreground); }
  #banner[hidden], [hidden] { display: none !important; }
  #screen { flex: 1; min-height: 0; overflow: hidden; }
</style></head>
<body data-state="connecting">
<div class="bar" role="toolbar">
  <span id="title"></span>
  <span id="status" role="status" aria-live="polite"></span>
  <vscode-button id="ctrl-alt-del" secondary></vscode-button>
  <vscode-button id="screenshot" secondary></vscode-button>
  <vscode-button id="reconnect"></vscode-button>
</div>
<div id="banner" role="alert" hidden><span id="banner-text"></span><vscode-button id="take-over" hidden></vscode-button></div>
<div id="screen"></div>
<script type="module" nonce="${nonce}" src="${script}"></script></body></html>`;
  }
}

function labels(): VncLabels {
  return {
    connecting: vscode.l10n.t('Connecting…'),
    connected: vscode.l10n.t('Connected'),
    disconnected: vscode.l10n.t('Not connected'),
    ctrlAltDel: vscode.l10n.t('Send Ctrl+Alt+Del'),
    screenshot: vscode.l10n.t('Screenshot…'),
    reconnect: vscode.l10n.t('Reconnect'),
    takeOver: vscode.l10n.t('Take Over'),
  };
}

/** Why the screen is not connected, in words. */
export function endWords(end: VncEnd, name: string): string {
  switch (end.kind) {
    case 'held':
      return vscode.l10n.t('Another viewer is connected to the screen of {0}. KubeVirt allows one VNC viewer at a time: Take Over disconnects the other one.', name);
    case 'stopped':
      return end.phase
        ? vscode.l10n.t('{0} is not running (its VMI is {1}), so its screen is gone. Reconnect once it runs again.', name, end.phase)
        : vscode.l10n.t('{0} is not running (it has no VMI), so its screen is gone. Reconnect once it runs again.', name);
    case 'dropped':
      return vscode.l10n.t('Disconnected: another viewer took over the screen of {0}, or the connection dropped. Reconnect to get it back.', name);
    case 'refused':
      return vscode.l10n.t('The cluster refused the VNC connection to {0}: {1}', name, end.message);
  }
}
