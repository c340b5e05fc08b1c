// The VNC tab's conversation between the extension host and its webview (the webview never talks to a cluster:
// the host relays RFB bytes to and from the VMI's `vnc` websocket), why a session ended, and the screenshot's
// default file name. Shared by the host adapter and the webview script.

/** Why the relay is not (or no longer) connected. */
export type VncEnd =
  /** Another viewer holds the screen and we asked to preserve its session (virt-api: "Active VNC connection"). */
  | { kind: 'held' }
  /** The VMI is gone or no longer running. */
  | { kind: 'stopped'; phase?: string }
  /** The socket closed while the VMI still runs: another viewer took over, or the connection dropped. */
  | { kind: 'dropped' }
  /** The server refused the connection (403, 400 "VMI is not running", …). */
  | { kind: 'refused'; code?: number; message: string };

/** The words and button labels the webview shows, translated by the host. */
export interface VncLabels {
  connecting: string;
  connected: string;
  /** The toolbar's word once ended; the banner says why. */
  disconnected: string;
  ctrlAltDel: string;
  screenshot: string;
  reconnect: string;
  takeOver: string;
}

export type HostMessage =
  | { type: 'init'; title: string; labels: VncLabels }
  | { type: 'connecting' }
  | { type: 'open' }
  | { type: 'data'; bytes: Uint8Array }
  /** `takeOver`: whether the webview offers to take the screen over from another viewer. */
  | { type: 'ended'; message: string; takeOver: boolean };

export type WebviewMessage =
  | { type: 'ready' }
  /** Reconnect, taking the screen over from another viewer or not. */
  | { type: 'connect'; takeOver: boolean }
  | { type: 'data'; bytes: Uint8Array }
  | { type: 'screenshot'; png: Uint8Array };

/**
 * How a session ended, from the refusal of its upgrade (if any) and what the VMI is now: a stopped VMI explains
 * any close; a held session only a refusal saying so.
 */
export function classifyVncEnd(refusal: { code?: number; message: string; held: boolean } | undefined, vmiPhase: string | undefined): VncEnd {
  if (vmiPhase !== 'Running') return { kind: 'stopped', ...(vmiPhase ? { phase: vmiPhase } : {}) };
  if (!refusal) return { kind: 'dropped' };
  if (refusal.held) return { kind: 'held' };
  return { kind: 'refused', ...(refusal.code !== undefined ? { code: refusal.code } : {}), message: refusal.message };
}

/** `web-1-20261202-154000.png`: the VM and the local time, safe as a file name everywhere. */
export function screenshotFileName(vmName: string, at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
  return `${vmName.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}.png`;
}

/** Bytes posted through a webview boundary: a typed array, an ArrayBuffer, or (serialized) a plain array, a Buffer's JSON or an index map. */
export function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  if (value && typeof value === 'object' && Array.isArray((value as { data?: unknown }).data)) return asBytes((value as { data: unknown }).data);
  if (value && typeof value === 'object') {
    const values = Object.values(value as Record<string, unknown>);
    if (values.every((v) => typeof v === 'number')) return Uint8Array.from(values as number[]);
  }
  return undefined;
}
