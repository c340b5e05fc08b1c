// The server side of one RFB connection (RFC 6143) over a Display, as QEMU's VNC server answers behind virt-handler:
// version 3.3, 3.7 or 3.8, security type None, ServerInit with the display's size and 32-bit true colour, then
// SetPixelFormat, SetEncodings, FramebufferUpdateRequest (answered with Raw rectangles in the client's pixel format,
// an incremental request only once something changed), KeyEvent, PointerEvent and ClientCutText.
import type { Display, Rect } from './display';
import { SCREEN_HEIGHT, SCREEN_WIDTH } from './display';

export interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

/** QEMU's native format: 32 bits, depth 24, little-endian, red in bits 16–23. */
export const SERVER_FORMAT: PixelFormat = { bitsPerPixel: 32, depth: 24, bigEndian: false, trueColour: true, redMax: 255, greenMax: 255, blueMax: 255, redShift: 16, greenShift: 8, blueShift: 0 };

const SECURITY_NONE = 1;
const ENCODING_RAW = 0;

export function encodePixelFormat(pf: PixelFormat): Buffer {
  const out = Buffer.alloc(16);
  out.writeUInt8(pf.bitsPerPixel, 0);
  out.writeUInt8(pf.depth, 1);
  out.writeUInt8(pf.bigEndian ? 1 : 0, 2);
  out.writeUInt8(pf.trueColour ? 1 : 0, 3);
  out.writeUInt16BE(pf.redMax, 4);
  out.writeUInt16BE(pf.greenMax, 6);
  out.writeUInt16BE(pf.blueMax, 8);
  out.writeUInt8(pf.redShift, 10);
  out.writeUInt8(pf.greenShift, 11);
  out.writeUInt8(pf.blueShift, 12);
  return out;
}

export function decodePixelFormat(bytes: Buffer, offset = 0): PixelFormat {
  return {
    bitsPerPixel: bytes.readUInt8(offset),
    depth: bytes.readUInt8(offset + 1),
    bigEndian: bytes.readUInt8(offset + 2) !== 0,
    trueColour: bytes.readUInt8(offset + 3) !== 0,
    redMax: bytes.readUInt16BE(offset + 4),
    greenMax: bytes.readUInt16BE(offset + 6),
    blueMax: bytes.readUInt16BE(offset + 8),
    redShift: bytes.readUInt8(offset + 10),
    greenShift: bytes.readUInt8(offset + 11),
    blueShift: bytes.readUInt8(offset + 12),
  };
}

type State = 'version' | 'security' | 'init' | 'normal' | 'closed';

const union = (a: Rect | undefined, b: Rect): Rect => {
  if (!a) return { ...b };
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
};

const intersect = (a: Rect, b: Rect): Rect | undefined => {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const width = Math.min(a.x + a.width, b.x + b.width) - x;
  const height = Math.min(a.y + a.height, b.y + b.height) - y;
  return width > 0 && height > 0 ? { x, y, width, height } : undefined;
};

