// What a wait makes of an object as it is now: not there yet (with a line of progress), or finished with a result.
// Pure verdicts, so the waits in src/cluster and any view over a shared cache judge alike.

export type Judgement<R> = { done: false; progress?: string } | { done: true; result: R };

/** How an operation ended: `ok`, or `failed` with the server's words (`gone`: the object was deleted meanwhile). */
export interface Ending {
  outcome: 'ok' | 'failed' | 'gone';
  message?: string;
}

export const pending = <R>(progress?: string): Judgement<R> => ({ done: false, ...(progress ? { progress } : {}) });
export const ended = (outcome: Ending['outcome'], message?: string): Judgement<Ending> => ({ done: true, result: { outcome, ...(message ? { message } : {}) } });
