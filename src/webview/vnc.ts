// The VNC tab's script: noVNC's RFB client drawing into the tab, its socket a channel object with the WebSocket
// interface whose bytes go to the extension host by postMessage (the host relays them to the VMI's `vnc`
// subresource; nothing here talks to a cluster). A toolbar sends Ctrl+Alt+Del, takes a screenshot (the host
// saves it) and reconnects; a banner says why the screen is not connected, with Take Over when another viewer
// holds it. Every text goes in through textContent; the words come translated from the host.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import RFB from '@novnc/novnc';
import { asBytes, type HostMessage, type VncLabels, type WebviewMessage } from '../model/vncSession';

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void };

const vscode = acquireVsCodeApi();
const $ = (id: string) => document.getElementById(id)!;

/** What noVNC's Websock needs of a socket (the properties it checks, and the events it sets). */
class HostChannel {
  binaryType = 'arraybuffer';
  protocol = '';
  readyState: 'connecting' | 'open' | 'closed' = 'connecting';
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  send(data: ArrayBufferView | ArrayBuffer): void {
    if (this.readyState !== 'open') return;
    const view = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    // A copy: noVNC reuses its send buffer, and a view would post the whole buffer.
    vscode.postMessage({ type: 'data', bytes: view.slice() });
  }

  close(): void {
    this.ended();
  }

  opened(): void {
    this.readyState = 'open';
    this.onopen?.();
  }

  received(bytes: Uint8Array): void {
    if (this.readyState === 'open') this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
  }

  ended(): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    setTimeout(() => this.onclose?.({ code: 1006, reason: '', wasClean: false }));
  }
}

let labels: VncLabels | undefined;
let rfb: RFB | undefined;
let channel: HostChannel | undefined;

function setStatus(text: string, state: 'connecting' | 'connected' | 'ended'): void {
  const status = $('status');
  status.textContent = text;
  status.className = state;
  document.body.dataset.state = state;
}

function showBanner(message: string | undefined, takeOver: boolean): void {
  const banner = $('banner');
  banner.hidden = !message;
  $('banner-text').textContent = message ?? '';
  $('take-over').hidden = !takeOver;
}

/** A new RFB client over a new channel, for each connection the host opens. */
function startClient(): void {
  rfb?.disconnect();
  channel?.ended();
  channel = new HostChannel();
  const client = new RFB($('screen'), channel, { shared: true });
  client.scaleViewport = true;
  client.background = 'var(--vscode-editor-background)';
  client.addEventListener('connect', () => {
    if (rfb !== client) return;
    setStatus(labels?.connected ?? '', 'connected');
    client.focus();
  });
  client.addEventListener('desktopname', (event) => {
    document.body.dataset.desktop = (event as CustomEvent<{ name: string }>).detail.name;
  });
  rfb = client;
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message?.type) {
    case 'init':
      labels = message.labels;
      $('title').textContent = message.title;
      $('ctrl-alt-del').textContent = labels.ctrlAltDel;
      $('screenshot').textContent = labels.screenshot;
      $('reconnect').textContent = labels.reconnect;
      $('take-over').textContent = labels.takeOver;
      break;
    case 'connecting':
      showBanner(undefined, false);
      setStatus(labels?.connecting ?? '', 'connecting');
      startClient();
      break;
    case 'open':
      channel?.opened();
      break;
    case 'data': {
      const bytes = asBytes(message.bytes);
      if (bytes) channel?.received(bytes);
      break;
    }
    case 'ended':
      channel?.ended();
      setStatus(labels?.disconnected ?? '', 'ended');
      showBanner(message.message, message.takeOver);
      break;
  }
});

$('ctrl-alt-del').addEventListener('click', () => {
  rfb?.sendCtrlAltDel();
  rfb?.focus();
});
$('screenshot').addEventListener('click', () => {
  const canvas = document.querySelector<HTMLCanvasElement>('#screen canvas'); // l10n-ignore: a CSS selector
  if (!rfb || !canvas) return;
  rfb.toBlob((blob) => void blob?.arrayBuffer().then((buffer) => vscode.postMessage({ type: 'screenshot', png: new Uint8Array(buffer) })), 'image/png');
});
$('reconnect').addEventListener('click', () => vscode.postMessage({ type: 'connect', takeOver: false }));
$('take-over').addEventListener('click', () => vscode.postMessage({ type: 'connect', takeOver: true }));
vscode.postMessage({ type: 'ready' });
