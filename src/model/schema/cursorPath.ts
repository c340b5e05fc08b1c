// Where the cursor sits in a (possibly incomplete) YAML manifest, from indentation alone: the key path of the
// map it types into, whether it types a key or a value, and the document's kind. Works on text that does not
// parse yet, which is the normal state of a document being typed.

export interface CursorPath {
  kind?: string;
  /** Path of the map that holds the key being typed (sequence items as index 0). */
  path: (string | number)[];
  /** 'value': the cursor is after `key: `; 'key': it types or sits on a key. */
  at: 'key' | 'value';
  /** The key (being typed, hovered, or whose value is typed). */
  key: string;
  /** Columns the key occupies on its line. */
  keyStart: number;
  keyEnd: number;
}

const LINE = /^(\s*)((?:-\s+)*)("?[\w./-]*"?)(\s*:(?:\s|$))?/;

interface Line {
  /** Column of the first character that is not a space. */
  start: number;
  /** Column of the last `- ` on the line, if any. */
  dash?: number;
  key?: string;
  keyColumn: number;
  /** The key ends the line (`key:` with nothing but a comment, block indicator or anchor after it). */
  opens: boolean;
}

function parseLine(text: string): Line | undefined {
  if (!text.trim() || text.trim().startsWith('#')) return undefined;
  const m = LINE.exec(text) as RegExpExecArray;
  const start = m[1].length;
  const dashes = m[2];
  const dash = dashes ? start + dashes.lastIndexOf('-') : undefined;
  const keyColumn = start + dashes.length;
  const hasColon = m[4] !== undefined;
  const rest = text.slice(m[0].length).trim();
  const opens = hasColon && (rest === '' || rest.startsWith('#') || rest.startsWith('&') || /^[|>]/.test(rest));
  return { start, dash, key: hasColon && m[3] ? m[3].replace(/"/g, '') : undefined, keyColumn, opens };
}

/** The cursor path at (line, character) of `text` (zero-based), or undefined inside block scalars and flow. */
export function cursorPath(text: string, line: number, character: number): CursorPath | undefined {
  const lines = text.split(/\r?\n/);
  const { first, last } = documentBounds(lines, line);
  const current = lines[line] ?? '';
  const m = LINE.exec(current) as RegExpExecArray;
  const keyStart = m[1].length + m[2].length;
  const key = m[3].replace(/"/g, '');
  const keyEnd = keyStart + m[3].length;
  const colon = m[4] !== undefined ? current.indexOf(':', keyEnd) : -1;
  const at: CursorPath['at'] = colon !== -1 && character > colon ? 'value' : 'key';
  if (at === 'key' && (character < keyStart || character > keyEnd)) return undefined;
  if (at === 'value' && /\S\s/.test(current.slice(colon + 1, character))) return undefined;
  const path: (string | number)[] = [];
  let column = keyStart;
  let allowEqual = false;
  if (m[2]) {
    path.unshift(0);
    column = m[1].length + m[2].lastIndexOf('-');
    allowEqual = true;
  }
  for (let i = line - 1; i >= first && column > 0; i--) {
    const above = parseLine(lines[i]);
    if (!above || above.start > column) continue;
    const contentColumn = above.keyColumn;
    if (above.dash !== undefined && contentColumn === column && !allowEqual) {
      // A sibling key on the line that opens the sequence item this key belongs to.
      path.unshift(0);
      column = above.dash;
      allowEqual = true;
      continue;
    }
    if (above.opens && above.key && (contentColumn < column || (allowEqual && contentColumn === column))) {
      path.unshift(above.key);
      column = contentColumn;
      allowEqual = false;
      if (above.dash !== undefined) {
        path.unshift(0);
        column = above.dash;
        allowEqual = true;
      }
      continue;
    }
    if (above.start === column) continue;
    if (above.start < column) return undefined;
  }
  return { kind: kindOf(lines, first, last), path, at, key, keyStart, keyEnd };
}

function documentBounds(lines: string[], line: number): { first: number; last: number } {
  let first = line;
  while (first > 0 && !lines[first - 1].startsWith('---')) first--;
  let last = line;
  while (last + 1 < lines.length && !lines[last + 1].startsWith('---')) last++;
  return { first, last };
}

function kindOf(lines: string[], first: number, last: number): string | undefined {
  for (let i = first; i <= last; i++) {
    const m = /^kind:\s*["']?(\w+)/.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}
