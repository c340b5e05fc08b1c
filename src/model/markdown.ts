// Text that goes into Markdown tooltips: object names are safe, but condition messages and images are not.

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/** A two-column Markdown table from label/value rows, skipping rows without a value. */
export function markdownTable(rows: [string, string | undefined][]): string {
  const present = rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
  if (!present.length) return '';
  return ['| | |', '|:--|:--|', ...present.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

/** Text for a Markdown line or table cell, kept readable: only inline markup and pipes escaped, lines joined. */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}
