// Open Console (the serial console in a terminal, spoken by the extension), and VNC and SSH through virtctl:
// run in a terminal when virtctl is on PATH, else the exact command offered for copying.
import * as vscode from 'vscode';
import { openSerialConsole } from '../cluster/console';
import { findVirtctl } from '../cluster/virtctl';
import { sshArgs, vncArgs, type VirtctlConnection } from '../model/virtctl';
import { SerialConsoleTerminal } from '../views/consoleTerminal';
import { message, requireFleet, vmTarget, type Services, type VmTarget } from './services';

export function registerSessionCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kubevirtWorkbench.console', (node?: unknown) => openConsole(services, vmTarget(services.node(node)))),
    vscode.commands.registerCommand('kubevirtWorkbench.vnc', (node?: unknown) => runVirtctl(services, vmTarget(services.node(node)), 'VNC', vncArgs)),
    vscode.commands.registerCommand('kubevirtWorkbench.ssh', (node?: unknown) => runVirtctl(services, vmTarget(services.node(node)), 'SSH', sshArgs)),
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
    void services.input.notify('error', `Cannot open the console of ${title}: ${message(error)}`);
    return undefined;
  }
}

type ArgBuilder = (target: VmTarget, connection: VirtctlConnection) => string[];

async function runVirtctl(services: Services, target: VmTarget | undefined, what: string, build: ArgBuilder): Promise<void> {
  if (!target) return;
  // The context's own file: virtctl then resolves the context's cluster and user in it, as the extension does,
  // whatever KUBECONFIG the terminal inherits and however many files the fleet reads.
  const file = services.fleet()?.contexts().find((c) => c.name === target.context)?.file;
  const args = build(target, { context: target.context, ...(file ? { kubeconfig: file } : {}) });
  const virtctl = await findVirtctl();
  if (virtctl) {
    vscode.window.createTerminal({ name: `${what} ${target.name}`, shellPath: virtctl, shellArgs: args }).show();
    return;
  }
  const command = ['virtctl', ...args].map(shellQuote).join(' ');
  const copy = await services.input.notify('info', `virtctl is not on your PATH. To open ${what} to ${target.name}, install it and run: ${command}`, 'Copy');
  if (copy === 'Copy') await vscode.env.clipboard.writeText(command);
}

/** For showing a command to copy only; it is never run through a shell. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
