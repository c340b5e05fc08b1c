// Turns for the pages of a fleet's first lists. Every cluster's lists share one link and the extension host's one
// thread, so the pages someone waits for go first. Each page has a rank, asked again at every turn:
// - `wanted`: its list has yet to reach a tenant expanded in its cluster. It goes at once.
// - `browsed`: its cluster is browsed (a tenant of it is expanded), but nobody waits for this page.
// - `idle`: nobody browses its cluster.
// The last two wait while a wanted page is awaited (`demand`). While someone browses, they go one at a time across
// the fleet, a browsed cluster's before the others', so that what the user looks at next (a change, another tenant)
// is not queued behind a burst of pages nobody waits for; while nobody browses, they go together. A held page asks
// again after each page and state change (`nudge`), and goes after `maxWaitMs` whatever happens: a slow cluster
// delays the others, it cannot stall them.

export type PageRank = 'wanted' | 'browsed' | 'idle';

interface Held {
  rank(): PageRank;
  retry(): void;
}

/** Called once the page has been fetched and taken in (or has failed): it frees the turn. */
export type PageDone = () => void;

export class ListPacer {
  private readonly held = new Set<Held>();
  /** Pages nobody waited for, in flight. */
  private unwanted = 0;

  constructor(
    private readonly demand: () => boolean,
    private readonly browsing: () => boolean,
    private readonly maxWaitMs = 2000,
  ) {}

  /** Resolves when a page may be asked for: at once if it is wanted. Rejects once `signal` aborts. */
  turn(rank: () => PageRank, signal: AbortSignal): Promise<PageDone> {
    const now = this.grant(rank());
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const release = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.held.delete(held);
      };
      const held: Held = {
        rank,
        retry: () => {
          const granted = this.grant(rank());
          if (!granted) return;
          release();
          resolve(granted);
        },
      };
      const onAbort = () => {
        release();
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        release();
        resolve(this.take());
      }, this.maxWaitMs);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.held.add(held);
    });
  }

  /** What is awaited may have changed (a page came, a cache failed, a tenant was expanded): held pages ask again. */
  nudge(): void {
    for (const held of [...this.held]) held.retry();
  }

  /** The page's turn if it may go now, else undefined; a wanted page takes no turn from the pages nobody waits for. */
  private grant(rank: PageRank): PageDone | undefined {
    if (rank === 'wanted') return () => undefined;
    return this.free(rank) ? this.take() : undefined;
  }

  private free(rank: Exclude<PageRank, 'wanted'>): boolean {
    if (this.demand()) return false;
    if (!this.browsing()) return true;
    if (this.unwanted > 0) return false;
    return rank === 'browsed' || ![...this.held].some((h) => h.rank() === 'browsed');
  }

  private take(): PageDone {
    this.unwanted++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.unwanted--;
      this.nudge();
    };
  }
}
