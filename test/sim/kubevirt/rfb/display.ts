// The simulated VM's screen: an 800×600 RGB framebuffer (ASCII only: the font has no other characters) showing a title bar with the VMI's name, a text console
// (the same getty and shell as the serial console, fed by key events) and a status line with the pointer. One
// display per VMI, shared by every VNC viewer and the screenshot route, so what one viewer types the next one sees.
import type { KubeObject } from '../../store';
import { SerialConsole } from '../console';
import { guestOsFor } from '../guest-os';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from './font';

export const SCREEN_WIDTH = 800;
export const SCREEN_HEIGHT = 600;
const SCALE = 2;
const CELL_WIDTH = GLYPH_WIDTH * SCALE + 2;
const CELL_HEIGHT = GLYPH_HEIGHT * SCALE + 2;
export const COLUMNS = Math.floor(SCREEN_WIDTH / CELL_WIDTH);
export const ROWS = Math.floor(SCREEN_HEIGHT / CELL_HEIGHT);
/** Screen rows 1 … ROWS-2 hold the console; row 0 is the title bar, the last row the status line. */
const CONSOLE_ROWS = ROWS - 2;

type Rgb = readonly [number, number, number];
const CONSOLE: { fg: Rgb; bg: Rgb } = { fg: [0xd0, 0xd0, 0xd0], bg: [0x10, 0x10, 0x10] };
const TITLE: { fg: Rgb; bg: Rgb } = { fg: [0xff, 0xff, 0xff], bg: [0x1f, 0x4e, 0x79] };
const STATUS: { fg: Rgb; bg: Rgb } = { fg: [0xe0, 0xe0, 0xe0], bg: [0x3a, 0x3a, 0x3a] };

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

// X11 keysyms (RFB KeyEvent): the ones the console reacts to.
const KEY = { backspace: 0xff08, tab: 0xff09, enter: 0xff0d, kpEnter: 0xff8d, delete: 0xffff, ctrlL: 0xffe3, ctrlR: 0xffe4, altL: 0xffe9, altR: 0xffea };
const BUTTONS = ['left', 'middle', 'right', 'wheel up', 'wheel down'];

export class Display {
  /** 3 bytes per pixel, rows top to bottom. */
  readonly pixels = new Uint8Array(SCREEN_WIDTH * SCREEN_HEIGHT * 3);
  private readonly lines: string[] = Array.from({ length: CONSOLE_ROWS }, () => '');
  private row = 0;
  private column = 0;
  private console: SerialConsole;
  private readonly held = new Set<number>();
  private status = 'Pointer: not moved yet';
  private readonly listeners = new Set<(rect: Rect) => void>();
  private escape = '';

  constructor(private readonly vmi: KubeObject) {
    this.console = new SerialConsole(vmi);
    this.fill({ x: 0, y: 0, width: SCREEN_WIDTH, height: SCREEN_HEIGHT }, CONSOLE.bg);
    this.drawRow(0, this.title(), TITLE);
    this.write(this.console.banner());
    this.drawStatus();
  }

  /** The screen as text, one string per character row (title, console lines, status). */
  text(): string[] {
    return [this.title(), ...this.lines.map((l) => l.trimEnd()), this.status];
  }

