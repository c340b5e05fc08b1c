// Show Events (a VM's, its VMI's and its launcher pod's, as a table in an output channel) and Show Logs
// (followed into one output channel per pod; following again restarts it, Stop Following Logs ends it).
import * as vscode from 'vscode';
import { launcherPod, podEvents, vmEvents } from '../cluster/events';
import { followLog, logContainers, type LogStream } from '../cluster/logs';
import type { EventRow } from '../model/events';
import type { Pod } from '../model/objects';
import { message, requireFleet, type Services } from './services';

interface Followed {
  channel: vscode.OutputChannel;
  stream?: LogStream;
}

export class LogFollowers implements vscode.Disposable {
  private readonly followed = new Map<string, Followed>();

  /** Starts (or restarts) following a pod's container into the pod's own channel. */
  async follow(services: Services, context: string, pod: Pod, container: string): Promise<LogStream> {
    const key = `${context}/${pod.metadata.namespace}/${pod.metadata.name}`;
    const existing = this.followed.get(key);
    existing?.stream?.stop();
    const channel = existing?.channel ?? services.channel(`Log: ${pod.metadata.namespace}/${pod.metadata.name}`);
    const entry: Followed = { channel };
    this.followed.set(key, entry);
    channel.clear();
    channel.show(true);
    channel.appendLine(`# ${container} of ${pod.metadata.namespace}/${pod.metadata.name} on ${context}, following`);
    const stream = await followLog(requireFleet(services).http(context), { namespace: pod.metadata.namespace ?? '', pod: pod.metadata.name, container, tailLines: 500 }, (line) =>
      channel.appendLine(line),
    );
    entry.stream = stream;
    this.syncContext();
    void stream.done.then(() => entry.stream === stream && channel.appendLine('# log stream ended'));
    return stream;
  }

  keys(): string[] {
    return [...this.followed.entries()].filter(([, f]) => f.stream).map(([key]) => key);
  }

  stop(key: string): void {
    const entry = this.followed.get(key);
    const stream = entry?.stream;
    if (!entry || !stream) return;
    entry.stream = undefined;
    stream.stop();
    entry.channel.appendLine('# stopped following');
    this.syncContext();
  }

  /** Stop Following Logs is offered in the Command Palette only while a log is followed. */
  private syncContext(): void {
    void vscode.commands.executeCommand('setContext', 'kubevirtWorkbench.followingLogs', this.keys().length > 0);
  }

  dispose(): void {
    for (const f of this.followed.values()) {
      f.stream?.stop();
      f.channel.dispose();
    }
    this.followed.clear();
  }
}

export function registerEventsAndLogs(services: Services, followers: LogFollowers): vscode.Disposable[] {
  let events: vscode.OutputChannel | undefined;
  return [
    { dispose: () => events?.dispose() },
    vscode.commands.registerCommand('kubevirtWorkbench.showEvents', async (arg?: unknown) => {
      const node = services.node(arg);
      if (node?.type !== 'workload') return undefined;
      const target = { context: node.context, namespace: node.namespace, name: node.name };
      const pod = node.kind === 'Pod';
      try {
        const http = requireFleet(services).http(target.context);
        const rows = pod ? await podEvents(http, target.namespace, target.name) : await vmEvents(http, target.namespace, target.name);
        events ??= services.channel(vscode.l10n.t('KubeVirt Events'));
        events.clear();
        events.appendLine(`Events of ${target.namespace}/${target.name} on ${target.context} (${pod ? 'pod' : 'VM, VMI and launcher pod'}), oldest first`);
        events.appendLine('');
        for (const line of eventTable(rows)) events.appendLine(line);
        events.show(true);
        return rows;
      } catch (error) {
        void services.input.notify('error', vscode.l10n.t('Events of {0}: {1}', target.name, message(error)));
        return undefined;
      }
    }),
    vscode.commands.registerCommand('kubevirtWorkbench.showLogs', async (arg?: unknown) => {
      const node = services.node(arg);
      if (node?.type !== 'workload') return undefined;
      try {
        const fleet = requireFleet(services);
        const pod = node.kind === 'Pod' ? fleet.pods(node.context, node.namespace).find((p) => p.metadata.name === node.name) : await vmLauncher(services, node.context, node.namespace, node.name);
        if (!pod) throw new Error(node.kind === 'Pod' ? vscode.l10n.t('the pod is gone') : vscode.l10n.t('it has no virt-launcher pod (is it running?)'));
        const containers = logContainers(pod as Pod);
        const container = containers.length > 1 && node.kind === 'Pod' ? (await services.input.pick(containers.map((label) => ({ label })), { title: vscode.l10n.t('Container of {0}', pod.metadata.name) }))?.label : containers[0];
        if (!container) return undefined;
        return await followers.follow(services, node.context, pod as Pod, container);
      } catch (error) {
        void services.input.notify('error', vscode.l10n.t('Logs of {0}: {1}', node.name, message(error)));
        return undefined;
      }
    }),
    vscode.commands.registerCommand('kubevirtWorkbench.stopLogs', async () => {
      const keys = followers.keys();
      if (!keys.length) return void services.input.notify('info', vscode.l10n.t('No pod log is being followed.'));
      const key = keys.length === 1 ? keys[0] : (await services.input.pick(keys.map((label) => ({ label })), { title: vscode.l10n.t('Stop following the log of') }))?.label;
      if (key) followers.stop(key);
    }),
  ];
}

async function vmLauncher(services: Services, context: string, namespace: string, name: string): Promise<Pod | undefined> {
  const fleet = requireFleet(services);
  const vmi = fleet.vmis(context, namespace).find((v) => v.metadata.name === name);
  return vmi?.metadata.uid ? launcherPod(fleet.http(context), namespace, vmi.metadata.uid) : undefined;
}

/** Aligned columns: time, type, reason, object, message (with a repeat count). */
function eventTable(rows: EventRow[]): string[] {
  if (!rows.length) return [vscode.l10n.t('No events (events expire after an hour by default).')];
  const cells = [['TIME', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], ...rows.map((r) => [r.time ?? '', r.type, r.reason, r.object, r.count > 1 ? `${r.message} (×${r.count})` : r.message])];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => c[i].length)));
  return cells.map((c) => c.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]) : cell)).join('  '));
}
