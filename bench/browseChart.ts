// The browse bench's figures and its chart (media/readme/bench-browse.svg): for each backend and persona, the
// session time of the Fleet beside kubectl-per-expand on one scale, labelled with the ratio, and the Fleet's
// request and memory figures below (and, for the administrator, how soon an expanded cluster shows its tenants).

export interface FleetFigures {
  sessionMs: number;
  syncMs: number;
  requestsPerClusterSync: number;
  /** Sync requests naming one namespace: 0 when sync does not grow with the number of namespaces. */
  namespacedSyncRequests: number;
  requestsPerExpand: number;
  expandMsMedian: number;
  changeShownMs: number;
  cachedObjects: number;
  heapMBPer10k: number;
}

export interface KubectlFigures {
  sessionMs: number;
  processes: number;
  expandMsMedian: number;
  failed: number;
}

/** Expanding a reachable cluster until its tenants show, beside one `list namespaces` from a new client (medians). */
export interface TenantsFigures {
  expandMs: number;
  listNamespacesMs: number;
  ratio: number;
}

export interface PersonaResult {
  fleet: FleetFigures;
  /** Or why that side was skipped. */
  kubectl: KubectlFigures | string;
  /** Of the median sessions (the figures above are the median session of each side). */
  ratio?: number;
  /** Each session's own ratio, in the order run. */
  sessionRatios?: number[];
}

export interface BackendResult {
  backend: 'simulator' | 'real control plane';
  /** Each backend's figures come from a run of their own (`BENCH_BACKENDS`), so each names its size and machine. */
  scenario: { clusters: string; namespaces: string; vms: string; pods: string; objects: number };
  machine: { cpus: number; memoryGB: number; node: string };
  /** From starting the scenario's process to its clusters loaded and serving. */
  readySeconds: number;
  tenants?: TenantsFigures;
  admin?: PersonaResult;
  developer?: PersonaResult;
}

export interface BrowseResults {
  backends: BackendResult[];
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function browseChart(results: BrowseResults): string {
  const sections = results.backends.flatMap((b) => (['admin', 'developer'] as const).flatMap((p) => {
    const r = b[p];
    const size = `${b.scenario.clusters} clusters × ${b.scenario.namespaces} namespaces, ${b.scenario.objects.toLocaleString('en-US')} VMs and pods`;
    const tenants = p === 'admin' && b.tenants ? b.tenants : undefined;
    return r ? [{ title: `${p === 'admin' ? 'Administrator' : 'Tenant developer'}, ${b.backend} (${size})`, r, tenants }] : [];
  }));
  const kubectlMs = (r: PersonaResult) => (typeof r.kubectl === 'string' ? undefined : r.kubectl.sessionMs);
  const max = Math.max(...sections.flatMap(({ r }) => [r.fleet.sessionMs, kubectlMs(r) ?? 0]));
  const width = 780;
  const barMax = 400;
  const rows: string[] = [];
  let y = 48;
  for (const { title, r, tenants } of sections) {
    rows.push(`<text x="16" y="${y}" font-weight="bold">${escape(title)}${r.ratio ? ` — Fleet ${r.ratio.toFixed(1)}× faster` : ''}</text>`);
    y += 10;
    const bars: [string, number | undefined, string][] = [
      ['Fleet (list+watch)', r.fleet.sessionMs, '#2e7d32'],
      ['kubectl per expand', kubectlMs(r), '#c62828'],
    ];
    for (const [label, ms, colour] of bars) {
      const w = ms === undefined ? 0 : Math.max(2, (ms / max) * barMax);
      rows.push(`<text x="16" y="${y + 15}">${label}</text>`);
      rows.push(`<rect x="170" y="${y + 3}" width="${w.toFixed(1)}" height="16" fill="${colour}"/>`);
      rows.push(`<text x="${(176 + w).toFixed(1)}" y="${y + 15}">${ms === undefined ? 'skipped (no kubectl)' : `${(ms / 1000).toFixed(1)} s`}</text>`);
      y += 22;
    }
    rows.push(`<text x="16" y="${y + 14}" fill="#555">${r.fleet.requestsPerClusterSync.toFixed(0)} requests per cluster sync · ${r.fleet.requestsPerExpand.toFixed(0)} per expand after sync · ${r.fleet.heapMBPer10k.toFixed(1)} MB heap per 10,000 cached objects (${r.fleet.cachedObjects.toLocaleString('en-US')} cached)</text>`);
    if (r.sessionRatios && r.sessionRatios.length > 1) {
      y += 18;
      rows.push(`<text x="16" y="${y + 14}" fill="#555">Medians of ${r.sessionRatios.length} sessions; each session's ratio: ${r.sessionRatios.map((x) => `${x.toFixed(1)}×`).join(', ')}</text>`);
    }
    if (tenants) {
      y += 18;
      rows.push(`<text x="16" y="${y + 14}" fill="#555">Expanding a cluster: its tenants after ${tenants.expandMs.toFixed(0)} ms, ${tenants.ratio.toFixed(2)}× one list of namespaces from a new client (${tenants.listNamespacesMs.toFixed(0)} ms)</text>`);
    }
    y += 40;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="16" y="24" font-size="15" font-weight="bold">Browse session on the scale scenario: the Fleet beside kubectl per expand</text>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}
