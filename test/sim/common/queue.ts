// A per-key work queue for simulated controllers: each key runs at most once per wake-up, after a delay,
// never synchronously inside a store listener (writing there would deliver changes out of order).

export class WorkQueue {
  private readonly pending = new Map<string, { due: number; cancel: () => void }>();
  private disposed = false;

  constructor(private readonly work: (key: string) => void, private readonly onError: (key: string, error: unknown) => void) {}

  /** Runs `work(key)` after `delayMs`; an earlier pending run of the same key is kept, a later one brought forward. */
  enqueue(key: string, delayMs: number): void {
    if (this.disposed) return;
    const due = Date.now() + delayMs;
    const current = this.pending.get(key);
    if (current && current.due <= due) return;
    current?.cancel();
    const run = () => {
      this.pending.delete(key);
      try {
        this.work(key);
      } catch (error) {
        this.onError(key, error);
      }
    };
    // setTimeout(0) waits at least 1 ms; a zero delay (tests) only needs to leave the current tick.
    if (delayMs > 0) {
      const timer = setTimeout(run, delayMs);
      this.pending.set(key, { due, cancel: () => clearTimeout(timer) });
    } else {
      const immediate = setImmediate(run);
      this.pending.set(key, { due, cancel: () => clearImmediate(immediate) });
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const { cancel } of this.pending.values()) cancel();
    this.pending.clear();
  }
}

export const splitKey = (key: string): [string, string] => {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
};