export class RfbServerSession {
  private state: State = 'version';
  private minor = 8;
  private input: Buffer = Buffer.alloc(0);
  private format = SERVER_FORMAT;
  /** What changed since the last update this client got. */
  private dirty: Rect | undefined;
  /** An incremental request waiting for a change. */
  private waiting: Rect | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly display: Display,
    private readonly desktopName: string,
    private readonly send: (bytes: Buffer) => void,
    private readonly close: (reason: string) => void,
  ) {
    this.unsubscribe = display.onChange((rect) => {
      this.dirty = union(this.dirty, rect);
      if (this.waiting) this.update(this.waiting, true);
    });
  }

  /** The server speaks first: its protocol version. */
  start(): void {
    this.send(Buffer.from('RFB 003.008\n', 'latin1'));
  }

  dispose(): void {
    this.state = 'closed';
    this.unsubscribe();
  }

  receive(bytes: Buffer): void {
    this.input = this.input.length ? Buffer.concat([this.input, bytes]) : bytes;
    while (this.state !== 'closed') {
      const used = this.step(this.input);
      if (used === 0) break;
      this.input = this.input.subarray(used);
    }
  }

  /** Handles one complete message at the start of `data`; returns the bytes it used, 0 when more are needed. */
  private step(data: Buffer): number {
    switch (this.state) {
      case 'version':
        return this.version(data);
      case 'security':
        return this.security(data);
      case 'init':
        return this.clientInit(data);
      case 'normal':
        return this.message(data);
      default:
        return 0;
    }
  }

  private version(data: Buffer): number {
    if (data.length < 12) return 0;
    const match = /^RFB (\d{3})\.(\d{3})\n$/.exec(data.subarray(0, 12).toString('latin1'));
    if (!match || match[1] !== '003') return this.fail('unsupported protocol version');
    // Minor versions other than 7 and 8 are treated as 3.3, as RFC 6143 §7.1.1 says.
    this.minor = Number(match[2]) >= 8 ? 8 : Number(match[2]) === 7 ? 7 : 3;
    if (this.minor === 3) {
      const type = Buffer.alloc(4);
      type.writeUInt32BE(SECURITY_NONE);
      this.send(type);
      this.state = 'init';
    } else {
      this.send(Buffer.from([1, SECURITY_NONE]));
      this.state = 'security';
    }
    return 12;
  }

  private security(data: Buffer): number {
    if (data.length < 1) return 0;
    const ok = data[0] === SECURITY_NONE;
    if (this.minor === 8) {
      const result = Buffer.alloc(4);
      result.writeUInt32BE(ok ? 0 : 1);
      const reason = Buffer.from('security type not offered', 'latin1');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(reason.length);
      this.send(ok ? result : Buffer.concat([result, length, reason]));
    }
    if (!ok) return this.fail('security type not offered');
    this.state = 'init';
    return 1;
  }

  private clientInit(data: Buffer): number {
    if (data.length < 1) return 0;
    const name = Buffer.from(this.desktopName, 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt16BE(SCREEN_WIDTH, 0);
    head.writeUInt16BE(SCREEN_HEIGHT, 2);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(name.length);
    this.send(Buffer.concat([head, encodePixelFormat(SERVER_FORMAT), length, name]));
    this.state = 'normal';
    return 1;
  }

  private message(data: Buffer): number {
    if (data.length < 1) return 0;
    switch (data[0]) {
      case 0: // SetPixelFormat
        if (data.length < 20) return 0;
        return this.setPixelFormat(decodePixelFormat(data, 4)) ? 20 : 0;
      case 2: { // SetEncodings: every client offers Raw, the only one used
        if (data.length < 4) return 0;
        const size = 4 + 4 * data.readUInt16BE(2);
        return data.length < size ? 0 : size;
      }
      case 3: // FramebufferUpdateRequest
        if (data.length < 10) return 0;
        this.request(data[1] !== 0, { x: data.readUInt16BE(2), y: data.readUInt16BE(4), width: data.readUInt16BE(6), height: data.readUInt16BE(8) });
        return 10;
      case 4: // KeyEvent
        if (data.length < 8) return 0;
        this.display.key(data.readUInt32BE(4), data[1] !== 0);
        return 8;
      case 5: // PointerEvent
        if (data.length < 6) return 0;
        this.display.pointer(data.readUInt16BE(2), data.readUInt16BE(4), data[1]);
        return 6;
      case 6: { // ClientCutText: pasted text is typed
        if (data.length < 8) return 0;
        const size = 8 + data.readUInt32BE(4);
        if (data.length < size) return 0;
        this.display.type(data.subarray(8, size).toString('latin1'));
        return size;
      }
      default:
        return this.fail(`unsupported client message type ${data[0]}`);
    }
  }

  private setPixelFormat(pf: PixelFormat): boolean {
    if (!pf.trueColour || ![8, 16, 32].includes(pf.bitsPerPixel)) {
      this.fail('only true-colour pixel formats of 8, 16 or 32 bits are supported');
      return false;
    }
    this.format = pf;
    return true;
  }

  private request(incremental: boolean, area: Rect): void {
    const screen = { x: 0, y: 0, width: SCREEN_WIDTH, height: SCREEN_HEIGHT };
    const wanted = intersect(area, screen);
    if (!wanted) return;
    this.update(wanted, incremental);
  }

  /** Sends the requested area (incremental: only what changed in it, or nothing yet and wait). */
  private update(area: Rect, incremental: boolean): void {
    const rect = incremental ? this.dirty && intersect(this.dirty, area) : area;
    if (!rect) {
      this.waiting = area;
      return;
    }
    this.waiting = undefined;
    this.dirty = undefined;
    const head = Buffer.alloc(4 + 12);
    head.writeUInt8(0, 0);
    head.writeUInt16BE(1, 2);
    head.writeUInt16BE(rect.x, 4);
    head.writeUInt16BE(rect.y, 6);
    head.writeUInt16BE(rect.width, 8);
    head.writeUInt16BE(rect.height, 10);
    head.writeInt32BE(ENCODING_RAW, 12);
    this.send(Buffer.concat([head, this.encodeRaw(rect)]));
  }

  private encodeRaw(rect: Rect): Buffer {
    const pf = this.format;
    const bytes = pf.bitsPerPixel / 8;
    const out = Buffer.alloc(rect.width * rect.height * bytes);
    const scale = (value: number, max: number) => Math.round((value * max) / 255);
    const pixels = this.display.pixels;
    let o = 0;
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      for (let x = rect.x, i = (y * SCREEN_WIDTH + x) * 3; x < rect.x + rect.width; x++, i += 3) {
        const value = ((scale(pixels[i], pf.redMax) << pf.redShift) | (scale(pixels[i + 1], pf.greenMax) << pf.greenShift) | (scale(pixels[i + 2], pf.blueMax) << pf.blueShift)) >>> 0;
        if (bytes === 4) {
          if (pf.bigEndian) out.writeUInt32BE(value, o);
          else out.writeUInt32LE(value, o);
        } else if (bytes === 2) {
          if (pf.bigEndian) out.writeUInt16BE(value & 0xffff, o);
          else out.writeUInt16LE(value & 0xffff, o);
        } else out.writeUInt8(value & 0xff, o);
        o += bytes;
      }
    }
    return out;
  }

  private fail(reason: string): number {
    this.dispose();
    this.close(reason);
    return 0;
  }
}
