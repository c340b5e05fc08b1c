// Forward Port… and SSH's forwards while they run. On a remote extension host (code-server, Remote - SSH,
// Codespaces) VS Code detects the forward's listening port and lists it in its Ports view (as Auto Forwarded), and
// `asExternalUri` gives the address to open on the user's side. An extension cannot add entries of its own to the
// Ports view (that takes a proposed API) and a local window lists none, so every forward is shown by a status bar
// item as well: visible from every view while a forward runs (the Fleet tree may be collapsed or scrolled away),
// naming the forward (or how many), listing each in its tooltip; a click picks one to Open in Browser, Copy Address
// or Stop Forwarding. A forward ends by itself when its VMI stops running, and with the window.
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import type { KubeHttp } from '../cluster/kubeHttp';
import { forwardPort, type PortForward } from '../cluster/portForward';
import type { UserInput } from '../commands/userInput';
import type { TargetKind } from '../model/actions';
import type { VirtualMachineInstance } from '../model/objects';
import type { PortSpec } from '../model/portSpec';

export interface ForwardTarget {
  context: string;
  namespace: string;
  name: string;
  kind: TargetKind;
}

export interface ActiveForward {
  readonly target: ForwardTarget;
  readonly forward: PortForward;
  /** `127.0.0.1:54321` */
  readonly address: string;
}

