// Open Console (the serial console in a terminal), Open VNC (noVNC in an editor tab, relayed by the extension
// host), Forward Port… and SSH, all spoken by the extension itself; virtctl stays an alternative where installed
// (Open VNC with virtctl, and SSH through `virtctl ssh`), and without it the menus offer its command lines to copy.
import * as vscode from 'vscode';
import { openSerialConsole } from '../cluster/console';
import { findExecutable, findVirtctl } from '../cluster/virtctl';
import { parsePortSpec, vmKey } from '../model/portSpec';
import { sshOverForwardArgs, sshUserProblem } from '../model/sshCommand';
import { sshArgs, vncArgs, type VirtctlConnection } from '../model/virtctl';
import { SerialConsoleTerminal } from '../views/consoleTerminal';
import { PortForwards, type ActiveForward } from '../views/portForwards';
import { VncPanels } from '../views/vncPanel';
import { message, requireFleet, vmTarget, type Services, type VmTarget } from './services';

/** globalState key: the guest user SSH logs in as, per VM (asked once). */
const SSH_USERS = 'kubevirtWorkbench.sshUsers';

export function registerSessionCommands(services: Services): vscode.Disposable[] {
  // Which of Open VNC with virtctl or Copy virtctl … Command the menus offer.
  void findVirtctl().then((found) => vscode.commands.executeCommand('setContext', 'kubevirtWorkbench.virtctl', !!found));
  const target = (node: unknown) => vmTarget(services.node(node));
  const panels = new VncPanels(services.extensionUri, services.input);
  const forwards = new PortForwards(services.fleet, services.input);
  return [
    panels,
    forwards,
    vscode.commands.registerCommand('kubevirtWorkbench.console', (node?: unknown) => openConsole(services, target(node))),
    vscode.commands.registerCommand('kubevirtWorkbench.vnc', (node?: unknown) => openVnc(services, panels, target(node))),
    vscode.commands.registerCommand('kubevirtWorkbench.vncVirtctl', (node?: unknown) => runVirtctl(services, target(node), 'VNC', vncArgs)),
    vscode.commands.registerCommand('kubevirtWorkbench.ssh', (node?: unknown) => ssh(services, forwards, target(node))),
    vscode.commands.registerCommand('kubevirtWorkbench.forwardPort', (node?: unknown) => forwardPort(services, forwards, target(node))),
    vscode.commands.registerCommand('kubevirtWorkbench.showForwards', () => forwards.choose()),
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

/** The VNC tab of the VM's VMI (a VM's VMI has the VM's name). */
function openVnc(services: Services, panels: VncPanels, target: VmTarget | undefined): vscode.WebviewPanel | undefined {
  if (!target) return undefined;
  return panels.open(requireFleet(services).http(target.context), target);
}

/** Asks for `80` or `8080:80`, starts the forward and says where it listens; resolves with it. */
async function forwardPort(services: Services, forwards: PortForwards, target: VmTarget | undefined): Promise<ActiveForward | undefined> {
  if (!target) return undefined;
  const problems: Record<string, string> = {
    empty: vscode.l10n.t('Give the port on the VM, e.g. 80, or local:VM, e.g. 8080:80.'),
    syntax: vscode.l10n.t('A port is a number (80), or a local and a VM port joined by a colon (8080:80).'),
    range: vscode.l10n.t('Ports are 1 to 65535.'),
  };
  const answer = await services.input.input({
    title: vscode.l10n.t('Forward Port of {0}/{1} ({2})', target.namespace, target.name, target.context),
    prompt: vscode.l10n.t('The port on the VM (the same local port when free and unprivileged, else any free one), or local:VM'),
    placeHolder: '80  ·  8080:80',
    validateInput: (text) => {
      const spec = parsePortSpec(text);
      return typeof spec === 'string' ? problems[spec] : undefined;
    },
  });
  if (answer === undefined) return undefined;
  const spec = parsePortSpec(answer);
  if (typeof spec === 'string') return undefined;
  try {
    const forward = await forwards.start(requireFleet(services).http(target.context), target, spec);
    services.log.info(`[${target.context}] forwarding ${forward.address} to port ${spec.remotePort} of ${target.kind}/${target.namespace}/${target.name}`);
    void forwards.announce(forward);
    return forward;
  } catch (error) {
    void services.input.notify('error', vscode.l10n.t('Cannot forward port {0} of {1}: {2}', spec.remotePort, target.name, message(error)));
    return undefined;
  }
}

/**
 * SSH: `virtctl ssh` where virtctl is installed; else `ssh` in a terminal against a forward of the VM's port 22,
 * as the user asked for once per VM. The forward ends with the terminal (unless it was already running).
 */
async function ssh(services: Services, forwards: PortForwards, target: VmTarget | undefined): Promise<vscode.Terminal | undefined> {
  if (!target) return undefined;
  const virtctl = await findVirtctl();
  if (virtctl) return virtctlTerminal(services, target, 'SSH', sshArgs, virtctl);
  const sshPath = await findExecutable('ssh');
  if (!sshPath) {
    const copy = vscode.l10n.t('Copy virtctl SSH Command');
    const choice = await services.input.notify('error', vscode.l10n.t('Neither ssh nor virtctl is on your PATH: install an OpenSSH client to SSH into {0}.', target.name), copy);
    if (choice === copy) await copyVirtctl(services, target, sshArgs);
    return undefined;
  }
  const users = services.state.get<Record<string, string>>(SSH_USERS, {});
  const key = vmKey(target);
  let username: string | undefined = users[key];
  if (!username) {
    username = await services.input.input({
      title: vscode.l10n.t('SSH into {0}/{1} ({2})', target.namespace, target.name, target.context),
      prompt: vscode.l10n.t('The guest user to log in as (remembered for this VM)'),
      validateInput: (text) => sshUserProblem(text.trim()),
    });
    username = username?.trim();
    if (!username) return undefined;
    await services.state.update(SSH_USERS, { ...users, [key]: username });
  }
  let forward = forwards.find(target, 22);
  const ownForward = !forward;
  try {
    forward ??= await forwards.start(requireFleet(services).http(target.context), target, { localPort: 0, remotePort: 22, localChosen: false });
  } catch (error) {
    void services.input.notify('error', vscode.l10n.t('Cannot forward the SSH port of {0}: {1}', target.name, message(error)));
    return undefined;
  }
  const terminal = vscode.window.createTerminal({
    name: vscode.l10n.t('SSH {0}', target.name),
    shellPath: sshPath,
    shellArgs: sshOverForwardArgs(target, { username, localPort: forward.forward.localPort, context: target.context }),
  });
  if (ownForward) {
    const used = forward;
    const closed = vscode.window.onDidCloseTerminal((t) => {
      if (t !== terminal) return;
      closed.dispose();
      void forwards.stop(used);
    });
  }
  terminal.show();
  return terminal;
}

type ArgBuilder = (target: VmTarget, connection: VirtctlConnection) => string[];

function virtctlArgs(services: Services, target: VmTarget, build: ArgBuilder): string[] {
  // The context's own file: virtctl then resolves the context's cluster and user in it, as the extension does,
  // whatever KUBECONFIG the terminal inherits and however many files the fleet reads.
  const file = services.fleet()?.contexts().find((c) => c.name === target.context)?.file;
  return build(target, { context: target.context, ...(file ? { kubeconfig: file } : {}) });
}

async function runVirtctl(services: Services, target: VmTarget | undefined, what: string, build: ArgBuilder): Promise<vscode.Terminal | undefined> {
  if (!target) return undefined;
  const virtctl = await findVirtctl();
  if (!virtctl) {
    await copyVirtctl(services, target, build);
    return undefined;
  }
  return virtctlTerminal(services, target, what, build, virtctl);
}

function virtctlTerminal(services: Services, target: VmTarget, what: string, build: ArgBuilder, virtctl: string): vscode.Terminal {
  const terminal = vscode.window.createTerminal({ name: `${what} ${target.name}`, shellPath: virtctl, shellArgs: virtctlArgs(services, target, build) });
  terminal.show();
  return terminal;
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
