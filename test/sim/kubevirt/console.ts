// The serial console (`virtctl console`): a websocket with raw terminal bytes behind a getty-like login,
// a password prompt without echo, and a shell that answers a few commands.
import type { WebSocket } from 'ws';
import { badRequest, conflict, notFound } from '../api-error';
import type { KubeObject, Store } from '../store';
import type { ClusterHooks } from '../types';
import { guestOsFor } from './guest-os';
import { SUBRESOURCE_GROUP, VMIS } from './keys';
import { vmiSpecOf } from './builders';
import { vmiStatus, type GuestOsInfo } from './status-types';

type State = 'login' | 'password' | 'shell';

/** One terminal session: bytes in, bytes out. */
export class SerialConsole {
  private state: State = 'login';
  private line = '';
  private user = '';
  private lastWasCr = false;
  private readonly os: GuestOsInfo;

  constructor(private readonly vmi: KubeObject) {
    this.os = guestOsFor(vmi);
  }

  /** What a fresh getty shows. */
  banner(): string {
    return `\r\n${this.os.prettyName} ${this.os.kernelRelease} (ttyS0)\r\n\r\n${this.prompt()}`;
  }

  input(data: string): string {
    let out = '';
    for (const ch of data) {
      const wasCr = this.lastWasCr;
      this.lastWasCr = ch === '\r';
      if (ch === '\n' && wasCr) continue;
      if (ch === '\r' || ch === '\n') out += this.enter();
      else if (ch === '\x7f' || ch === '\b') {
        if (this.line) {
          this.line = this.line.slice(0, -1);
          if (this.state !== 'password') out += '\b \b';
        }
      } else if (ch === '\x03') {
        this.line = '';
        out += '^C\r\n' + this.prompt();
      } else if (ch === '\x04' && !this.line && this.state === 'shell') {
        out += 'logout\r\n' + this.logout();
      } else if (ch >= ' ') {
        this.line += ch;
        if (this.state !== 'password') out += ch;
      }
    }
    return out;
  }

  private get host(): string {
    return this.vmi.metadata.name ?? 'localhost';
  }

  private prompt(): string {
    if (this.state === 'login') return `${this.host} login: `;
    if (this.state === 'password') return 'Password: ';
    return this.user === 'root' ? `[root@${this.host} ~]# ` : `[${this.user}@${this.host} ~]$ `;
  }

  private logout(): string {
    this.state = 'login';
    this.user = '';
    return this.banner();
  }

  private enter(): string {
    const line = this.line;
    this.line = '';
    switch (this.state) {
      case 'login':
        if (!line.trim()) return '\r\n' + this.banner().slice(2);
        this.user = line.trim();
        this.state = 'password';
        return '\r\n' + this.prompt();
      case 'password':
        if (!line) {
          this.state = 'login';
          return '\r\n\r\nLogin incorrect\r\n' + this.prompt();
        }
        this.state = 'shell';
        return `\r\nLast login: ${new Date().toUTCString().replace(/ GMT$/, '')} on ttyS0\r\n${this.prompt()}`;
      case 'shell': {
        const command = line.trim();
        if (command === 'exit' || command === 'logout') return '\r\nlogout\r\n' + this.logout();
        const answer = this.run(command);
        return '\r\n' + (answer ? answer.replace(/\n/g, '\r\n') + '\r\n' : '') + this.prompt();
      }
    }
  }

  private run(command: string): string {
    const [name, ...args] = command.split(/\s+/);
    const ip = vmiStatus(this.vmi).interfaces?.[0]?.ipAddress ?? '10.0.2.2';
    const home = this.user === 'root' ? '/root' : `/home/${this.user}`;
    switch (name) {
      case '':
        return '';
      case 'hostname':
        return this.host;
      case 'whoami':
        return this.user;
      case 'id':
        return this.user === 'root' ? 'uid=0(root) gid=0(root) groups=0(root)' : `uid=1000(${this.user}) gid=1000(${this.user}) groups=1000(${this.user}),10(wheel)`;
      case 'pwd':
        return home;
      case 'echo':
        return args.join(' ');
      case 'date':
        return new Date().toUTCString().replace('GMT', 'UTC');
      case 'uname':
        if (args.includes('-a')) return `Linux ${this.host} ${this.os.kernelRelease} ${this.os.kernelVersion} ${this.os.machine} GNU/Linux`;
        if (args.includes('-r')) return this.os.kernelRelease;
        return 'Linux';
      case 'uptime':
        return ` ${new Date().toISOString().slice(11, 19)} up 12 min,  1 user,  load average: 0.00, 0.02, 0.01`;
      case 'cat':
        if (args[0] === '/etc/os-release') return `NAME="${this.os.name}"\nVERSION="${this.os.version}"\nID=${this.os.id}\nVERSION_ID=${this.os.versionId}\nPRETTY_NAME="${this.os.prettyName}"`;
        return args[0] ? `cat: ${args[0]}: No such file or directory` : '';
      case 'ls':
        return '';
      case 'ip':
        return `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n    inet 127.0.0.1/8 scope host lo\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc fq_codel state UP\n    inet ${ip}/24 brd ${ip.replace(/\d+$/, '255')} scope global dynamic eth0`;
      case 'clear':
        return '\x1b[H\x1b[2J';
      default:
        return `-bash: ${name}: command not found`;
    }
  }
}

export function installConsole(hooks: ClusterHooks): () => void {
  const { store } = hooks;
  const sockets = new Set<WebSocket>();
  hooks.addStream(SUBRESOURCE_GROUP, 'virtualmachineinstances', 'console', 'plain.kubevirt.io', (call) => {
    const vmi = store.get(VMIS, call.namespace, call.name);
    if (!vmi) throw notFound('virtualmachineinstance', 'kubevirt.io', call.name);
    if (vmiSpecOf(vmi).domain?.devices?.autoattachSerialConsole === false) throw badRequest('No serial consoles are present.');
    const phase = vmiStatus(vmi).phase;
    if (phase === 'Failed') throw conflict('virtualmachineinstance', 'kubevirt.io', call.name, 'VMI is in failed status');
    if (phase !== 'Running') throw badRequest('VMI is not running');
    return { code: 200 };
  }, (socket, call) => {
    const vmi = store.get(VMIS, call.namespace, call.name);
    if (!vmi) return socket.close(1011, 'VMI is gone');
    sockets.add(socket);
    attach(socket, store, vmi, () => sockets.delete(socket));
  });
  return () => {
    for (const socket of sockets) socket.close(1001, 'simulator stopping');
  };
}

/** Wires a session to a socket; the connection closes when the VMI stops running. */
function attach(socket: WebSocket, store: Store, vmi: KubeObject, done: () => void): void {
  const session = new SerialConsole(vmi);
  const send = (text: string) => text && socket.send(Buffer.from(text, 'utf8'), { binary: true });
  send(session.banner());
  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    send(session.input(bytes.toString('utf8')));
  });
  const unsubscribe = store.subscribe((change) => {
    if (change.resource !== VMIS || change.object.metadata.uid !== vmi.metadata.uid) return;
    if (change.type === 'DELETED' || vmiStatus(change.object).phase !== 'Running') socket.close(1000, 'VMI stopped');
  });
  socket.on('close', () => {
    unsubscribe();
    done();
  });
}
