// The extension host's side of a VNC tab: one `vnc` websocket of a VMI at a time (vnc.ts), its RFB bytes relayed to
// and from the webview as messages. A first connection asks to preserve another viewer's session (so opening a tab
// never silently drops someone); Take Over and Reconnect ask to take it. When the socket ends, the VMI is read to
// say why: it stopped, or it still runs and so another viewer took the screen (or the connection dropped).
import type { VirtualMachineInstance } from '../model/objects';
import { classifyVncEnd, type HostMessage, type VncEnd } from '../model/vncSession';
import { KubeApiError } from './errors';
import type { KubeHttp } from './kubeHttp';
import { kubevirtPath } from './kubevirtPaths';
import type { PlainStream } from './plainStream';
import { isVncSessionHeld, openVnc } from './vnc';

/** What the relay tells its webview; `ended` carries the reason, for the adapter to put in words. */
export type RelayEvent = Exclude<HostMessage, { type: 'init' } | { type: 'ended' }> | { type: 'ended'; end: VncEnd };

/** After a drop, when the VMI is read again: it may still have been stopping. */
const RECHECK_MS = [1000, 2000, 4000];

export class VncRelay {
  private stream: PlainStream | undefined;
  /** Bumped by every connect and by dispose: events of an older socket are dropped. */
  private generation = 0;

  constructor(
    private readonly http: KubeHttp,
    private readonly namespace: string,
    private readonly name: string,
    private readonly emit: (event: RelayEvent) => void,
  ) {}

  get connected(): boolean {
    return this.stream !== undefined;
  }

  /** (Re)connects; resolves once open or ended. */
  async connect(takeOver: boolean): Promise<void> {
    const generation = ++this.generation;
    this.stream?.close();
    this.stream = undefined;
    this.emit({ type: 'connecting' });
    let stream: PlainStream;
    try {
      stream = await openVnc(this.http, this.namespace, this.name, { preserveSession: !takeOver });
    } catch (error) {
      if (generation !== this.generation) return;
      const refusal = { code: error instanceof KubeApiError ? error.code : undefined, message: error instanceof Error ? error.message : String(error), held: isVncSessionHeld(error) };
      this.emit({ type: 'ended', end: classifyVncEnd(refusal, await this.vmiPhase()) });
      return;
    }
    if (generation !== this.generation) return stream.close();
    this.stream = stream;
    this.emit({ type: 'open' });
    stream.onData((bytes) => generation === this.generation && this.emit({ type: 'data', bytes }));
    stream.onClose(() => {
      if (generation !== this.generation) return;
      this.stream = undefined;
      void this.closed(generation);
    });
  }

  /**
   * Says why the open screen closed. A stopping VMI still reads Running for a moment after its screen is gone (the
   * phase follows the guest's end), so a drop is looked at again a few times and said again if it was a stop.
   */
  private async closed(generation: number): Promise<void> {
    for (const waitMs of [0, ...RECHECK_MS]) {
      if (waitMs) await new Promise((resolve) => setTimeout(resolve, waitMs));
      if (generation !== this.generation) return;
      const end = classifyVncEnd(undefined, await this.vmiPhase());
      if (generation !== this.generation) return;
      if (end.kind !== 'dropped' || waitMs === 0) this.emit({ type: 'ended', end });
      if (end.kind !== 'dropped') return;
    }
  }

  /** Bytes from the webview's noVNC; dropped while not connected (noVNC starts over on reconnect). */
  write(bytes: Uint8Array): void {
    this.stream?.write(bytes);
  }

  dispose(): void {
    this.generation++;
    this.stream?.close();
    this.stream = undefined;
  }

  /** The VMI's phase now; undefined when it is gone; 'Running' when it cannot be read (the refusal then speaks). */
  private async vmiPhase(): Promise<string | undefined> {
    try {
      const vmi = await this.http.find<VirtualMachineInstance>(kubevirtPath('virtualmachineinstances', this.namespace, this.name));
      return vmi ? (vmi.status?.phase ?? 'Pending') : undefined;
    } catch {
      return 'Running';
    }
  }
}