interface Entry extends ActiveForward {
  unsubscribe: () => void;
  /** Server refusals already shown (each once per forward, not once per connection). */
  shown: Set<string>;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class PortForwards implements vscode.Disposable {
  private readonly entries: Entry[] = [];
  private readonly item = vscode.window.createStatusBarItem('kubevirtWorkbench.forwards', vscode.StatusBarAlignment.Left, 10);

  constructor(
    private readonly fleet: () => Fleet | undefined,
    private readonly input: UserInput,
  ) {
    this.item.name = vscode.l10n.t('KubeVirt Port Forwards');
    this.item.command = 'kubevirtWorkbench.showForwards';
  }

  list(): readonly ActiveForward[] {
    return this.entries;
  }

  /** The running forward of a VM's port, if any. */
  find(target: ForwardTarget, remotePort: number): ActiveForward | undefined {
    return this.entries.find((e) => sameTarget(e.target, target) && e.forward.remotePort === remotePort);
  }

  /** Starts a forward; a busy local port the user did not choose gives way to any free one. */
  async start(http: KubeHttp, target: ForwardTarget, spec: PortSpec): Promise<ActiveForward> {
    const shown = new Set<string>();
    const onError = (error: unknown) => {
      const text = errorText(error);
      if (shown.has(text)) return;
      shown.add(text);
      void this.input.notify('error', vscode.l10n.t('Port {0} of {1}: the cluster refused a connection: {2}', spec.remotePort, target.name, text));
    };
    const open = (localPort: number) => forwardPort(http, { namespace: target.namespace, name: target.name, kind: target.kind }, spec.remotePort, { localPort, onError });
    let forward: PortForward;
    try {
      forward = await open(spec.localPort);
    } catch (error) {
      if (spec.localChosen || spec.localPort === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      forward = await open(0);
    }
    const entry: Entry = { target, forward, address: `${forward.host}:${forward.localPort}`, shown, unsubscribe: () => undefined };
    // Stopped only once the caches have seen it run: a namespace whose caches are not loaded says nothing.
    let seenRunning = this.runs(target) === true;
    entry.unsubscribe = this.fleet()?.onDidChange((change) => {
      if (change.context !== target.context || (change.namespace && change.namespace !== target.namespace)) return;
      const running = this.runs(target);
      seenRunning ||= running === true;
      if (seenRunning && running === false) {
        void this.stop(entry).then(() => this.input.notify('info', vscode.l10n.t('Stopped forwarding {0} to port {1} of {2}: it is no longer running.', entry.address, spec.remotePort, target.name)));
      }
    }) ?? (() => undefined);
    this.entries.push(entry);
    this.render();
    return entry;
  }

  async stop(forward: ActiveForward): Promise<void> {
    const index = this.entries.indexOf(forward as Entry);
    if (index < 0) return;
    const [entry] = this.entries.splice(index, 1);
    entry.unsubscribe();
    this.render();
    await entry.forward.close();
  }

  /** The status bar's click: pick a forward, then what to do with it. */
  async choose(): Promise<void> {
    if (!this.entries.length) {
      void this.input.notify('info', vscode.l10n.t('No ports are forwarded. Right-click a running VM in the Fleet view and choose Forward Port….'));
      return;
    }
    const picked = await this.input.pick(
      // l10n-ignore: a codicon and an address
      this.entries.map((entry) => ({ label: `$(plug) ${entry.address}`, description: describe(entry), entry })),
      { title: vscode.l10n.t('Forwarded Ports'), placeHolder: vscode.l10n.t('Choose a forward') },
    );
    if (!picked) return;
    const open = vscode.l10n.t('Open in Browser');
    const copy = vscode.l10n.t('Copy Address');
    const stop = vscode.l10n.t('Stop Forwarding');
    const action = await this.input.pick([open, copy, stop].map((label) => ({ label })), { title: `${picked.entry.address} → ${describe(picked.entry)}` });
    if (action?.label === open) await this.openInBrowser(picked.entry);
    if (action?.label === copy) await vscode.env.clipboard.writeText(picked.entry.address);
    if (action?.label === stop) await this.stop(picked.entry);
  }

  /** Tells the user where the forward listens, with what they may do next. */
  async announce(forward: ActiveForward): Promise<void> {
    const open = vscode.l10n.t('Open in Browser');
    const copy = vscode.l10n.t('Copy Address');
    const stop = vscode.l10n.t('Stop Forwarding');
    const choice = await this.input.notify('info', vscode.l10n.t('Forwarding {0} to {1}.', forward.address, describe(forward)), open, copy, stop);
    if (choice === open) await this.openInBrowser(forward);
    if (choice === copy) await vscode.env.clipboard.writeText(forward.address);
    if (choice === stop) await this.stop(forward);
  }

  dispose(): void {
    for (const entry of this.entries.splice(0)) {
      entry.unsubscribe();
      void entry.forward.close();
    }
    this.item.dispose();
  }

  private async openInBrowser(forward: ActiveForward): Promise<void> {
    const uri = await vscode.env.asExternalUri(vscode.Uri.parse(`http://${forward.address}/`));
    await vscode.env.openExternal(uri);
  }

  /** Whether the target's VMI runs, as the Fleet's caches see it; undefined while its cluster is not connected. */
  private runs(target: ForwardTarget): boolean | undefined {
    const fleet = this.fleet();
    if (!fleet || fleet.state(target.context).status !== 'connected') return undefined;
    const vmi = fleet.vmis(target.context, target.namespace).find((o) => o.metadata.name === target.name) as VirtualMachineInstance | undefined;
    return vmi?.status?.phase === 'Running';
  }

  private render(): void {
    const count = this.entries.length;
    void vscode.commands.executeCommand('setContext', 'kubevirtWorkbench.forwarding', count > 0);
    if (!count) return this.item.hide();
    const [first] = this.entries;
    this.item.text = count === 1 ? `$(plug) ${first.target.name} ${first.forward.localPort}→${first.forward.remotePort}` : `$(plug) ${vscode.l10n.t('{0} forwards', count)}`;
    const tooltip = new vscode.MarkdownString(vscode.l10n.t('Forwarded ports (click to open, copy or stop one):'));
    for (const entry of this.entries) tooltip.appendMarkdown('\n- ').appendText(`${entry.address} → ${describe(entry)}`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: vscode.l10n.t('{0} forwarded ports', count) };
    this.item.show();
  }
}

/** `port 80 of tenant-alpha/web-1 (prod-east)` */
function describe(forward: ActiveForward): string {
  const { target } = forward;
  return vscode.l10n.t('port {0} of {1}/{2} ({3})', forward.forward.remotePort, target.namespace, target.name, target.context);
}

const sameTarget = (a: ForwardTarget, b: ForwardTarget) => a.context === b.context && a.namespace === b.namespace && a.name === b.name && a.kind === b.kind;
