// Follows one resource of a real kube-apiserver, cluster-wide, the way an informer does: list, then watch from the
// list's resourceVersion; a watch that ends is resumed from the last version seen, a 410 Gone relists, errors
// retry with backoff.
import type { ResourceDef } from '../../sim/resources';
import type { KubeObject } from '../../sim/store';
import type { RestClient } from '../rest';

export interface FollowSink {
  /** A full list: every object the resource has now (objects not in it are gone). */
  listed(items: KubeObject[]): void;
  changed(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void;
}

/** Objects per list page, as client-go's informers ask. */
const PAGE = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Follower {
  private stopped = false;
  private close: (() => void) | undefined;
  /** Settles after the first list. */
  readonly synced: Promise<void>;
  private markSynced!: () => void;

  constructor(private readonly client: RestClient, readonly def: ResourceDef, private readonly sink: FollowSink, private readonly onError: (message: string) => void) {
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.close?.();
  }

  /**
   * Every object, in pages as informers list: an unpaged list of thousands can outlast kube-apiserver's request
   * timeout (60 s) while this process is busy, and is then cut ("socket hang up").
   */
  private async list(path: string): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const items: KubeObject[] = [];
    let resourceVersion = '';
    let page: string | undefined;
    do {
      const response = await this.client.get(`${path}?limit=${PAGE}${page ? `&continue=${encodeURIComponent(page)}` : ''}`);
      if (response.status !== 200) throw new Error(`list ${path}: ${response.status} ${response.text.slice(0, 200)}`);
      const body = response.json<{ metadata: { resourceVersion: string; continue?: string }; items: KubeObject[] }>();
      items.push(...body.items);
      resourceVersion ||= body.metadata.resourceVersion;
      page = body.metadata.continue || undefined;
    } while (page && !this.stopped);
    return { items, resourceVersion };
  }

  private async run(): Promise<void> {
    const path = `${this.def.group ? `/apis/${this.def.group}` : '/api'}/${this.def.version}/${this.def.resource}`;
    const kind = { apiVersion: this.def.group ? `${this.def.group}/${this.def.version}` : this.def.version, kind: this.def.kind };
    let resourceVersion: string | undefined;
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!resourceVersion) {
          const listed = await this.list(path);
          if (this.stopped) return;
          this.sink.listed(listed.items.map((item) => ({ ...kind, ...item })));
          resourceVersion = listed.resourceVersion;
          this.markSynced();
        }
        const stream = await this.client.watch(`${path}?watch=1&allowWatchBookmarks=true&resourceVersion=${resourceVersion}`);
        if (!('consume' in stream)) {
          if (stream.status === 410) resourceVersion = undefined;
          else throw new Error(`watch ${path}: ${stream.status} ${stream.text.slice(0, 200)}`);
          continue;
        }
        this.close = () => stream.close();
        if (this.stopped) return stream.close();
        await stream.consume((event) => {
          const object = event.object as KubeObject;
          if (event.type === 'ERROR') {
            // Expired: relist. Anything else ends this watch; it resumes from the last version.
            if ((event.object as { code?: number }).code === 410) resourceVersion = undefined;
            return stream.close();
          }
          if (object?.metadata?.resourceVersion) resourceVersion = object.metadata.resourceVersion;
          if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') this.sink.changed(event.type, { ...kind, ...object });
        });
        failures = 0;
      } catch (error) {
        if (this.stopped) return;
        failures++;
        this.onError(`${this.def.resource}: ${(error as Error).message}`);
        await sleep(Math.min(5000, 100 * 2 ** failures));
      }
    }
  }
}
