// What the guest agent says about a running VM (hostname, logged-in users, filesystems) for its tooltip. Read on
// the first hover (only where the agent is connected and the access review allows it), kept for a minute per VMI,
// and the row is redrawn when the answer arrives, so the next hover shows it. One read in flight per VMI; a
// failed read is not retried before the minute is up.
import type { Fleet } from '../cluster/fleet';
import { fetchGuestDetails } from '../cluster/guestAgent';
import type { GuestDetails } from '../model/guestDetails';

const TTL_MS = 60_000;

export class GuestInfo {
  private readonly known = new Map<string, { at: number; uid: string; details?: GuestDetails }>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly learned: (context: string, namespace: string, name: string) => void) {}

  /** The details read for this VMI (`uid`) within the last minute; otherwise starts reading them and says undefined. */
  get(fleet: Fleet, context: string, namespace: string, name: string, uid: string): GuestDetails | undefined {
    const key = `${context}\u0000${namespace}\u0000${name}`;
    const entry = this.known.get(key);
    if (entry && entry.uid === uid && Date.now() - entry.at < TTL_MS) return entry.details;
    if (this.inFlight.has(key)) return undefined;
    this.inFlight.add(key);
    fetchGuestDetails(fleet.http(context), namespace, name).then(
      (details) => this.known.set(key, { at: Date.now(), uid, details }),
      () => this.known.set(key, { at: Date.now(), uid }),
    ).finally(() => {
      this.inFlight.delete(key);
      this.learned(context, namespace, name);
    });
    return undefined;
  }

  clear(): void {
    this.known.clear();
  }
}
