// Running one action on many objects with bounded concurrency, and the summary shown afterwards.

export interface BulkFailure {
  name: string;
  message: string;
}

export interface BulkSummary {
  succeeded: string[];
  failed: BulkFailure[];
}

/** Settles `work` for every item, at most `concurrency` at a time; results keep the items' order. */
export async function settleBounded<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await work(items[index]) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

export function summarize<T>(items: readonly T[], results: readonly PromiseSettledResult<unknown>[], nameOf: (item: T) => string): BulkSummary {
  const summary: BulkSummary = { succeeded: [], failed: [] };
  results.forEach((result, i) => {
    const name = nameOf(items[i]);
    if (result.status === 'fulfilled') summary.succeeded.push(name);
    else summary.failed.push({ name, message: result.reason instanceof Error ? result.reason.message : String(result.reason) });
  });
  return summary;
}
