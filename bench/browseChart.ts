// The browse bench's chart (media/readme/bench-browse.svg): each persona's session time, the Fleet beside
// kubectl-per-expand on one scale, labelled with the ratio, and the Fleet's request and memory figures below.

interface Side {
  sessionMs: number;
}
interface FleetSide extends Side {
  requestsPerClusterSync: number;
  requestsPerExpand: number;
  heapMBPer10k: number;
}
interface PersonaResult {
  fleet: FleetSide;
  kubectl: Side | string;
  ratio?: number;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function browseChart(results: Record<string, unknown>): string {
  const personas = (['admin', 'developer'] as const).map((p) => ({ name: p === 'admin' ? 'Administrator' : 'Tenant developer', r: results[p] as PersonaResult }));
  const max = Math.max(...personas.flatMap(({ r }) => [r.fleet.sessionMs, typeof r.kubectl === 'string' ? 0 : r.kubectl.sessionMs]));
  const width = 640;
  const barMax = 400;
  const rows: string[] = [];
  let y = 48;
  for (const { name, r } of personas) {
    rows.push(`<text x="16" y="${y}" font-weight="bold">${escape(name)}${r.ratio ? ` — Fleet ${r.ratio.toFixed(1)}× faster` : ''}</text>`);
    y += 10;
    const bars: [string, number | undefined, string][] = [
      ['Fleet (list+watch)', r.fleet.sessionMs, '#2e7d32'],
      ['kubectl per expand', typeof r.kubectl === 'string' ? undefined : r.kubectl.sessionMs, '#c62828'],
    ];
    for (const [label, ms, colour] of bars) {
      const w = ms === undefined ? 0 : Math.max(2, (ms / max) * barMax);
      rows.push(`<text x="16" y="${y + 15}">${label}</text>`);
      rows.push(`<rect x="170" y="${y + 3}" width="${w.toFixed(1)}" height="16" fill="${colour}"/>`);
      rows.push(`<text x="${(176 + w).toFixed(1)}" y="${y + 15}">${ms === undefined ? 'skipped (no kubectl)' : `${(ms / 1000).toFixed(1)} s`}</text>`);
      y += 22;
    }
    rows.push(`<text x="16" y="${y + 14}" fill="#555">${r.fleet.requestsPerClusterSync.toFixed(0)} requests per cluster sync · ${r.fleet.requestsPerExpand.toFixed(0)} per expand after sync · ${r.fleet.heapMBPer10k.toFixed(1)} MB heap per 10,000 cached objects</text>`);
    y += 40;
  }
  const scenario = results.scenario as { clusters: string; namespaces: string; objects: number };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="16" y="24" font-size="15" font-weight="bold">Browse session: ${scenario.clusters} clusters × ${scenario.namespaces} namespaces, ${scenario.objects.toLocaleString('en-US')} VMs and pods</text>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}
