// Text that goes into Markdown tooltips. Everything that comes from a server or a kubeconfig (names, messages,
// versions, images) is made inert first: no emphasis, code, links, images, raw HTML, autolinks or table breaks.

export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_~[\]<>|&]/g, (c) => `\\${c}`)
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`);
}

/** Inline code for a name: its content is literal, and a backtick in it cannot end the span. */
export function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;
}

/** A two-column Markdown table from label/value rows, values escaped, skipping rows without a value. */
export function markdownTable(rows: [string, string | undefined][]): string {
  const present = rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
  if (!present.length) return '';
  return ['| | |', '|:--|:--|', ...present.map(([k, v]) => `| ${k} | ${escapeMarkdown(v)} |`)].join('\n');
}

/** Text for a Markdown line or table cell, kept readable: only inline markup and pipes escaped, lines joined. */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}
