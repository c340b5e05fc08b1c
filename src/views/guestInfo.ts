// What the guest agent says about a running VM (hostname, logged-in users, filesystems) for its tooltip. Read on
// the first hover (only where the agent is connected and the access review allows it), which waits for the answer,
// and kept for a minute per VMI. One read in flight per VMI; a failed read is not retried before the minute is up.
import type { Fleet } from '../cluster/fleet';
import { fetchGuestDetails } from '../cluster/guestAgent';
import type { GuestDetails } from '../model/guestDetails';

const TTL_MS = 60_000;

export interface GuestTarget {
  context: string;
  namespace: string;
  name: string;
  /** The VMI's uid: a VMI started again is another guest. */
  uid: string;
}

export class GuestInfo {
  private readonly known = new Map<string, { at: number; uid: string; details?: GuestDetails }>();
  private readonly inFlight = new Map<string, Promise<void>>();

  /** The details read for this VMI within the last minute. */
  get(target: GuestTarget): GuestDetails | undefined {
    return this.fresh(target)?.details;
  }

  /** Reads the details unless they are known or being read; settles when they are (or the read failed). */
  read(fleet: Fleet, target: GuestTarget): Promise<void> {
    const key = keyOf(target);
    if (this.fresh(target)) return Promise.resolve();
    let reading = this.inFlight.get(key);
    if (!reading) {
      reading = fetchGuestDetails(fleet.http(target.context), target.namespace, target.name)
        .then(
          (details) => void this.known.set(key, { at: Date.now(), uid: target.uid, details }),
          () => void this.known.set(key, { at: Date.now(), uid: target.uid }),
        )
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, reading);
    }
    return reading;
  }

  clear(): void {
    this.known.clear();
  }

  private fresh(target: GuestTarget) {
    const entry = this.known.get(keyOf(target));
    return entry && entry.uid === target.uid && Date.now() - entry.at < TTL_MS ? entry : undefined;
  }
}

function keyOf(target: GuestTarget): string {
  return `${target.context}\u0000${target.namespace}\u0000${target.name}`;
}
