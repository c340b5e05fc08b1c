// Open Console (the serial console in a terminal, spoken by the extension), and VNC and SSH through virtctl:
// run in a terminal when virtctl is on PATH; without it the menus offer "Copy virtctl … Command" instead.
import * as vscode from 'vscode';
import { openSerialConsole } from '../cluster/console';
import { findVirtctl } from '../cluster/virtctl';
import { sshArgs, vncArgs, type VirtctlConnection } from '../model/virtctl';
import { SerialConsoleTerminal } from '../views/consoleTerminal';
import { message, requireFleet, vmTarget, type Services, type VmTarget } from './services';

export function registerSessionCommands(services: Services): vscode.Disposable[] {
  // Which of Open VNC/SSH or Copy virtctl … Command the menus offer.
  void findVirtctl().then((found) => vscode.commands.executeCommand('setContext', 'kubevirtWorkbench.virtctl', !!found));
  const target = (node: unknown) => vmTarget(services.node(node));
  return [
    vscode.commands.registerCommand('kubevirtWorkbench.console', (node?: unknown) => openConsole(services, target(node))),
    vscode.commands.registerCommand('kubevirtWorkbench.vnc', (node?: unknown) => runVirtctl(services, target(node), 'VNC', vncArgs)),
    vscode.commands.registerCommand('kubevirtWorkbench.ssh', (node?: unknown) => runVirtctl(services, target(node), 'SSH', sshArgs)),
    vscode.commands.registerCommand('kubevirtWorkbench.copyVncCommand', (node?: unknown) => copyVirtctl(services, target(node), vncArgs)),
    vscode.commands.registerCommand('kubevirtWorkbench.copySshCommand', (node?: unknown) => copyVirtctl(services, target(node), sshArgs)),
  ];
}

async function openConsole(services: Services, target: VmTarget | undefined): Promise<vscode.Terminal | undefined> {
  if (!target) return undefined;
  const title = `${target.namespace}/${target.name}`;
  try {
    const session = await openSerialConsole(requireFleet(services).http(target.context), target.namespace, target.name);
    const terminal = vscode.window.createTerminal({ name: `Console ${target.name}`, pty: new SerialConsoleTerminal(session, `${title} (${target.context})`) });
    terminal.show();
    return terminal;
  } catch (error) {
    void services.input.notify('error', vscode.l10n.t('Cannot open the console of {0}: {1}', title, message(error)));
    return undefined;
  }
}

type ArgBuilder = (target: VmTarget, connection: VirtctlConnection) => string[];

function virtctlArgs(services: Services, target: VmTarget, build: ArgBuilder): string[] {
  // The context's own file: virtctl then resolves the context's cluster and user in it, as the extension does,
  // whatever KUBECONFIG the terminal inherits and however many files the fleet reads.
  const file = services.fleet()?.contexts().find((c) => c.name === target.context)?.file;
  return build(target, { context: target.context, ...(file ? { kubeconfig: file } : {}) });
}

async function runVirtctl(services: Services, target: VmTarget | undefined, what: string, build: ArgBuilder): Promise<void> {
  if (!target) return;
  const virtctl = await findVirtctl();
  if (!virtctl) {
    await copyVirtctl(services, target, build);
    return;
  }
  vscode.window.createTerminal({ name: `${what} ${target.name}`, shellPath: virtctl, shellArgs: virtctlArgs(services, target, build) }).show();
}

/** Copies the virtctl command line and resolves with it. */
async function copyVirtctl(services: Services, target: VmTarget | undefined, build: ArgBuilder): Promise<string | undefined> {
  if (!target) return undefined;
  const command = ['virtctl', ...virtctlArgs(services, target, build)].map(shellQuote).join(' ');
  await vscode.env.clipboard.writeText(command);
  void services.input.notify('info', vscode.l10n.t('Copied: {0}. Run it where virtctl is installed.', command));
  return command;
}

/** For showing a command to copy only; it is never run through a shell. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
