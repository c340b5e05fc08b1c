// The Isolation Overview webview's script: renders the rows the extension host posts (never anything from a
// cluster directly) with @vscode-elements' table and buttons. Verdicts are words; colour only adds to them.
// Every text goes in through textContent or an attribute, never as HTML; the words come translated with the data.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import type { OverviewData, OverviewRow, OverviewWords } from '../model/guardrails/overview';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();

function el<K extends string>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

const verdictClass = (verdict: string | undefined) => `verdict ${verdict ?? 'none'}`;

function workloadCells(row: OverviewRow, words: OverviewWords): HTMLElement[] {
  const i = row.isolation;
  if (!i) return [el('vscode-table-cell', { title: row.isolationText }, words.unknown), el('vscode-table-cell', {}, ''), el('vscode-table-cell', {}, '')];
  const microvms = i.microvms.length ? i.microvms.map((m) => `${m.count} ${m.runtime}`).join(', ') : '0';
  return [
    el('vscode-table-cell', {}, String(i.containers + i.sandboxed), i.sandboxed ? el('span', { class: 'note' }, ` (${words.gvisor.replace('{0}', String(i.sandboxed))})`) : ''),
    el('vscode-table-cell', {}, microvms),
    el('vscode-table-cell', {}, String(i.vms)),
  ];
}

function render(data: OverviewData): void {
  const words = data.words;
  const root = document.getElementById('root')!;
  root.replaceChildren();
  root.append(
    el('div', { class: 'head' },
      el('h1', {}, words.heading),
      el('div', { class: 'actions' },
        el('vscode-button', { id: 'export-md', icon: 'markdown' }, words.exportMarkdown),
        el('vscode-button', { id: 'export-html', icon: 'file-code', secondary: '' }, words.exportHtml),
      ),
    ),
    el('p', { class: 'meta' }, data.note ?? words.meta),
  );
  if (!data.rows.length) return;
  const categories = words.categories;
  const c = words.columns;
  const columns = [c.tenant, c.guardrails, c.containers, c.microvms, c.vms, ...categories];
  const table = el('vscode-table', { 'zebra': '', 'bordered-columns': '', 'resizable': '' });
  (table as unknown as { columns: string[] }).columns = ['11%', '11%', '8%', '11%', '4%', ...categories.map(() => `${Math.floor(550 / categories.length) / 10}%`)];
  table.append(el('vscode-table-header', { slot: 'header' }, ...columns.map((c) => el('vscode-table-header-cell', {}, c))));
  const body = el('vscode-table-body', { slot: 'body' });
  for (const row of data.rows) {
    body.append(
      el('vscode-table-row', {},
        el('vscode-table-cell', { title: `${row.tenant} (${row.kind})` }, el('strong', {}, row.tenant), el('div', { class: 'note' }, row.kind)),
        el('vscode-table-cell', { title: row.detail }, el('span', { class: verdictClass(row.verdict) }, row.phrase)),
        ...workloadCells(row, words),
        ...row.cells.map((cell) =>
          el('vscode-table-cell', { title: cell.lines.join('\n') || words.doesNotApply },
            el('span', { class: verdictClass(cell.verdict) }, cell.verdict ? words.verdicts[cell.verdict] : words.notApplicable),
            cell.verdict && cell.verdict !== 'pass' ? el('div', { class: 'note' }, cell.words.replace(/^[^·]*· /, '')) : '',
          ),
        ),
      ),
    );
  }
  table.append(body);
  root.append(table, el('p', { class: 'legend' }, words.legend));
  document.getElementById('export-md')!.addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'markdown' }));
  document.getElementById('export-html')!.addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'html' }));
}

window.addEventListener('message', (event: MessageEvent<{ type: string; data: OverviewData }>) => {
  if (event.data?.type === 'data') render(event.data.data);
});
vscode.postMessage({ type: 'ready' });
