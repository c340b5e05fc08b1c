// Turns for the pages of a fleet's first lists. Every cluster's lists share one link and the extension host's one
// thread, so while a cluster someone browses (a tenant was expanded there) is still listing (`demand`), the pages of
// the clusters nobody browses hold back; a browsed cluster's pages (`wanted`) always go at once. A held page goes
// once nothing is awaited (`nudge` asks again after each page and state change), and after `maxWaitMs` whatever
// happens: a slow cluster delays the others, it cannot stall them.

interface Held {
  retry(): void;
}

export class ListPacer {
  private readonly held = new Set<Held>();

  constructor(
    private readonly demand: () => boolean,
    private readonly maxWaitMs = 2000,
  ) {}

  /** Resolves when a page may be asked for: at once if `wanted()` or nothing is awaited. Rejects once `signal` aborts. */
  turn(wanted: () => boolean, signal: AbortSignal): Promise<void> {
    if (wanted() || !this.demand()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const release = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.held.delete(held);
      };
      const held: Held = {
        retry: () => {
          if (!wanted() && this.demand()) return;
          release();
          resolve();
        },
      };
      const onAbort = () => {
        release();
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        release();
        resolve();
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
}
