// Local and real uids. The simulation's controllers create objects in the replica's Store, which gives them uids
// of its own; once kube-apiserver has created an object, its real uid is known. Uids are unique strings, so an
// object is translated by rewriting every string (and map key) that is, or embeds, a known uid — labels such as
// `kubevirt.io/created-by`, owner references, `activePods` keys, event messages. A local uid whose object is
// still being created has no real one yet: what names it waits.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

export class UidMap {
  private readonly toReal = new Map<string, string>();
  private readonly toLocal = new Map<string, string>();
  /** Local uids of objects whose create has not been answered yet. */
  private readonly waiting = new Set<string>();

  creating(localUid: string): void {
    this.waiting.add(localUid);
  }

  created(localUid: string, realUid: string): void {
    this.waiting.delete(localUid);
    if (localUid === realUid) return;
    this.toReal.set(localUid, realUid);
    this.toLocal.set(realUid, localUid);
  }

  /** The create failed for good: nothing will ever name this uid on the server. */
  abandoned(localUid: string): void {
    this.waiting.delete(localUid);
  }

  /** True when `value` names a uid whose real counterpart is still unknown. */
  blocked(value: unknown): boolean {
    if (!this.waiting.size || value === undefined) return false;
    for (const uid of JSON.stringify(value).match(UUID) ?? []) if (this.waiting.has(uid)) return true;
    return false;
  }

  /** The paths (keys, arrays whole) of `value` that name a uid whose real counterpart is still unknown. */
  blockedPaths(value: unknown, at: string[] = [], out: string[][] = []): string[][] {
    if (!this.waiting.size) return out;
    const names = (s: string) => this.waiting.has(s) || (s.length > 36 && (s.match(UUID) ?? []).some((uid) => this.waiting.has(uid)));
    if (typeof value === 'string') {
      if (names(value)) out.push(at);
    } else if (Array.isArray(value)) {
      if (this.blocked(value)) out.push(at);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (names(k)) out.push([...at, k]);
        else this.blockedPaths(v, [...at, k], out);
      }
    }
    return out;
  }

  toServer<T>(value: T): T {
    return this.rewrite(value, this.toReal);
  }

  fromServer<T>(value: T): T {
    return this.rewrite(value, this.toLocal);
  }

  private rewrite<T>(value: T, map: Map<string, string>): T {
    if (!map.size) return value;
    const text = (s: string) => map.get(s) ?? (s.length > 36 ? s.replace(UUID, (uid) => map.get(uid) ?? uid) : s);
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return text(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), walk(x)]));
      return v;
    };
    return walk(value) as T;
  }
}