  /** Called with the area that changed, after every change. */
  onChange(listener: (rect: Rect) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** An RFB KeyEvent: printable keys and Enter/Backspace/Tab go to the console; Ctrl+letter sends a control character. */
  key(keysym: number, down: boolean): void {
    if (!down) {
      this.held.delete(keysym);
      return;
    }
    this.held.add(keysym);
    const ctrl = this.held.has(KEY.ctrlL) || this.held.has(KEY.ctrlR);
    const alt = this.held.has(KEY.altL) || this.held.has(KEY.altR);
    if (keysym === KEY.delete && ctrl && alt) return this.reboot();
    let input = '';
    if (keysym >= 0x20 && keysym <= 0x7e) {
      const char = String.fromCharCode(keysym);
      input = ctrl && /[a-z@[\\\]^_]/i.test(char) ? String.fromCharCode(char.toUpperCase().charCodeAt(0) & 0x1f) : char;
    } else if (keysym === KEY.enter || keysym === KEY.kpEnter) input = '\r';
    else if (keysym === KEY.backspace) input = '\x7f';
    else if (keysym === KEY.tab) input = '\t';
    if (input) this.type(input);
  }

  /** Text sent as keys (RFB ClientCutText pastes this way too). */
  type(text: string): void {
    this.write(this.console.input(text));
  }

  /** An RFB PointerEvent: shown on the status line. */
  pointer(x: number, y: number, buttonMask: number): void {
    const pressed = BUTTONS.filter((_, bit) => buttonMask & (1 << bit));
    this.status = `Pointer: ${x},${y}${pressed.length ? `, ${pressed.join(' + ')} button down` : ''}`;
    this.drawStatus();
  }

  private title(): string {
    return ` ${this.vmi.metadata.namespace}/${this.vmi.metadata.name} | ${guestOsFor(this.vmi).prettyName}`;
  }

  /** Ctrl+Alt+Del: the guest reboots to a fresh login prompt. */
  private reboot(): void {
    this.write('\r\n[  OK  ] Reached target reboot.target - System Reboot.\r\nreboot: Restarting system\r\n');
    this.console = new SerialConsole(this.vmi);
    this.write('\x1b[H\x1b[2J' + this.console.banner());
  }

  private drawStatus(): void {
    this.drawRow(ROWS - 1, ` ${this.status}`, STATUS);
    this.changed({ x: 0, y: (ROWS - 1) * CELL_HEIGHT, width: SCREEN_WIDTH, height: CELL_HEIGHT });
  }

  /** Terminal output: printable text, CR, LF, backspace, tab and the clear-screen sequence; other escapes are dropped. */
  private write(text: string): void {
    if (!text) return;
    let first = this.row;
    let last = this.row;
    let scrolled = false;
    for (const ch of text) {
      if (this.escape || ch === '\x1b') {
        this.escape += ch;
        if (this.escape === '\x1b[2J') {
          this.lines.fill('');
          scrolled = true;
        }
        if (this.escape === '\x1b[H') [this.row, this.column] = [0, 0];
        if (this.escape.length > 1 && /[A-Za-z]/.test(ch)) this.escape = '';
        continue;
      }
      if (ch === '\r') this.column = 0;
      else if (ch === '\n') scrolled = this.newLine() || scrolled;
      else if (ch === '\b') this.column = Math.max(0, this.column - 1);
      else if (ch === '\t') this.column = Math.min(COLUMNS - 1, (Math.floor(this.column / 8) + 1) * 8);
      else if (ch >= ' ') {
        if (this.column >= COLUMNS) {
          this.column = 0;
          scrolled = this.newLine() || scrolled;
        }
        const line = this.lines[this.row].padEnd(this.column);
        this.lines[this.row] = line.slice(0, this.column) + ch + line.slice(this.column + 1);
        this.column++;
      }
      first = Math.min(first, this.row);
      last = Math.max(last, this.row);
    }
    if (scrolled) [first, last] = [0, CONSOLE_ROWS - 1];
    for (let r = first; r <= last; r++) this.drawRow(r + 1, this.lines[r], CONSOLE, r === this.row ? this.column : undefined);
    this.changed({ x: 0, y: (first + 1) * CELL_HEIGHT, width: SCREEN_WIDTH, height: (last - first + 1) * CELL_HEIGHT });
  }

  /** Moves to the next line, scrolling at the bottom; returns whether it scrolled. */
  private newLine(): boolean {
    if (this.row < CONSOLE_ROWS - 1) {
      this.row++;
      return false;
    }
    this.lines.shift();
    this.lines.push('');
    return true;
  }

  private drawRow(row: number, text: string, colours: { fg: Rgb; bg: Rgb }, cursor?: number): void {
    const top = row * CELL_HEIGHT;
    this.fill({ x: 0, y: top, width: SCREEN_WIDTH, height: CELL_HEIGHT }, colours.bg);
    [...text.slice(0, COLUMNS)].forEach((ch, column) => {
      if (ch === ' ') return;
      glyphRows(ch).forEach((bits, gy) => {
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (bits & (1 << (GLYPH_WIDTH - 1 - gx))) this.fill({ x: column * CELL_WIDTH + 1 + gx * SCALE, y: top + 1 + gy * SCALE, width: SCALE, height: SCALE }, colours.fg);
        }
      });
    });
    if (cursor !== undefined && cursor < COLUMNS) this.fill({ x: cursor * CELL_WIDTH + 1, y: top + CELL_HEIGHT - 2, width: CELL_WIDTH - 2, height: 2 }, colours.fg);
  }

  private fill(rect: Rect, [r, g, b]: Rgb): void {
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      for (let x = rect.x, i = (y * SCREEN_WIDTH + x) * 3; x < rect.x + rect.width; x++, i += 3) {
        this.pixels[i] = r;
        this.pixels[i + 1] = g;
        this.pixels[i + 2] = b;
      }
    }
  }

  private changed(rect: Rect): void {
    for (const listener of this.listeners) listener(rect);
  }
}

/** The character grid geometry, for clients that read the screen back as text. */
export const CELL = { width: CELL_WIDTH, height: CELL_HEIGHT, scale: SCALE, columns: COLUMNS, rows: ROWS };
